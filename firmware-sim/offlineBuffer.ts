/**
 * The device's outgoing queue: readings wait here while the device is offline (and while the
 * in-flight window is full). Bounded like a microcontroller's RAM: when full, the oldest reading
 * is dropped and counted, because the newest readings matter most to a stock estimate.
 * A ring buffer, so pushing and taking are O(1) even at 10,000 entries.
 */
export class OfflineBuffer<T> {
  private readonly slots: Array<T | undefined>;
  private head = 0;
  private length = 0;
  private droppedCount = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('capacity: must be a positive integer');
    this.slots = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.length;
  }

  /** How many of the oldest entries were dropped because the buffer was full. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Appends; when full, drops the oldest entry first. */
  push(item: T): void {
    if (this.length === this.capacity) {
      this.slots[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
      this.length -= 1;
      this.droppedCount += 1;
    }
    this.slots[(this.head + this.length) % this.capacity] = item;
    this.length += 1;
  }

  /** Puts an entry back in front (a send that failed); when full, the newcomer is the one dropped. */
  unshift(item: T): void {
    if (this.length === this.capacity) {
      this.droppedCount += 1;
      return;
    }
    this.head = (this.head - 1 + this.capacity) % this.capacity;
    this.slots[this.head] = item;
    this.length += 1;
  }

  /** Removes and returns the oldest entry. */
  shift(): T | undefined {
    if (this.length === 0) return undefined;
    const item = this.slots[this.head];
    this.slots[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.length -= 1;
    return item;
  }

  /** Empties the buffer and returns how many entries it held. */
  clear(): number {
    const count = this.length;
    this.slots.fill(undefined);
    this.head = 0;
    this.length = 0;
    return count;
  }
}
