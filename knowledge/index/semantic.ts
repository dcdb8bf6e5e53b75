/**
 * The semantic half of the ranker: a passage or question as one 100-d vector from the shipped GloVe word vectors, so
 * "get rid of my fb account" lands near "How do I delete my Facebook account?" without a shared word.
 *
 * Words are weighted the SIF way (Arora, Liang & Ma 2017): a / (a + p(w)), with p(w) estimated from the word's
 * frequency rank in the vectors file (which is ordered by corpus frequency, p ≈ 0.1 / rank), so weights do not
 * depend on what is indexed and stay fixed as documents come and go. The direction every sentence shares (the
 * frequency-weighted mean of all words) is projected out, again as in SIF, so cosines spread over a useful range
 * instead of all sitting near 0.8.
 */
import type { WordVectors } from '../../core/text/index.ts';
import { normalize } from './linear.ts';

/** SIF's a / p(w) with p ≈ 0.1 / rank is rank / (rank + RANK_HALF): a word this frequent weighs 0.5. */
const RANK_HALF = 300;

export class SentenceEncoder {
  readonly dimensions: number;
  private readonly weights = new Map<string, number>();
  private readonly common: Float32Array;

  constructor(private readonly vectors: WordVectors) {
    this.dimensions = vectors.dimensions;
    this.common = new Float32Array(vectors.dimensions);
    vectors.words.forEach((word, i) => {
      const rank = i + 1;
      const weight = rank / (rank + RANK_HALF);
      this.weights.set(word, weight);
      // The expected sentence vector: each word's weighted vector times how often it occurs (∝ 1 / rank).
      vectors.addTo(word, weight / rank, this.common);
    });
    normalize(this.common);
  }

  /**
   * The weighted mean of each part's words, each part normalised before weighting (so a long body does not drown a
   * short question), minus the common direction, normalised. Undefined when no word is known.
   */
  encode(parts: readonly { readonly words: readonly string[]; readonly weight: number }[]): Float32Array | undefined {
    const out = new Float32Array(this.dimensions);
    const part = new Float32Array(this.dimensions);
    let any = false;
    for (const { words, weight } of parts) {
      part.fill(0);
      let known = false;
      for (const word of words) {
        const w = this.weights.get(word);
        if (w !== undefined && this.vectors.addTo(word, w, part)) known = true;
      }
      if (!known) continue;
      any = true;
      removeCommon(part, this.common);
      normalize(part);
      for (let d = 0; d < out.length; d++) out[d]! += weight * part[d]!;
    }
    return any && normalize(out) ? out : undefined;
  }
}

function removeCommon(v: Float32Array, common: Float32Array): void {
  let dot = 0;
  for (let d = 0; d < v.length; d++) dot += v[d]! * common[d]!;
  for (let d = 0; d < v.length; d++) v[d]! -= dot * common[d]!;
}
