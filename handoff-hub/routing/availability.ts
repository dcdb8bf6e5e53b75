import { isOpen } from './business-hours.ts';
import { isOnline, isQualified, pendingOffers, spareCapacity } from './eligibility.ts';
import { byPriority } from './priority.ts';
import { DEFAULT_POLICY, type Conversation, type HandledConversation, type Instant, type Queue, type RoutingPolicy, type RoutingState } from './types.ts';

/**
 * What a customer is told while waiting: their place, an honest estimate, and whether waiting makes sense at all.
 *
 * Estimated wait for position p (1 = next):
 *   F = free slots now: Σ over `available` qualified reps of (capacity − activeCount − pending offers)
 *   C = concurrent capacity: Σ capacity over `available` or `busy` qualified reps
 *   H = median handle time of the queue's last N handled conversations (N = handleTimeSamples),
 *       or defaultHandleSeconds while the queue has no history
 *   wait = 0                          if p ≤ F (a slot is free now)
 *        = ceil((p − F) / C) × H      otherwise (each round of C chats frees C slots)
 *        = unknown                    if C = 0 (nobody who could serve is online)
 * Customers of other queues who compete for the same reps are not counted: the estimate errs on the short side
 * for reps shared across queues, and it is refreshed on every change anyway.
 */

export interface WaitEstimate {
  /** 1-based place among the queue's waiting conversations, in priority order. */
  readonly position: number;
  /** Undefined when no qualified rep is online. */
  readonly seconds: number | undefined;
  readonly freeSlots: number;
  readonly concurrentCapacity: number;
  readonly handleSeconds: number;
  readonly basis: 'history' | 'default';
}

export type UnavailableReason = 'out-of-hours' | 'no-rep-online' | 'wait-too-long' | 'unknown-queue';

export type QueueDecision =
  | { readonly decision: 'wait'; readonly queueId: string; readonly estimate: WaitEstimate }
  /** Wait in `queueId` instead: `from` could not serve for `reason`. */
  | { readonly decision: 'overflow'; readonly from: string; readonly queueId: string; readonly reason: UnavailableReason; readonly estimate: WaitEstimate }
  | { readonly decision: 'offer-leave-message-or-bot'; readonly queueId: string; readonly reason: UnavailableReason; readonly estimate?: WaitEstimate };

export function medianHandleSeconds(handled: readonly HandledConversation[], queueId: string, policy: RoutingPolicy = DEFAULT_POLICY): { seconds: number; basis: 'history' | 'default' } {
  const recent = handled
    .filter((h) => h.queueId === queueId)
    .sort((a, b) => b.closedAt - a.closedAt)
    .slice(0, policy.handleTimeSamples)
    .map((h) => h.handleSeconds)
    .sort((a, b) => a - b);
  if (recent.length === 0) return { seconds: policy.defaultHandleSeconds, basis: 'default' };
  const mid = Math.floor(recent.length / 2);
  const seconds = recent.length % 2 === 1 ? recent[mid]! : (recent[mid - 1]! + recent[mid]!) / 2;
  return { seconds, basis: 'history' };
}

/**
 * The estimate for `conversation` in `queueId`. A conversation not yet waiting there (a new arrival, or one being
 * considered for overflow) is placed as if it joined now, so it is told the place it would really get.
 */
export function estimateWait(state: RoutingState, conversation: Conversation, queueId: string, now: Instant, policy: RoutingPolicy = DEFAULT_POLICY): WaitEstimate {
  const queue = state.queues.find((q) => q.id === queueId);
  const waiting = state.conversations.filter((c) => c.state === 'queued' && c.queueId === queueId && c.id !== conversation.id);
  const self = conversation.state === 'queued' && conversation.queueId === queueId ? conversation : { ...conversation, state: 'queued' as const, queueId, enqueuedAt: now };
  const position = byPriority([...waiting, self], now, policy.priority).findIndex((c) => c.id === conversation.id) + 1;
  const qualified = queue ? state.reps.filter((r) => isQualified(r, queue, conversation)) : [];
  const freeSlots = qualified
    .filter((r) => r.presence === 'available')
    .reduce((sum, r) => sum + spareCapacity(r, pendingOffers(state.conversations, r.id, now)), 0);
  const concurrentCapacity = qualified.filter(isOnline).reduce((sum, r) => sum + r.capacity, 0);
  const handle = medianHandleSeconds(state.recentHandled ?? [], queueId, policy);
  const seconds =
    concurrentCapacity === 0 ? undefined : position <= freeSlots ? 0 : Math.ceil((position - freeSlots) / concurrentCapacity) * handle.seconds;
  return { position, seconds, freeSlots, concurrentCapacity, handleSeconds: handle.seconds, basis: handle.basis };
}

/** Positions of every waiting conversation of a queue (for "you are number 3" updates after each change). */
export function queuePositions(state: RoutingState, queueId: string, now: Instant, policy: RoutingPolicy = DEFAULT_POLICY): { conversationId: string; position: number }[] {
  const waiting = state.conversations.filter((c) => c.state === 'queued' && c.queueId === queueId);
  return byPriority(waiting, now, policy.priority).map((c, i) => ({ conversationId: c.id, position: i + 1 }));
}

type Check = { ok: true; estimate: WaitEstimate } | { ok: false; reason: UnavailableReason; estimate?: WaitEstimate };

function check(state: RoutingState, queue: Queue, conversation: Conversation, now: Instant, policy: RoutingPolicy): Check {
  if (!isOpen(queue.businessHours, now)) return { ok: false, reason: 'out-of-hours' };
  const estimate = estimateWait(state, conversation, queue.id, now, policy);
  if (estimate.seconds === undefined) return { ok: false, reason: 'no-rep-online', estimate };
  if (estimate.seconds > queue.maxWaitSeconds) return { ok: false, reason: 'wait-too-long', estimate };
  return { ok: true, estimate };
}

/**
 * Whether the customer should wait in `queueId`, be moved along its overflow chain, or be offered to leave a
 * message or go back to the bot. The reason given is the first queue's: that is what the customer asked for.
 * Call it on escalation and again as the wait changes (with the conversation as it is now).
 */
export function queueDecision(state: RoutingState, conversation: Conversation, queueId: string, now: Instant, policy: RoutingPolicy = DEFAULT_POLICY): QueueDecision {
  const queues = new Map(state.queues.map((q) => [q.id, q]));
  const first = queues.get(queueId);
  if (!first) return { decision: 'offer-leave-message-or-bot', queueId, reason: 'unknown-queue' };
  const firstCheck = check(state, first, conversation, now, policy);
  if (firstCheck.ok) return { decision: 'wait', queueId, estimate: firstCheck.estimate };
  // The loader refuses overflow cycles; the visited set keeps this total even for hand-built state.
  const visited = new Set([queueId]);
  for (let next = first.overflowQueue; next !== undefined && !visited.has(next); next = queues.get(next)?.overflowQueue) {
    visited.add(next);
    const queue = queues.get(next);
    if (!queue) break;
    const result = check(state, queue, conversation, now, policy);
    if (result.ok) return { decision: 'overflow', from: queueId, queueId: next, reason: firstCheck.reason, estimate: result.estimate };
  }
  const { reason, estimate } = firstCheck;
  return estimate ? { decision: 'offer-leave-message-or-bot', queueId, reason, estimate } : { decision: 'offer-leave-message-or-bot', queueId, reason };
}
