/**
 * The ranker's settings, chosen by reasoning and on CovidFAQ (never on StackFAQ queries; see bench/knowledge.ts),
 * and the two formulas that turn lexical and semantic evidence into a rank score and a confidence.
 */
import type { Bm25fParams } from './postings.ts';

export interface RankingOptions {
  readonly bm25f: Bm25fParams;
  /** Porter stemming of index and query terms. */
  readonly stemming: boolean;
  /** Match unknown query terms to index terms one edit away. */
  readonly typos: boolean;
  readonly typoWeight: number;
  /** Share of the rank score from word-vector cosine (0: lexical only; ignored without word vectors). */
  readonly semanticWeight: number;
  /** Weight of the title, question and headings against the body in a passage's vector. */
  readonly headVectorWeight: number;
  /** Candidates taken from each of the lexical and the vector side before fusion. */
  readonly candidates: number;
}

export const DEFAULT_RANKING: RankingOptions = {
  bm25f: {
    k1: 1.2,
    // A question or title that says it is worth more than a body that mentions it: title/question are what an
    // article is about, the body also mentions what it is not about. Body 0.2 (0.1–0.2 on CovidFAQ's plateau, the
    // higher kept because CovidFAQ's answers are unusually noisy): on StackFAQ the body still adds 0.04 MAP.
    weights: { title: 2, question: 3, headings: 1.5, body: 0.2 },
    b: { title: 0.3, question: 0.3, headings: 0.3, body: 0.75 },
  },
  stemming: true,
  typos: true,
  typoWeight: 0.6,
  // CovidFAQ grid: semantic share 0.2–0.35 and head ×2 within 0.01 MAP of each other.
  semanticWeight: 0.25,
  headVectorWeight: 2,
  candidates: 50,
};

export interface Evidence {
  /** BM25F score / the best this query's BM25F score could be: 0..1. */
  readonly lexical: number;
  /** Cosine of question and passage vectors (0 without vectors). */
  readonly cosine: number;
}

/**
 * Rank score: convex mix of BM25F against the query's own ceiling and cosine (normalised score fusion). Not BM25F
 * relative to the best hit (max normalisation), which did as well on CovidFAQ but hands a single weak word match the
 * full lexical share whenever nothing matches well, burying the passage that matches by meaning.
 */
export function rankScore(e: Evidence, semanticWeight: number): number {
  return (1 - semanticWeight) * e.lexical + semanticWeight * Math.max(0, e.cosine);
}

/**
 * Confidence, 0..1 and comparable across questions because it uses only absolute quantities (BM25F against the
 * query's own ceiling, cosine), never scores relative to other hits. The equal mix separated answered from
 * off-topic questions best on CovidFAQ + CLINC150 oos_train (AUC 0.978, against 0.975 for idf-weighted term coverage
 * + cosine, 0.955 cosine alone, 0.941 BM25F alone).
 */
export function confidence(e: Evidence, withVectors: boolean): number {
  if (!withVectors) return e.lexical;
  return 0.5 * e.lexical + 0.5 * Math.max(0, e.cosine);
}
