/**
 * Text → index terms, the same way for articles and questions: normalise, tokenise (core/text) and Porter-stem
 * ("cancelled", "cancelling", "cancels" → "cancel").
 *
 * No stopword list: function and question words ("what", "how", "can") are what tells apart FAQs that all mention
 * the product ("What is COVID-19?" vs "How does COVID-19 spread?"); dropping them cost 0.07 MAP on CovidFAQ. BM25's
 * idf already makes them count little, and the postings scorer keeps their long lists cheap.
 */
import { stemmer } from 'stemmer';
import { normalizeText, tokenize } from '../../core/text/index.ts';

/** Questions are cut here (normalizeText's cut happens before any work, so a 10,000-character paste stays cheap). */
export const MAX_QUERY_CHARS = 2_000;
/** Articles are cut here: beyond this a passage is too long to be one answer anyway. */
export const MAX_FIELD_CHARS = 200_000;
/** Longer "words" are base64, hashes or URLs run together: never useful terms, and costly for typo lookup. */
const MAX_TERM_LENGTH = 40;

export interface AnalyzedText {
  /** Normalised words in order: what word vectors are looked up with. */
  readonly words: readonly string[];
  /** Stemmed index terms in order. */
  readonly terms: readonly string[];
}

/** Porter stems are memoised: the vocabulary of a knowledge base is small next to its word count. */
const stems = new Map<string, string>();
const MAX_MEMO = 200_000;

export function stem(word: string): string {
  let s = stems.get(word);
  if (s === undefined) {
    // Possessives and elisions: "customer's" → "customer", "don't" stays (the Porter stemmer leaves it alone).
    const base = word.endsWith("'s") ? word.slice(0, -2) : word;
    s = /^[a-z]+$/.test(base) ? stemmer(base) : base;
    if (stems.size < MAX_MEMO) stems.set(word, s);
  }
  return s;
}

export interface AnalyzeOptions {
  readonly maxChars: number;
  /** false keeps words unstemmed (to measure what stemming buys). */
  readonly stemming?: boolean;
}

export function analyze(text: string, options: AnalyzeOptions): AnalyzedText {
  const words = tokenize(normalizeText(text, { maxLength: options.maxChars }));
  const terms: string[] = [];
  for (const word of words) {
    if (word.length > MAX_TERM_LENGTH) continue;
    terms.push(options.stemming === false ? word : stem(word));
  }
  return { words, terms };
}
