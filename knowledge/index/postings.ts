/**
 * The lexical half of the ranker: an inverted index scored with BM25F (Robertson, Zaragoza & Taylor 2004). Each
 * field's term frequency is length-normalised on its own and weighted before one saturation, so a question that says
 * "refund" twice outranks a body that says it ten times, while a long body cannot drown a short title.
 *
 * Postings are arrays per term (posting-list.ts), updated in place on add and remove (swap-remove), because documents change one
 * at a time and a rebuild per change would not scale. Per-field term counts are packed into one small integer per
 * posting (7 bits each, capped at 127).
 */
import { PostingList } from './posting-list.ts';

export const FIELD_COUNT = 4;
/** Field order in packed postings and length arrays. */
export const FIELDS = ['title', 'question', 'headings', 'body'] as const;
export type FieldName = (typeof FIELDS)[number];

export interface Bm25fParams {
  readonly k1: number;
  readonly weights: Readonly<Record<FieldName, number>>;
  /** Length normalisation per field: short fields (titles) vary little in length, so less of it. */
  readonly b: Readonly<Record<FieldName, number>>;
}

/** Postings walked per query before common terms switch to scoring the best entries only (see score). */
const POSTINGS_BUDGET = 20_000;
const TOP_UP = 500;

const TF_BITS = 7;
const TF_MAX = (1 << TF_BITS) - 1;

/** One query term and how much it counts (less for a typo correction, shared among a synonym phrase's words). */
export interface WeightedTerm {
  readonly term: string;
  readonly weight: number;
}

/** Per-entry scores for one query; reused across queries so a search allocates nothing per entry. */
export class Accumulator {
  scores = new Float64Array(0);
  touched: number[] = [];

  ensure(capacity: number): void {
    if (this.scores.length >= capacity) return;
    this.scores = new Float64Array(Math.max(capacity, this.scores.length * 2, 1024));
  }

  clear(): void {
    for (const slot of this.touched) this.scores[slot] = 0;
    this.touched = [];
  }
}

export class Postings {
  private readonly ids = new Map<string, number>();
  private readonly lists: PostingList[] = [];
  /** Term ids of each slot's entry, ascending, and their packed counts: for removal and for scoring common terms. */
  private readonly termsOfSlot: (Int32Array | undefined)[] = [];
  private readonly tfsOfSlot: (Int32Array | undefined)[] = [];
  private lengths = new Float32Array(0);
  private readonly totalLength = new Float64Array(FIELD_COUNT);
  private entries = 0;

  constructor(private readonly params: Bm25fParams) {}

  /** Documents containing the term (0 when unknown). */
  df(term: string): number {
    const id = this.ids.get(term);
    return id === undefined ? 0 : this.lists[id]!.length;
  }

  /** Robertson–Spärck Jones idf as in Lucene: never negative, so a very common term still adds a little. */
  idf(term: string): number {
    const df = this.df(term);
    return Math.log(1 + (this.entries - df + 0.5) / (df + 0.5));
  }

  /** Indexes the entry at `slot`; `fieldTerms[f]` are the terms of field FIELDS[f]. Returns terms new to the index. */
  add(slot: number, fieldTerms: readonly (readonly string[])[]): string[] {
    const counts = new Map<string, number>();
    fieldTerms.forEach((terms, f) => {
      this.setLength(slot, f, terms.length);
      for (const term of terms) {
        const packed = counts.get(term) ?? 0;
        if (((packed >> (f * TF_BITS)) & TF_MAX) < TF_MAX) counts.set(term, packed + (1 << (f * TF_BITS)));
      }
    });
    const fresh: string[] = [];
    const byId: [number, number][] = [];
    for (const [term, packed] of counts) {
      let id = this.ids.get(term);
      if (id === undefined) {
        id = this.lists.length;
        this.ids.set(term, id);
        this.lists.push(new PostingList());
      }
      if (this.lists[id]!.length === 0) fresh.push(term);
      this.lists[id]!.push(slot, packed);
      byId.push([id, packed]);
    }
    byId.sort((a, b) => a[0] - b[0]);
    this.termsOfSlot[slot] = Int32Array.from(byId, (x) => x[0]);
    this.tfsOfSlot[slot] = Int32Array.from(byId, (x) => x[1]);
    this.entries++;
    return fresh;
  }

  remove(slot: number): void {
    const termIds = this.termsOfSlot[slot];
    if (!termIds) return;
    for (const id of termIds) this.lists[id]!.delete(slot);
    for (let f = 0; f < FIELD_COUNT; f++) this.setLength(slot, f, 0);
    this.termsOfSlot[slot] = undefined;
    this.tfsOfSlot[slot] = undefined;
    this.entries--;
  }

