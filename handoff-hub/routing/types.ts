/**
 * The routing domain's data: queues, reps, handoff conversations and the policy knobs. Plain, serialisable
 * values only (times are epoch milliseconds), so the server can load them from SQL, pass them in with `now`, and
 * store what comes back. Nothing here knows about sockets, storage or the clock.
 */

/** Epoch milliseconds. Numbers rather than Date so state round-trips through JSON and SQL unchanged. */
export type Instant = number;

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/**
 * Local wall-clock times `HH:MM` (24 h, zero-padded; `to` may be `24:00`), `from` inclusive, `to` exclusive.
 * Zero-padded strings compare correctly as strings, which keeps the hours check free of parsing.
 */
export interface TimeRange {
  readonly from: string;
  readonly to: string;
}

export interface BusinessHours {
  /** IANA zone (`Europe/London`): opening times follow its daylight-saving changes. */
  readonly timeZone: string;
  /** Days left out are closed all day. */
  readonly weekly: Partial<Record<Weekday, readonly TimeRange[]>>;
  /** Local dates `YYYY-MM-DD` closed all day. */
  readonly holidays?: readonly string[];
}

export interface Queue {
  readonly id: string;
  readonly name: string;
  /** Every skill a rep needs to serve this queue; empty means any rep. */
  readonly skills: readonly string[];
  /** Languages the queue serves (`en`, `de`); empty means any. The first is its default language. */
  readonly languages: readonly string[];
  /** Absent means always open. */
  readonly businessHours?: BusinessHours;
  readonly maxWaitSeconds: number;
  /** Where customers go when this queue cannot serve them (closed, nobody online, wait over the maximum). */
  readonly overflowQueue?: string;
}

export type Presence = 'available' | 'busy' | 'away' | 'offline';

export interface Rep {
  readonly id: string;
  readonly name: string;
  readonly skills: readonly string[];
  /** Empty means the rep has not declared languages and is not filtered on them. */
  readonly languages: readonly string[];
  /** Concurrent chats the rep can hold. */
  readonly capacity: number;
  readonly presence: Presence;
  /** Chats the rep owns now (active and wrap-up). Pending offers are counted from the conversations. */
  readonly activeCount: number;
  /** When the rep last took a chat; absent = never, i.e. idle longest. */
  readonly lastAssignedAt?: Instant;
  readonly permissions: { readonly canPickFromQueue: boolean };
}

export type ConversationState = 'bot' | 'queued' | 'offered' | 'active' | 'wrap-up' | 'closed';

/** A rep who turned a conversation down (or let the offer lapse, or transferred it away). */
export interface Decline {
  readonly repId: string;
  readonly at: Instant;
  readonly reason: 'declined' | 'expired' | 'transferred';
}

export interface Offer {
  readonly repId: string;
  readonly deadline: Instant;
}

export type ClosedOutcome = 'resolved' | 'abandoned' | 'left-message';

export interface Conversation {
  readonly id: string;
  readonly state: ConversationState;
  readonly queueId?: string;
  /** Skills the bot hinted (Transfer node `skills`): reps with more of them are preferred. */
  readonly skills: readonly string[];
  /** BCP 47 tag from the bot (`en-GB`); matched on its base language. */
  readonly language?: string;
  /** Sentiment trend over the bot part, in [-1, 1]; negative raises priority. */
  readonly sentimentTrend: number;
  readonly frustrated: boolean;
  /** When the customer joined the queue (reset by a transfer to another queue). */
  readonly enqueuedAt?: Instant;
  readonly offer?: Offer;
  /**
   * Kept on the conversation, not the offer, so it survives offered → queued → offered: a rep who said no is not
   * asked again while someone else can take it.
   */
  readonly declined: readonly Decline[];
  readonly assignedRepId?: string;
  readonly acceptedAt?: Instant;
  /** Set while the customer is disconnected from an active chat: the rep is kept until then. */
  readonly reconnectDeadline?: Instant;
  readonly outcome?: ClosedOutcome;
  readonly closedAt?: Instant;
}

/** How long recent conversations took to handle, for the wait estimate. */
export interface HandledConversation {
  readonly queueId: string;
  readonly closedAt: Instant;
  /** From accept to close. */
  readonly handleSeconds: number;
}

export interface RoutingState {
  readonly queues: readonly Queue[];
  readonly reps: readonly Rep[];
  readonly conversations: readonly Conversation[];
  readonly recentHandled?: readonly HandledConversation[];
}

/** A wrap-up code a rep closes a conversation with (analytics group closed conversations by it). */
export interface Disposition {
  readonly code: string;
  readonly label: string;
}

/** The wrap-up codes when the queues file names none. */
export const DEFAULT_DISPOSITIONS: readonly Disposition[] = Object.freeze([
  { code: 'resolved', label: 'Resolved' },
  { code: 'follow-up', label: 'Needs follow-up' },
  { code: 'not-resolved', label: 'Not resolved' },
  { code: 'no-response', label: 'Customer stopped responding' },
  { code: 'out-of-scope', label: 'Out of scope / wrong team' },
]);

export interface PriorityWeights {
  /** Score per second waited. */
  readonly waitWeight: number;
  /** Score for a fully negative trend (-1); a trend of -0.5 earns half. */
  readonly sentimentWeight: number;
  readonly frustratedBonus: number;
}

export interface RoutingPolicy {
  readonly offerTimeoutSeconds: number;
  readonly maxPendingOffersPerRep: number;
  /** A rep who declined is asked again only when no one else can take it, and not before this many seconds. */
  readonly declineCooldownSeconds: number;
  readonly reconnectWindowSeconds: number;
  readonly priority: PriorityWeights;
  /** How many recently handled conversations of a queue the estimate takes the median of. */
  readonly handleTimeSamples: number;
  /** Used when a queue has no history yet. */
  readonly defaultHandleSeconds: number;
}

/**
 * Defaults: 30 s to accept, one pending offer per rep, a 180 s reconnect window. The weights make a fully
 * negative trend worth five minutes of waiting and a frustrated flag worth two: upset customers jump ahead, but
 * a calm customer who has waited long enough still overtakes them.
 */
export const DEFAULT_POLICY: RoutingPolicy = Object.freeze({
  offerTimeoutSeconds: 30,
  maxPendingOffersPerRep: 1,
  declineCooldownSeconds: 60,
  reconnectWindowSeconds: 180,
  priority: Object.freeze({ waitWeight: 1, sentimentWeight: 300, frustratedBonus: 120 }),
  handleTimeSamples: 20,
  defaultHandleSeconds: 300,
});
