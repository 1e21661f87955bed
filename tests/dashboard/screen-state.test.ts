import { describe, expect, it } from 'vitest';
import { fridgeUpdatedAt } from '../../dashboard/src/format';
import { screenFreshness } from '../../dashboard/src/screen-state';
import { makeFridge } from './fixtures';

describe('screenFreshness', () => {
  const heard = '2025-06-01T11:58:00.000Z';
  const online = makeFridge({ online: true, lastSeen: heard });

  it('shows the figures as current only while the feed is live and the sensors report', () => {
    expect(screenFreshness(online, 'live')).toEqual({ state: 'live' });
    expect(screenFreshness(online, 'connecting')).toEqual({ state: 'live' });
  });

  it('says "Reconnecting…" whenever the feed is lost, whatever the fridge last said', () => {
    expect(screenFreshness(online, 'reconnecting')).toEqual({ state: 'reconnecting' });
  });

  it('says since when nothing was heard once the devices are offline or the sensor is silent', () => {
    const offline = { ...online, online: false };
    expect(screenFreshness(offline, 'live')).toEqual({ state: 'silent', lastAt: fridgeUpdatedAt(offline) });
    expect(fridgeUpdatedAt(offline)).not.toBeNull();
    const silent = makeFridge({
      online: true,
      lastSeen: heard,
      temperature: { ...online.temperature, status: 'unknown', since: '2025-06-01T12:10:00.000Z' },
    });
    expect(screenFreshness(silent, 'live')).toMatchObject({ state: 'silent' });
    expect(screenFreshness(makeFridge({ online: false, lastSeen: null }), 'live')).toMatchObject({
      state: 'silent',
    });
  });
});
