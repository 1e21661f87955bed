/**
 * A retained message's payload as bytes of its own. `Buffer.from` cuts a short string's bytes
 * from Node's shared 8 kB pool, and the broker keeps a retained payload until the topic's next
 * message: at 10,000 fridges each live `state` payload (about 1.3 kB) held a whole pool slab, and
 * whatever else was cut from it, alive. Array buffers came to 64 MB for 13 MB of statuses
 * (bench/listenerCost.ts, docs/scaling.md "Seventh round").
 */
export function retainedBytes(payload: string): Buffer {
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(payload, 'utf8'));
  bytes.write(payload, 'utf8');
  return bytes;
}
