import { hintedSkillMatches, isOnline, isQualified, pendingOffers, spareCapacity } from './eligibility.ts';
import { transition, type ConversationEvent, type Refusal, type SystemNote, type TransitionResult } from './lifecycle.ts';
import { byPriority } from './priority.ts';
import { DEFAULT_POLICY, type Conversation, type Instant, type Queue, type Rep, type RoutingPolicy, type RoutingState } from './types.ts';

/** One thing the server should do: apply `event` to the conversation through `transition`, then persist it. */
export interface RoutingStep {
  readonly conversationId: string;
  readonly event: ConversationEvent;
}

/**
 * Deadlines that have passed: lapsed offers and closed reconnect windows. The scheduler sweeps this over the
 * persisted deadlines (no setTimeout), so a restart loses no timer.
 */
export function dueEvents(state: Pick<RoutingState, 'conversations'>, now: Instant): RoutingStep[] {
  const steps: RoutingStep[] = [];
  for (const c of state.conversations) {
    if (c.state === 'offered' && c.offer && now >= c.offer.deadline) steps.push({ conversationId: c.id, event: { type: 'offer-expired' } });
    if (c.state === 'active' && c.reconnectDeadline !== undefined && now >= c.reconnectDeadline) {
      steps.push({ conversationId: c.id, event: { type: 'reconnect-expired' } });
    }
  }
  return steps;
}

/**
 * What routing should do now, as steps to apply in order: take back offers that lapsed or whose rep went away,
 * then offer waiting conversations, most urgent first, each to the best rep still free. Total and idempotent:
 * call it after every arrival, presence or capacity change, sign-in and close; on a state where nothing can move
 * it returns nothing.
 *
 * Best rep, among `available` reps qualified for the queue (all its skills, the language) with a free slot
 * (activeCount + pending offers < capacity) and fewer than `maxPendingOffersPerRep` open offers:
 * reps who have not turned this conversation down, then most hinted skills, then least loaded, then idle longest.
 */
export function nextOffers(state: RoutingState, now: Instant, policy: RoutingPolicy = DEFAULT_POLICY): RoutingStep[] {
  const reps = new Map(state.reps.map((r) => [r.id, r]));
  const queues = new Map(state.queues.map((q) => [q.id, q]));
  const steps: RoutingStep[] = [];
  const conversations = state.conversations.map((c) => {
    const event = takeBack(c, reps, now);
    if (!event) return c;
    steps.push({ conversationId: c.id, event });
    const result = transition(c, event, now, policy);
    return result.ok ? result.conversation : c;
  });

  const pending = new Map(state.reps.map((r) => [r.id, pendingOffers(conversations, r.id, now)]));
  const waiting = byPriority(conversations.filter((c) => c.state === 'queued'), now, policy.priority);
  for (const conversation of waiting) {
    const queue = conversation.queueId === undefined ? undefined : queues.get(conversation.queueId);
    if (!queue) continue;
    const free = state.reps.filter((rep) => {
      const open = pending.get(rep.id) ?? 0;
      return rep.presence === 'available' && open < policy.maxPendingOffersPerRep && spareCapacity(rep, open) > 0 && isQualified(rep, queue, conversation);
    });
    const rep = bestRep(free, conversation, pending, now, policy);
    if (!rep) continue;
    pending.set(rep.id, (pending.get(rep.id) ?? 0) + 1);
    steps.push({ conversationId: conversation.id, event: { type: 'offer', repId: rep.id } });
  }
  return steps;
}

function takeBack(c: Conversation, reps: ReadonlyMap<string, Rep>, now: Instant): ConversationEvent | undefined {
  if (c.state !== 'offered' || !c.offer) return undefined;
  if (now >= c.offer.deadline) return { type: 'offer-expired' };
  const rep = reps.get(c.offer.repId);
  // A rep who signs out or goes away will not answer: do not make the customer wait out the deadline.
  return rep && isOnline(rep) ? undefined : { type: 'offer-withdrawn' };
}

