/**
 * One term's postings: entry slots and their packed per-field counts, in two growable Int32Arrays. Typed arrays
 * rather than JS arrays because at 100,000 passages there are about ten million postings, and an Int32Array holds
 * each in 4 bytes where a JS array of small integers takes 8.
 */
export class PostingList {
  slots = new Int32Array(4);
  counts = new Int32Array(4);
  length = 0;

  push(slot: number, packed: number): void {
    if (this.length === this.slots.length) {
      const size = this.length * 2;
      const slots = new Int32Array(size);
      slots.set(this.slots);
      this.slots = slots;
      const counts = new Int32Array(size);
      counts.set(this.counts);
      this.counts = counts;
    }
    this.slots[this.length] = slot;
    this.counts[this.length] = packed;
    this.length++;
  }

  /** Removes the slot's posting by moving the last one into its place: order does not matter to scoring. */
  delete(slot: number): void {
    const at = this.slots.subarray(0, this.length).lastIndexOf(slot);
    if (at < 0) return;
    this.length--;
    this.slots[at] = this.slots[this.length]!;
    this.counts[at] = this.counts[this.length]!;
  }
}
