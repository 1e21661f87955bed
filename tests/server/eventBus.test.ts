import { describe, expect, it } from 'vitest';
import { type BusEvents, type BusLogger, EventBus } from '../../server/eventBus';

interface LoggedError {
  obj: Record<string, unknown>;
  msg: string;
}

function recordingLogger(): BusLogger & { errors: LoggedError[] } {
  const errors: LoggedError[] = [];
  return { errors, error: (obj, msg) => errors.push({ obj: obj as Record<string, unknown>, msg }) };
}

const refused: BusEvents['readingRefused'] = {
  topic: 'fridges/elm-st/humidity',
  reason: 'unknown-topic',
  detail: 'topic: not in the contract',
  clientId: 'scale-1',
};

describe('EventBus', () => {
  it('delivers the payload to every listener of the event, in subscription order', () => {
    const bus = new EventBus(recordingLogger());
    const seen: string[] = [];
    bus.on('readingRefused', 'health', (e) => seen.push(`health:${e.reason}`));
    bus.on('readingRefused', 'audit', (e) => seen.push(`audit:${e.topic}`));
    bus.emit('readingRefused', refused);
    expect(seen).toEqual(['health:unknown-topic', 'audit:fridges/elm-st/humidity']);
  });

  it('delivers only to listeners of the emitted event', () => {
    const bus = new EventBus(recordingLogger());
    const seen: string[] = [];
    bus.on('deviceConnected', 'presence', (e) => seen.push(`connected:${e.deviceId}`));
    bus.on('deviceDisconnected', 'presence', (e) => seen.push(`disconnected:${e.deviceId}`));
    bus.emit('deviceDisconnected', { deviceId: 'scale-1', fridgeId: 'elm-st' });
    expect(seen).toEqual(['disconnected:scale-1']);
    expect(() => bus.emit('fridgeRemoved', { fridgeId: 'elm-st' })).not.toThrow();
  });

  it('logs a throwing listener with its feature’s name and still runs the others', () => {
    const logger = recordingLogger();
    const bus = new EventBus(logger);
    const failure = new Error('mail server down');
    const seen: string[] = [];
    bus.on('deviceRevoked', 'before', () => seen.push('before'));
    bus.on('deviceRevoked', 'alerts', () => {
      throw failure;
    });
    bus.on('deviceRevoked', 'after', () => seen.push('after'));
    expect(() => bus.emit('deviceRevoked', { deviceId: 'scale-1', fridgeId: 'elm-st' })).not.toThrow();
    expect(seen).toEqual(['before', 'after']);
    expect(logger.errors).toHaveLength(1);
    expect(logger.errors[0]?.obj).toMatchObject({ err: failure, feature: 'alerts', event: 'deviceRevoked' });
    expect(logger.errors[0]?.msg).toContain('alerts');
    expect(logger.errors[0]?.msg).toContain('deviceRevoked');
  });

  it('keeps delivering to a listener after it has thrown once', () => {
    const logger = recordingLogger();
    const bus = new EventBus(logger);
    let calls = 0;
    bus.on('fridgeRemoved', 'flaky', () => {
      calls += 1;
      if (calls === 1) throw new Error('first time only');
    });
    bus.emit('fridgeRemoved', { fridgeId: 'a' });
    bus.emit('fridgeRemoved', { fridgeId: 'b' });
    expect(calls).toBe(2);
    expect(logger.errors).toHaveLength(1);
  });

  it('stops delivering to a listener once unsubscribed, leaving the others', () => {
    const bus = new EventBus(recordingLogger());
    const seen: string[] = [];
    const stopA = bus.on('fridgeRemoved', 'a', (e) => seen.push(`a:${e.fridgeId}`));
    bus.on('fridgeRemoved', 'b', (e) => seen.push(`b:${e.fridgeId}`));
    bus.emit('fridgeRemoved', { fridgeId: 'one' });
    stopA();
    bus.emit('fridgeRemoved', { fridgeId: 'two' });
    expect(seen).toEqual(['a:one', 'b:one', 'b:two']);
  });

  it('counts listeners, and an unsubscribe called twice removes only its own', () => {
    const bus = new EventBus(recordingLogger());
    const listener = () => {};
    const stopFirst = bus.on('deviceRegistered', 'catalog', listener);
    bus.on('deviceRegistered', 'presence', listener);
    bus.on('deviceConnected', 'presence', listener);
    expect(bus.listenerCount()).toBe(3);
    stopFirst();
    stopFirst();
    expect(bus.listenerCount()).toBe(2);
    let calls = 0;
    bus.on('deviceRegistered', 'counter', () => {
      calls += 1;
    });
    bus.emit('deviceRegistered', { deviceId: 'd', fridgeId: 'f' });
    expect(calls).toBe(1);
  });

  it('delivers an emit to the listeners there when it began, whatever they subscribe meanwhile', () => {
    const bus = new EventBus(recordingLogger());
    const seen: string[] = [];
    let stopB = () => {};
    bus.on('fridgeRemoved', 'a', (e) => {
      seen.push(`a:${e.fridgeId}`);
      if (e.fridgeId === 'one') {
        stopB();
        bus.on('fridgeRemoved', 'c', (later) => seen.push(`c:${later.fridgeId}`));
      }
    });
    stopB = bus.on('fridgeRemoved', 'b', (e) => seen.push(`b:${e.fridgeId}`));
    bus.emit('fridgeRemoved', { fridgeId: 'one' });
    bus.emit('fridgeRemoved', { fridgeId: 'two' });
    expect(seen).toEqual(['a:one', 'b:one', 'a:two', 'c:two']);
  });

  it('treats the same function subscribed twice as two subscriptions', () => {
    const bus = new EventBus(recordingLogger());
    let calls = 0;
    const count = () => {
      calls += 1;
    };
    const stop = bus.on('fridgeRemoved', 'a', count);
    bus.on('fridgeRemoved', 'b', count);
    bus.emit('fridgeRemoved', { fridgeId: 'x' });
    expect(calls).toBe(2);
    stop();
    bus.emit('fridgeRemoved', { fridgeId: 'x' });
    expect(calls).toBe(3);
  });
});
