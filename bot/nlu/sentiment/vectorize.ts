/**
 * Bags of named features → TF-IDF sparse vectors (sublinear term frequency, L2-normalised), with dense "meta"
 * features (lexicon scores) appended unnormalised after the vocabulary. The vocabulary is fixed at training time.
 */
import type { SparseVector } from './logistic.ts';

export interface Vocabulary {
  readonly index: ReadonlyMap<string, number>;
  readonly idf: Float64Array;
  readonly metaNames: readonly string[];
  readonly dim: number;
}

export interface FeatureRow {
  readonly terms: ReadonlyMap<string, number>;
  readonly meta: ReadonlyMap<string, number>;
}

export function buildVocabulary(rows: readonly FeatureRow[], minDf = 2): Vocabulary {
  const df = new Map<string, number>();
  const metaNames = new Set<string>();
  for (const row of rows) {
    for (const term of row.terms.keys()) df.set(term, (df.get(term) ?? 0) + 1);
    for (const name of row.meta.keys()) metaNames.add(name);
  }
  const index = new Map<string, number>();
  const idfs: number[] = [];
  for (const [term, count] of [...df].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (count < minDf) continue;
    index.set(term, idfs.length);
    idfs.push(Math.log((1 + rows.length) / (1 + count)) + 1);
  }
  const meta = [...metaNames].sort();
  return { index, idf: Float64Array.from(idfs), metaNames: meta, dim: idfs.length + meta.length };
}

export function vectorize(vocabulary: Vocabulary, row: FeatureRow): SparseVector {
  const entries: [number, number][] = [];
  let norm = 0;
  for (const [term, count] of row.terms) {
    const j = vocabulary.index.get(term);
    if (j === undefined) continue;
    const value = (1 + Math.log(count)) * vocabulary.idf[j]!;
    entries.push([j, value]);
    norm += value * value;
  }
  norm = Math.sqrt(norm) || 1;
  for (const entry of entries) entry[1] /= norm;
  vocabulary.metaNames.forEach((name, k) => {
    const value = row.meta.get(name);
    if (value !== undefined && value !== 0) entries.push([vocabulary.idf.length + k, value]);
  });
  return {
    indices: Int32Array.from(entries, ([j]) => j),
    values: Float64Array.from(entries, ([, v]) => v),
  };
}
