/**
 * N-gram terms over tokens, as strings usable as feature names. Word n-grams see sentence boundaries, so "did i …"
 * at the start of a question is a different feature from "… did i …" inside one; character n-grams are taken inside
 * each word (padded with a space on each side), so they survive typos and inflections ("cancel", "cancelled").
 */

export interface WordNgramOptions {
  /** Longest n-gram; 1 gives single words only. */
  readonly maxN: number;
  /** Adds start/end markers to n-grams of two words or more. */
  readonly boundaries?: boolean;
  /** Adds pairs of words one apart ("card _ stolen" from "card was stolen"). */
  readonly skipBigrams?: boolean;
}

const START = '<s>';
const END = '</s>';

export function wordNgrams(tokens: readonly string[], options: WordNgramOptions): string[] {
  const terms = [...tokens];
  if (tokens.length === 0) return terms;
  const padded = options.boundaries ? [START, ...tokens, END] : tokens;
  for (let n = 2; n <= options.maxN; n++) {
    for (let i = 0; i + n <= padded.length; i++) terms.push(padded.slice(i, i + n).join(' '));
  }
  if (options.skipBigrams) {
    for (let i = 0; i + 2 < padded.length; i++) terms.push(`${padded[i]} _ ${padded[i + 2]}`);
  }
  return terms;
}

export interface CharNgramOptions {
  readonly minN: number;
  readonly maxN: number;
}

/** Character n-grams of each token padded with spaces (" card " → " c", "ca", …, "rd "), by code point. */
export function charNgrams(tokens: readonly string[], options: CharNgramOptions): string[] {
  const terms: string[] = [];
  for (const token of tokens) {
    const padded = ` ${token} `;
    // Substrings are code points when the token has no surrogate pair (almost always): the fast path.
    const chars = /[\uD800-\uDFFF]/.test(token) ? [...padded] : null;
    const length = chars ? chars.length : padded.length;
    for (let n = options.minN; n <= options.maxN; n++) {
      if (n > length) break;
      for (let i = 0; i + n <= length; i++) terms.push(chars ? chars.slice(i, i + n).join('') : padded.substring(i, i + n));
    }
  }
  return terms;
}
