/** MQTT 3.1.1 control packet types (§2.2.1) the tests' brokers and proxy look at. */
export const PACKET = {
  CONNECT: 1,
  PUBLISH: 3,
  PUBACK: 4,
  SUBSCRIBE: 8,
  UNSUBSCRIBE: 10,
  PINGREQ: 12,
} as const;

/**
 * Cuts a TCP byte stream into MQTT packets (fixed header, remaining length, §2.2.3) and hands each
 * to `onPacket` with its type, its flags and its body; feed it every chunk as it comes.
 */
export function packetReader(
  onPacket: (type: number, flags: number, body: Buffer) => void,
): (chunk: Buffer) => void {
  let buffered = Buffer.alloc(0);
  return (chunk) => {
    buffered = Buffer.concat([buffered, chunk]);
    for (;;) {
      let length = 0;
      let multiplier = 1;
      let at = 1;
      let complete = false;
      while (at < buffered.length) {
        const digit = buffered[at] as number;
        length += (digit & 0x7f) * multiplier;
        multiplier *= 128;
        at += 1;
        if ((digit & 0x80) === 0) {
          complete = true;
          break;
        }
      }
      if (!complete || buffered.length < at + length) return;
      const first = buffered[0] as number;
      onPacket(first >> 4, first & 0x0f, buffered.subarray(at, at + length));
      buffered = buffered.subarray(at + length);
    }
  };
}

/** A QoS 1 PUBLISH's packet id: after the topic (§3.3.2.2). */
export function publishPacketId(body: Buffer): number {
  return body.readUInt16BE(2 + body.readUInt16BE(0));
}

/** One packet: first byte, remaining length, body. */
export function framePacket(firstByte: number, body: Buffer): Buffer {
  const length: number[] = [];
  let rest = body.length;
  do {
    let digit = rest % 128;
    rest = Math.floor(rest / 128);
    if (rest > 0) digit |= 0x80;
    length.push(digit);
  } while (rest > 0);
  return Buffer.concat([Buffer.from([firstByte, ...length]), body]);
}
