import { DEFAULT_POLICY, type Conversation, type ConversationState, type Instant, type RoutingPolicy } from './types.ts';

/**
 * The handoff lifecycle, checked in one place. Every status change of a conversation goes through `transition`,
 * which looks the (state, event) pair up in `TRANSITIONS` and refuses anything not listed, so a late click or a
 * replayed socket event can never move a conversation somewhere the table does not allow.
 *
 *   bot → queued → offered → active → wrap-up → closed
 *           ↑  ↓ decline / expired / withdrawn   │
 *           └────────────────────────────────────┘ transfer to a queue (or to a rep: active → offered)
 */

/**
 * States in which the hub no longer takes the customer's messages: the bot has them back, or the rep is wrapping
 * up or done. A message then goes to the bot, which answers it.
 */
export const CLOSED_TO_CUSTOMERS: readonly ConversationState[] = ['bot', 'wrap-up', 'closed'];

export type ConversationEvent =
  /** The bot's `handoff.initiate`: the conversation joins a queue with the bot's hints. */
  | { readonly type: 'escalate'; readonly queueId: string; readonly skills?: readonly string[]; readonly language?: string; readonly sentimentTrend?: number; readonly frustrated?: boolean }
  /** The router offers the conversation to a rep, who has `offerTimeoutSeconds` to answer. */
  | { readonly type: 'offer'; readonly repId: string }
  | { readonly type: 'accept'; readonly repId: string }
  | { readonly type: 'decline'; readonly repId: string }
  /** The offer's deadline passed without an answer (swept by the scheduler). */
  | { readonly type: 'offer-expired' }
  /** The offered rep went away or offline: the offer is taken back without counting as a decline. */
  | { readonly type: 'offer-withdrawn' }
  /** A rep with the permission takes a waiting conversation straight from the queue. */
  | { readonly type: 'pick'; readonly repId: string }
  /** A waiting conversation moves to the queue's overflow queue, keeping its place in time. */
  | { readonly type: 'overflow'; readonly queueId: string }
  | { readonly type: 'transfer-to-queue'; readonly queueId: string; readonly note: string }
  | { readonly type: 'transfer-to-rep'; readonly repId: string; readonly note: string }
  /** The customer's widget dropped: the rep is kept for the reconnect window. */
  | { readonly type: 'customer-disconnected' }
  | { readonly type: 'customer-reconnected' }
  /** The reconnect deadline passed (swept by the scheduler). */
  | { readonly type: 'reconnect-expired' }
  /** The rep ends the chat. */
  | { readonly type: 'end' }
  /** The customer closed the chat on purpose (a disconnect is `customer-disconnected`). */
  | { readonly type: 'customer-left' }
  /** While waiting, the customer chose to leave a message (a follow-up case) instead. */
  | { readonly type: 'leave-message' }
  /** Back to the bot: by the rep during the chat, or by the customer while waiting. */
  | { readonly type: 'hand-back'; readonly note?: string }
  /** The rep finished wrap-up. */
  | { readonly type: 'close' };

export type EventType = ConversationEvent['type'];

/** Which states each event may leave from, and where it leads. Anything not listed is refused. */
export const TRANSITIONS: { readonly [E in EventType]: Readonly<Partial<Record<ConversationState, ConversationState>>> } = {
  escalate: { bot: 'queued' },
  offer: { queued: 'offered' },
  accept: { offered: 'active' },
  decline: { offered: 'queued' },
  'offer-expired': { offered: 'queued' },
  'offer-withdrawn': { offered: 'queued' },
  pick: { queued: 'active' },
  overflow: { queued: 'queued' },
  'transfer-to-queue': { active: 'queued' },
  'transfer-to-rep': { active: 'offered' },
  'customer-disconnected': { active: 'active' },
  'customer-reconnected': { active: 'active' },
  'reconnect-expired': { active: 'wrap-up' },
  end: { active: 'wrap-up' },
  'customer-left': { queued: 'closed', offered: 'closed', active: 'wrap-up' },
  'leave-message': { queued: 'closed', offered: 'closed' },
  'hand-back': { queued: 'bot', offered: 'bot', active: 'bot' },
  close: { 'wrap-up': 'closed' },
};

