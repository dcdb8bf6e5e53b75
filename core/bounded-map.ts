/**
 * A Map that holds at most `capacity` entries: setting a new key when full drops the oldest one (deleting a key
 * before setting it again makes it the newest, for a least-recently-used cache). For caches where a miss only costs
 * a lookup: verified tokens, started conversations, delivery routes, bot state.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(readonly capacity: number) {
    super();
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
  }

  override set(key: K, value: V): this {
    if (!this.has(key) && this.size >= this.capacity) this.delete(this.keys().next().value as K);
    return super.set(key, value);
  }
}
