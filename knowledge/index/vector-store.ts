/**
 * Passage vectors and nearest-neighbour search by cosine (vectors are unit length, so a dot product).
 *
 * Below IVF_MIN vectors every vector is scored (0.2 ms at 2,000). Above it an inverted-file index (IVF, as in FAISS):
 * k-means centroids partition the vectors, and a query scores only the vectors of its NPROBE nearest lists, which
 * keeps a query near half a millisecond at 100,000 passages. Centroids are trained once the store passes IVF_MIN and
 * again each time it has grown GROWTH-fold since, so training cost is amortised over upserts (a few seconds in all
 * for 100,000); between trainings new vectors join their nearest list. Results are candidates for the fused ranking,
 * which rescores them exactly, so an approximate neighbour list costs little accuracy.
 */
import { kMeans } from './kmeans.ts';
import { dot } from './linear.ts';

const IVF_MIN = 4_096;
const GROWTH = 4;
const NPROBE = 6;

export interface Neighbour {
  readonly slot: number;
  readonly similarity: number;
}

export class VectorStore {
  private data = new Float32Array(0);
  private present = new Uint8Array(0);
  private count = 0;
  private centroids: Float32Array[] = [];
  private lists: number[][] = [];
  private listOf = new Int32Array(0);
  private trainedAt = 0;

  constructor(readonly dimensions: number) {}

  set(slot: number, vector: Float32Array): void {
    this.delete(slot);
    this.grow(slot + 1);
    this.data.set(vector, slot * this.dimensions);
    this.present[slot] = 1;
    this.count++;
    if (this.count >= IVF_MIN && this.count >= this.trainedAt * GROWTH) this.train();
    else if (this.centroids.length > 0) this.file(slot);
  }

  delete(slot: number): void {
    if (slot >= this.present.length || !this.present[slot]) return;
    this.present[slot] = 0;
    this.count--;
    const list = this.lists[this.listOf[slot]!];
    if (list) {
      const at = list.lastIndexOf(slot);
      list[at] = list[list.length - 1]!;
      list.pop();
    }
  }

  /** Cosine similarity of the stored vector with `query`; 0 when the slot has no vector. */
  similarity(slot: number, query: Float32Array): number {
    if (slot >= this.present.length || !this.present[slot]) return 0;
    return dot(this.data, slot * this.dimensions, query, this.dimensions);
  }

  /** Up to k most similar slots that `accept` lets through, best first. */
  nearest(query: Float32Array, k: number, accept: (slot: number) => boolean): Neighbour[] {
    const best: Neighbour[] = [];
    const consider = (slot: number) => {
      if (!accept(slot)) return;
      const similarity = dot(this.data, slot * this.dimensions, query, this.dimensions);
      if (best.length < k || similarity > best[best.length - 1]!.similarity) insertSorted(best, { slot, similarity }, k);
    };
    if (this.centroids.length === 0) {
      for (let slot = 0; slot < this.present.length; slot++) if (this.present[slot]) consider(slot);
    } else {
      for (const list of this.probe(query)) for (const slot of this.lists[list]!) consider(slot);
    }
    return best;
  }

  private probe(query: Float32Array): number[] {
    const scored = this.centroids.map((c, i) => ({ i, s: dot(c, 0, query, this.dimensions) }));
    scored.sort((a, b) => b.s - a.s);
    return scored.slice(0, NPROBE).map((x) => x.i);
  }

  private train(): void {
    const slots: number[] = [];
    for (let slot = 0; slot < this.present.length; slot++) if (this.present[slot]) slots.push(slot);
    this.centroids = kMeans(this.data, slots, this.dimensions, Math.ceil(Math.sqrt(slots.length)));
    this.lists = this.centroids.map(() => []);
    for (const slot of slots) this.file(slot);
    this.trainedAt = this.count;
  }

  private file(slot: number): void {
    let bestList = 0;
    let bestSim = -Infinity;
    this.centroids.forEach((c, i) => {
      const s = dot(this.data, slot * this.dimensions, c, this.dimensions);
      if (s > bestSim) [bestSim, bestList] = [s, i];
    });
    this.lists[bestList]!.push(slot);
    this.listOf[slot] = bestList;
  }

  private grow(slots: number): void {
    if (slots <= this.present.length) return;
    const size = Math.max(slots, this.present.length * 2, 1024);
    const data = new Float32Array(size * this.dimensions);
    data.set(this.data);
    this.data = data;
    const present = new Uint8Array(size);
    present.set(this.present);
    this.present = present;
    const listOf = new Int32Array(size);
    listOf.set(this.listOf);
    this.listOf = listOf;
  }
}

function insertSorted(best: Neighbour[], item: Neighbour, k: number): void {
  let i = best.length;
  while (i > 0 && best[i - 1]!.similarity < item.similarity) i--;
  best.splice(i, 0, item);
  if (best.length > k) best.pop();
}