export const EVENT_TYPES = Object.keys(TRANSITIONS) as readonly EventType[];

/** A line for the transcript that the server appends (transfer notes, the reconnect-window system note). */
export interface SystemNote {
  readonly kind: 'transfer' | 'reconnect-expired' | 'hand-back';
  readonly text: string;
  readonly at: Instant;
}

export type RefusalCode = 'invalid-transition' | 'wrong-rep' | 'too-early' | 'same-rep';

export interface Refusal {
  readonly code: RefusalCode;
  readonly from: ConversationState;
  readonly event: EventType;
  readonly message: string;
}

export type TransitionResult =
  | { readonly ok: true; readonly conversation: Conversation; readonly notes: readonly SystemNote[] }
  | { readonly ok: false; readonly refusal: Refusal };

/** A conversation the bot still owns: the starting point of every handoff. */
export function newConversation(id: string): Conversation {
  return { id, state: 'bot', skills: [], sentimentTrend: 0, frustrated: false, declined: [] };
}

export function canTransition(from: ConversationState, type: EventType): boolean {
  return TRANSITIONS[type][from] !== undefined;
}

export function transition(conversation: Conversation, event: ConversationEvent, now: Instant, policy: RoutingPolicy = DEFAULT_POLICY): TransitionResult {
  const from = conversation.state;
  const to = TRANSITIONS[event.type][from];
  if (to === undefined) return refuse(conversation, event, 'invalid-transition', invalidMessage(from, event.type));
  const precondition = checkPrecondition(conversation, event, now);
  if (precondition) return refuse(conversation, event, precondition.code, precondition.message);
  return apply({ ...conversation, state: to }, conversation, event, now, policy);
}

function invalidMessage(from: ConversationState, type: EventType): string {
  const targets = new Set(Object.values(TRANSITIONS[type]));
  const target = targets.size === 1 ? [...targets][0] : '?';
  const allowed = Object.keys(TRANSITIONS[type]).join(', ');
  return `invalid transition ${from} → ${target} (${type} is allowed from ${allowed})`;
}

function refuse(conversation: Conversation, event: ConversationEvent, code: RefusalCode, message: string): TransitionResult {
  return { ok: false, refusal: { code, from: conversation.state, event: event.type, message } };
}

/** Checks that depend on more than the state: who may answer an offer, and timers that must really be due. */
function checkPrecondition(c: Conversation, event: ConversationEvent, now: Instant): { code: RefusalCode; message: string } | undefined {
  switch (event.type) {
    case 'accept':
    case 'decline':
      return c.offer?.repId === event.repId ? undefined : { code: 'wrong-rep', message: `${event.type} by ${event.repId}: the offer is for ${c.offer?.repId ?? 'nobody'}` };
    case 'offer-expired':
      return c.offer && now >= c.offer.deadline ? undefined : { code: 'too-early', message: 'the offer has not reached its deadline' };
    case 'reconnect-expired':
      return c.reconnectDeadline !== undefined && now >= c.reconnectDeadline
        ? undefined
        : { code: 'too-early', message: 'the customer is connected or the reconnect window is still open' };
    case 'transfer-to-rep':
      return event.repId === c.assignedRepId ? { code: 'same-rep', message: `the conversation is already with ${event.repId}` } : undefined;
    default:
      return undefined;
  }
}

const ok = (conversation: Conversation, notes: readonly SystemNote[] = []): TransitionResult => ({ ok: true, conversation, notes });

/** Fields that only mean something in one phase; cleared when the conversation leaves it. */
function withoutChat(c: Conversation): Conversation {
  const { assignedRepId: _a, acceptedAt: _b, reconnectDeadline: _c, offer: _d, ...rest } = c;
  return rest;
}

