import { l2NormalizeInPlace, sparseFromCounts, type SparseVector } from './sparse.ts';

/**
 * TF-IDF over a vocabulary fitted on a corpus of term lists (words, n-grams, anything): sublinear term frequency
 * (1 + ln tf) so a repeated word does not dominate, smoothed idf as in scikit-learn (ln((1+n)/(1+df)) + 1), rows
 * L2-normalised. Terms never seen when fitting are ignored.
 */

export interface TfidfOptions {
  /** Terms in fewer documents are left out of the vocabulary. Default 1. */
  readonly minDf?: number;
  /** 1 + ln(tf) instead of tf. Default true. */
  readonly sublinearTf?: boolean;
}

export interface TfidfData {
  readonly terms: readonly string[];
  readonly idf: Float32Array;
  readonly sublinearTf: boolean;
}

export class TfidfVectorizer {
  private readonly index: Map<string, number>;

  private constructor(private readonly data: TfidfData) {
    this.index = new Map(data.terms.map((term, i) => [term, i]));
  }

  static fit(documents: readonly (readonly string[])[], options: TfidfOptions = {}): TfidfVectorizer {
    const df = new Map<string, number>();
    for (const terms of documents) {
      for (const term of new Set(terms)) df.set(term, (df.get(term) ?? 0) + 1);
    }
    const minDf = options.minDf ?? 1;
    // Sorted so that the feature layout does not depend on the order of the documents.
    const terms = [...df.keys()].filter((t) => df.get(t)! >= minDf).sort();
    const n = documents.length;
    const idf = Float32Array.from(terms, (t) => Math.log((1 + n) / (1 + df.get(t)!)) + 1);
    return new TfidfVectorizer({ terms, idf, sublinearTf: options.sublinearTf ?? true });
  }

  static fromJSON(data: TfidfData): TfidfVectorizer {
    return new TfidfVectorizer(data);
  }

  toJSON(): TfidfData {
    return this.data;
  }

  get size(): number {
    return this.data.terms.length;
  }

  /** The index of a term, or undefined when it is not in the vocabulary. */
  indexOf(term: string): number | undefined {
    return this.index.get(term);
  }

  /** The idf of a term in the vocabulary; undefined for unknown terms. */
  idfOf(term: string): number | undefined {
    const i = this.index.get(term);
    return i === undefined ? undefined : this.data.idf[i];
  }

  /** The highest idf: that of the rarest terms, a fair weight for a term never seen. */
  maxIdf(): number {
    let max = 1;
    for (const v of this.data.idf) max = Math.max(max, v);
    return max;
  }

  transform(terms: readonly string[]): SparseVector {
    const counts = new Map<number, number>();
    for (const term of terms) {
      const i = this.index.get(term);
      if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1);
    }
    for (const [i, tf] of counts) {
      counts.set(i, (this.data.sublinearTf ? 1 + Math.log(tf) : tf) * this.data.idf[i]!);
    }
    return l2NormalizeInPlace(sparseFromCounts(counts));
  }
}
