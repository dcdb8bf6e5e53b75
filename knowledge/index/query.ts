/**
 * A question's terms → weighted index terms. Each distinct term counts once; a term the index has never seen brings
 * its typo corrections at a lower weight; a synonym phrase brings its group term, its one weight shared among the
 * phrase's words.
 */
import type { Postings, WeightedTerm } from './postings.ts';
import type { SynonymMatcher } from './synonyms.ts';
import type { TypoVocabulary } from './typos.ts';

/** A pasted log or e-mail keeps its rarest terms only: query time stays bounded, and common words add little. */
const MAX_TERMS = 32;

export interface QueryContext {
  readonly postings: Postings;
  readonly synonyms: SynonymMatcher;
  /** Absent when typo tolerance is off. */
  readonly typos?: TypoVocabulary;
  /** A corrected term counts this much of an exact one: the guess may be wrong. */
  readonly typoWeight: number;
}

export function buildQuery(queryTerms: readonly string[], ctx: QueryContext): WeightedTerm[] {
  const { postings } = ctx;
  const weights = new Map<string, number>();
  const add = (term: string, weight: number) => weights.set(term, (weights.get(term) ?? 0) + weight);
  const distinct = [...new Set(queryTerms)];
  distinct.sort((a, b) => postings.df(a) - postings.df(b));
  for (const term of distinct.slice(0, MAX_TERMS)) {
    add(term, 1);
    if (postings.df(term) === 0 && ctx.typos) {
      for (const fix of ctx.typos.corrections(term, (t) => postings.df(t) > 0)) add(fix, ctx.typoWeight);
    }
  }
  for (const match of ctx.synonyms.match(queryTerms)) add(match.term, 1);
  return [...weights].map(([term, weight]) => ({ term, weight }));
}