function apply(next: Conversation, before: Conversation, event: ConversationEvent, now: Instant, policy: RoutingPolicy): TransitionResult {
  const offerDeadline = now + policy.offerTimeoutSeconds * 1000;
  switch (event.type) {
    case 'escalate': {
      const { outcome: _o, closedAt: _c, ...rest } = withoutChat(next);
      return ok({
        ...rest,
        queueId: event.queueId,
        skills: event.skills ?? before.skills,
        language: event.language ?? before.language,
        sentimentTrend: event.sentimentTrend ?? before.sentimentTrend,
        frustrated: event.frustrated ?? before.frustrated,
        enqueuedAt: now,
        declined: [],
      });
    }
    case 'offer':
      return ok({ ...next, offer: { repId: event.repId, deadline: offerDeadline } });
    case 'accept':
      return ok({ ...withoutChat(next), assignedRepId: event.repId, acceptedAt: now });
    case 'decline':
    case 'offer-expired': {
      const repId = before.offer!.repId;
      const reason = event.type === 'decline' ? 'declined' : 'expired';
      return ok({ ...withoutChat(next), declined: [...before.declined, { repId, at: now, reason }] });
    }
    case 'offer-withdrawn':
      return ok(withoutChat(next));
    case 'pick':
      return ok({ ...withoutChat(next), assignedRepId: event.repId, acceptedAt: now });
    case 'overflow':
      // The customer keeps their waiting time: being moved is not their fault.
      return ok({ ...next, queueId: event.queueId, declined: [] });
    case 'transfer-to-queue': {
      const declined = before.assignedRepId ? [...before.declined, { repId: before.assignedRepId, at: now, reason: 'transferred' as const }] : before.declined;
      const note = { kind: 'transfer' as const, text: `Transferred to queue ${event.queueId}: ${event.note}`, at: now };
      return ok({ ...withoutChat(next), queueId: event.queueId, enqueuedAt: now, declined }, [note]);
    }
    case 'transfer-to-rep': {
      // Offered to the chosen rep like any offer: if they decline or let it lapse, it waits in the same queue.
      const note = { kind: 'transfer' as const, text: `Transferred to ${event.repId}: ${event.note}`, at: now };
      return ok({ ...withoutChat(next), offer: { repId: event.repId, deadline: offerDeadline }, enqueuedAt: now }, [note]);
    }
    case 'customer-disconnected':
      // A second disconnect event must not stretch the window the first one opened.
      return ok({ ...next, reconnectDeadline: before.reconnectDeadline ?? now + policy.reconnectWindowSeconds * 1000 });
    case 'customer-reconnected': {
      const { reconnectDeadline: _r, ...rest } = next;
      return ok(rest);
    }
    case 'reconnect-expired': {
      const { reconnectDeadline: _r, ...rest } = next;
      const text = `The customer did not reconnect within ${policy.reconnectWindowSeconds} s; the conversation moved to wrap-up.`;
      return ok(rest, [{ kind: 'reconnect-expired', text, at: now }]);
    }
    case 'end':
    case 'customer-left':
      if (next.state === 'closed') return ok({ ...withoutChat(next), outcome: 'abandoned', closedAt: now });
      return ok(withoutReconnect(next));
    case 'leave-message':
      return ok({ ...withoutChat(next), outcome: 'left-message', closedAt: now });
    case 'hand-back': {
      const { queueId: _q, enqueuedAt: _e, ...rest } = withoutChat(next);
      const notes = event.note ? [{ kind: 'hand-back' as const, text: event.note, at: now }] : [];
      return ok({ ...rest, declined: [] }, notes);
    }
    case 'close':
      return ok({ ...next, outcome: next.outcome ?? 'resolved', closedAt: now });
  }
}

function withoutReconnect(c: Conversation): Conversation {
  const { reconnectDeadline: _r, ...rest } = c;
  return rest;
}