  /**
   * Adds each term's BM25F contribution to the entries `accept` lets through. Returns the best score an entry could
   * reach (every term matched with unbounded frequency): the scale that makes scores comparable across queries.
   *
   * Query time is bounded like MaxScore (Turtle & Flood 1995): terms are taken rarest first, and once POSTINGS_BUDGET
   * postings have been walked, the remaining (common, low-idf) terms are scored only for the TOP_UP best entries so
   * far, by binary search in those entries' own term lists, instead of walking lists as long as the index.
   */
  score(terms: readonly WeightedTerm[], accept: (slot: number) => boolean, acc: Accumulator): number {
    const { k1 } = this.params;
    const norm = this.normalizer();
    acc.ensure(this.lengths.length / FIELD_COUNT);
    const ordered = [...terms].sort((a, b) => this.df(a.term) - this.df(b.term));
    let ceiling = 0;
    let walked = 0;
    let topUp: number[] | undefined;
    for (const { term, weight } of ordered) {
      const id = this.ids.get(term);
      const idf = this.idf(term) * weight;
      ceiling += idf * (k1 + 1);
      if (id === undefined) continue;
      const list = this.lists[id]!;
      if (walked > 0 && walked + list.length > POSTINGS_BUDGET) {
        topUp ??= topSlots(acc.touched, acc.scores, TOP_UP);
        for (const slot of topUp) {
          const packed = this.countIn(slot, id);
          if (packed !== 0) acc.scores[slot]! += this.saturate(idf, norm(slot, packed));
        }
        continue;
      }
      walked += list.length;
      const { slots, counts } = list;
      for (let p = 0; p < list.length; p++) {
        const slot = slots[p]!;
        if (!accept(slot)) continue;
        const tf = norm(slot, counts[p]!);
        if (tf === 0) continue;
        if (acc.scores[slot] === 0) acc.touched.push(slot);
        acc.scores[slot]! += this.saturate(idf, tf);
      }
    }
    return ceiling;
  }

  private saturate(idf: number, tf: number): number {
    const { k1 } = this.params;
    return (idf * tf * (k1 + 1)) / (k1 + tf);
  }

  /** The weighted, per-field length-normalised term frequency of a posting (BM25F's pseudo-frequency). */
  private normalizer(): (slot: number, packed: number) => number {
    const { weights, b } = this.params;
    const w = FIELDS.map((f) => weights[f]);
    const bs = FIELDS.map((f) => b[f]);
    const invAvg = FIELDS.map((_, f) => (this.totalLength[f]! > 0 ? this.entries / this.totalLength[f]! : 0));
    const lengths = this.lengths;
    return (slot, packed) => {
      let tf = 0;
      for (let f = 0; f < FIELD_COUNT; f++) {
        const count = (packed >> (f * TF_BITS)) & TF_MAX;
        if (count === 0) continue;
        tf += (w[f]! * count) / (1 - bs[f]! + bs[f]! * lengths[slot * FIELD_COUNT + f]! * invAvg[f]!);
      }
      return tf;
    };
  }

  /** Packed counts of term `id` in the entry at `slot`, 0 when absent. */
  private countIn(slot: number, id: number): number {
    const ids = this.termsOfSlot[slot];
    if (!ids) return 0;
    let lo = 0;
    let hi = ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = ids[mid]!;
      if (v === id) return this.tfsOfSlot[slot]![mid]!;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return 0;
  }

  private setLength(slot: number, field: number, length: number): void {
    const at = slot * FIELD_COUNT + field;
    if (at >= this.lengths.length) {
      const grown = new Float32Array(Math.max(1024, this.lengths.length * 2, (slot + 1) * FIELD_COUNT));
      grown.set(this.lengths);
      this.lengths = grown;
    }
    this.totalLength[field]! += length - this.lengths[at]!;
    this.lengths[at] = length;
  }
}

/** The k slots with the highest scores, best first; one pass keeping a small sorted list. */
export function topSlots(slots: readonly number[], scores: Float64Array, k: number): number[] {
  const best: number[] = [];
  for (const slot of slots) {
    const s = scores[slot]!;
    if (best.length === k && s <= scores[best[k - 1]!]!) continue;
    let i = best.length;
    while (i > 0 && scores[best[i - 1]!]! < s) i--;
    best.splice(i, 0, slot);
    if (best.length > k) best.pop();
  }
  return best;
}
