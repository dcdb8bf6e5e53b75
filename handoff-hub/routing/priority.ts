import type { Conversation, Instant, PriorityWeights } from './types.ts';

/**
 * Who is served first among waiting customers:
 *
 *   score = waitedSeconds × waitWeight + max(0, −sentimentTrend) × sentimentWeight + (frustrated ? frustratedBonus : 0)
 *
 * Higher first; ties go to the earlier `enqueuedAt`, then the smaller id, so the order never depends on the order
 * rows came out of the database. Only a negative trend counts: a happy customer is not pushed back for it.
 */
export function priorityScore(conversation: Conversation, now: Instant, weights: PriorityWeights): number {
  const waitedSeconds = Math.max(0, (now - (conversation.enqueuedAt ?? now)) / 1000);
  const trend = Math.min(1, Math.max(-1, conversation.sentimentTrend));
  return (
    waitedSeconds * weights.waitWeight +
    Math.max(0, -trend) * weights.sentimentWeight +
    (conversation.frustrated ? weights.frustratedBonus : 0)
  );
}

/** A sorted copy, most urgent first. */
export function byPriority(conversations: readonly Conversation[], now: Instant, weights: PriorityWeights): Conversation[] {
  const scored = conversations.map((c) => ({ c, score: priorityScore(c, now, weights) }));
  scored.sort(
    (a, b) =>
      b.score - a.score ||
      (a.c.enqueuedAt ?? now) - (b.c.enqueuedAt ?? now) ||
      (a.c.id < b.c.id ? -1 : a.c.id > b.c.id ? 1 : 0),
  );
  return scored.map((s) => s.c);
}
