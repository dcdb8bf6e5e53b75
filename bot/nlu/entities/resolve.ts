/**
 * Overlapping candidates → one entity per stretch of text. The longer span wins; at equal length the more specific
 * kind does (an e-mail or a configured order number says more than a phone-shaped or date-shaped run of digits),
 * then the one whose pattern matched more context ("account #CU-88123" is an account number, though the bare code
 * also looks like an order code).
 */
import type { Entity, EntityType } from '../types.ts';

/** An entity with the length of the whole match that found it (its context), used only to break ties. */
export interface Candidate extends Entity {
  readonly context?: number;
}

const SPECIFICITY: Readonly<Record<EntityType, number>> = {
  email: 7,
  order_number: 6,
  account_number: 6,
  product: 5,
  amount: 4,
  phone: 3,
  date: 2,
};

export function resolveOverlaps(candidates: readonly Candidate[]): Entity[] {
  const length = (c: Candidate) => c.end - c.start;
  const ranked = [...candidates].sort(
    (a, b) =>
      length(b) - length(a) ||
      SPECIFICITY[b.type] - SPECIFICITY[a.type] ||
      (b.context ?? length(b)) - (a.context ?? length(a)) ||
      a.start - b.start,
  );
  const kept: Candidate[] = [];
  for (const candidate of ranked) {
    if (candidate.end <= candidate.start) continue;
    if (kept.every((k) => candidate.end <= k.start || candidate.start >= k.end)) kept.push(candidate);
  }
  return kept.sort((a, b) => a.start - b.start).map(({ type, text, start, end, value }) => ({ type, text, start, end, value }));
}
