import { describe, expect, it } from 'vitest';
import { SseBroadcast } from '../../../server/api/sseBroadcast';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('SseBroadcast: the events of one turn go out as one chunk, in order', () => {
  it('joins the events pushed in one turn into one chunk, and sends nothing for an empty turn', async () => {
    const chunks: string[] = [];
    const broadcast = new SseBroadcast((chunk) => chunks.push(chunk.toString('utf8')));
    broadcast.push('event: fridge\ndata: {"id":"a"}\n\n');
    broadcast.push('event: fridge-removed\ndata: {"id":"a"}\n\n');
    expect(chunks).toEqual([]);
    await nextTurn();
    expect(chunks).toEqual([
      'event: fridge\ndata: {"id":"a"}\n\nevent: fridge-removed\ndata: {"id":"a"}\n\n',
    ]);
    await nextTurn();
    expect(chunks).toHaveLength(1);
    broadcast.push('event: alert\ndata: {}\n\n');
    await nextTurn();
    expect(chunks).toHaveLength(2);
  });

  it('sends UTF-8 bytes, and stop() drops what waits', async () => {
    const chunks: Buffer[] = [];
    const broadcast = new SseBroadcast((chunk) => chunks.push(chunk));
    broadcast.push('data: "Kühlschrank"\n\n');
    broadcast.flush();
    expect(chunks[0]?.toString('utf8')).toBe('data: "Kühlschrank"\n\n');
    expect(chunks[0]?.byteLength).toBe(Buffer.byteLength('data: "Kühlschrank"\n\n'));
    broadcast.push('data: late\n\n');
    broadcast.stop();
    await nextTurn();
    expect(chunks).toHaveLength(1);
  });
});
