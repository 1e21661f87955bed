import { describe, expect, it } from 'vitest';
import { retainedBytes } from '../../broker/retainedBytes';

describe('retainedBytes', () => {
  it('holds the UTF-8 bytes Buffer.from would, multi-byte characters included', () => {
    for (const payload of ['', '{"id":"f1"}', '{"name":"Kühlschrank am Markt ❄","note":"🍎 größer"}']) {
      expect(retainedBytes(payload).equals(Buffer.from(payload, 'utf8'))).toBe(true);
      expect(retainedBytes(payload).toString('utf8')).toBe(payload);
    }
  });

  it('owns its memory: no slice of the shared pool a kept payload would hold alive', () => {
    const first = retainedBytes('{"id":"f1","stock":{"kg":12.5}}');
    const second = retainedBytes('{"id":"f2","stock":{"kg":3}}');
    // A pooled Buffer.from of a short string is a view into an 8 kB ArrayBuffer shared with others.
    const pooled = Buffer.from('{"id":"f1","stock":{"kg":12.5}}');
    expect(pooled.buffer.byteLength).toBeGreaterThan(pooled.length);
    for (const bytes of [first, second]) {
      expect(bytes.byteOffset).toBe(0);
      expect(bytes.buffer.byteLength).toBe(bytes.length);
    }
    expect(first.buffer).not.toBe(second.buffer);
  });
});