/**
 * Reps who turned the conversation down are a last resort, and only after a cooldown, so a rep who just
 * declined is not asked again the same instant.
 */
function bestRep(free: readonly Rep[], conversation: Conversation, pending: ReadonlyMap<string, number>, now: Instant, policy: RoutingPolicy): Rep | undefined {
  const lastDecline = new Map<string, Instant>();
  for (const d of conversation.declined) lastDecline.set(d.repId, Math.max(d.at, lastDecline.get(d.repId) ?? d.at));
  const fresh = free.filter((r) => !lastDecline.has(r.id));
  const cooledDown = free.filter((r) => (lastDecline.get(r.id) ?? now) + policy.declineCooldownSeconds * 1000 <= now);
  const pool = fresh.length > 0 ? fresh : cooledDown;
  const load = (r: Rep) => r.activeCount + (pending.get(r.id) ?? 0);
  return [...pool].sort(
    (a, b) =>
      hintedSkillMatches(b, conversation) - hintedSkillMatches(a, conversation) ||
      load(a) - load(b) ||
      (a.lastAssignedAt ?? -Infinity) - (b.lastAssignedAt ?? -Infinity) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  )[0];
}

export interface PickRefusal {
  readonly code: 'unknown-rep' | 'unknown-conversation' | 'not-permitted' | 'not-qualified' | 'no-capacity';
  readonly message: string;
}

export type PickResult = TransitionResult | { readonly ok: false; readonly refusal: PickRefusal };

/** A rep with `canPickFromQueue` takes a waiting conversation directly, if they could have been offered it. */
export function pickFromQueue(state: RoutingState, repId: string, conversationId: string, now: Instant, policy: RoutingPolicy = DEFAULT_POLICY): PickResult {
  const refuse = (code: PickRefusal['code'], message: string): PickResult => ({ ok: false, refusal: { code, message } });
  const rep = state.reps.find((r) => r.id === repId);
  if (!rep) return refuse('unknown-rep', `no rep ${repId}`);
  const conversation = state.conversations.find((c) => c.id === conversationId);
  if (!conversation) return refuse('unknown-conversation', `no conversation ${conversationId}`);
  if (!rep.permissions.canPickFromQueue) return refuse('not-permitted', `${repId} may not pick from the queue`);
  const queue: Queue | undefined = state.queues.find((q) => q.id === conversation.queueId);
  if (!queue || !isQualified(rep, queue, conversation)) return refuse('not-qualified', `${repId} lacks the skills or language of queue ${conversation.queueId}`);
  if (!isOnline(rep) || spareCapacity(rep, pendingOffers(state.conversations, repId, now)) === 0) {
    return refuse('no-capacity', `${repId} is ${rep.presence} with ${rep.activeCount}/${rep.capacity} chats`);
  }
  return transition(conversation, { type: 'pick', repId }, now, policy);
}

export interface Applied {
  readonly conversations: readonly Conversation[];
  readonly notes: readonly { readonly conversationId: string; readonly note: SystemNote }[];
  readonly refusals: readonly { readonly conversationId: string; readonly refusal: Refusal }[];
}

/**
 * Applies steps to an in-memory list (tests, fakes, a single-node store). The SQL store instead applies each step
 * as a conditional update, so a step that lost a race is refused there, not here.
 */
export function applySteps(conversations: readonly Conversation[], steps: readonly RoutingStep[], now: Instant, policy: RoutingPolicy = DEFAULT_POLICY): Applied {
  const byId = new Map(conversations.map((c) => [c.id, c]));
  const notes: { conversationId: string; note: SystemNote }[] = [];
  const refusals: { conversationId: string; refusal: Refusal }[] = [];
  for (const { conversationId, event } of steps) {
    const current = byId.get(conversationId);
    if (!current) continue;
    const result = transition(current, event, now, policy);
    if (!result.ok) {
      refusals.push({ conversationId, refusal: result.refusal });
      continue;
    }
    byId.set(conversationId, result.conversation);
    notes.push(...result.notes.map((note) => ({ conversationId, note })));
  }
  return { conversations: [...byId.values()], notes, refusals };
}
