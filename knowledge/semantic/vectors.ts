import { normalize, VectorStore } from '../index/index.ts';

/**
 * Cloud-embedding vectors by passage, over the ranker's VectorStore (unit vectors, dot-product search, an inverted
 * file once it is large): this keeps the passage and document ids the store's slots stand for.
 */
export class VectorIndex {
  #store: VectorStore | undefined;
  readonly #slotsOf = new Map<string, number[]>();
  readonly #passageAt: (string | undefined)[] = [];
  readonly #documentAt: string[] = [];
  readonly #free: number[] = [];

  get size(): number {
    let n = 0;
    for (const slots of this.#slotsOf.values()) n += slots.length;
    return n;
  }

  has(documentId: string): boolean {
    return this.#slotsOf.has(documentId);
  }

  set(documentId: string, vectors: readonly { passageId: string; vector: Float32Array }[]): void {
    this.remove(documentId);
    const slots: number[] = [];
    for (const { passageId, vector } of vectors) {
      const unit = Float32Array.from(vector);
      if (!normalize(unit)) continue;
      this.#store ??= new VectorStore(unit.length);
      if (unit.length !== this.#store.dimensions) continue; // another model's vector: never comparable
      const slot = this.#free.pop() ?? this.#passageAt.length;
      this.#store.set(slot, unit);
      this.#passageAt[slot] = passageId;
      this.#documentAt[slot] = documentId;
      slots.push(slot);
    }
    this.#slotsOf.set(documentId, slots);
  }

  remove(documentId: string): void {
    for (const slot of this.#slotsOf.get(documentId) ?? []) {
      this.#store?.delete(slot);
      this.#passageAt[slot] = undefined;
      this.#free.push(slot);
    }
    this.#slotsOf.delete(documentId);
  }

  /** The `k` passages most similar to `query` among documents `accept` admits, best first. */
  nearest(query: Float32Array, k: number, accept: (documentId: string) => boolean): { passageId: string; documentId: string; similarity: number }[] {
    const unit = Float32Array.from(query);
    if (!this.#store || unit.length !== this.#store.dimensions || !normalize(unit)) return [];
    return this.#store
      .nearest(unit, k, (slot) => accept(this.#documentAt[slot]!))
      .map((n) => ({ passageId: this.#passageAt[n.slot]!, documentId: this.#documentAt[n.slot]!, similarity: n.similarity }));
  }
}

export function toBytes(vector: Float32Array): Buffer {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((v, i) => bytes.writeFloatLE(v, i * 4));
  return bytes;
}

export function fromBytes(bytes: Uint8Array): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Float32Array.from({ length: bytes.byteLength / 4 }, (_, i) => view.getFloat32(i * 4, true));
}
