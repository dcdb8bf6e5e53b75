import { z } from 'zod';

/**
 * The hub's one wire to its browsers (the rep console; the customer widget during a handoff): Socket.io event
 * names and payload schemas, declared once and imported by the server and, as types, by the browser code.
 * Every event a client sends is validated with these schemas and answered through the Socket.io acknowledgement
 * with `Ack`; events the server sends follow the same shapes.
 *
 * Delivery guarantee: every chat message is stored with a server id and a per-conversation `seq` before it is
 * acknowledged or broadcast. A client that (re)joins a conversation says the last `seq` it saw and receives
 * everything after it, so nothing is lost or doubled across reconnects, restarts or node failures; a message a
 * client sends carries its own `clientId`, so a retry after a lost acknowledgement is stored once.
 */

export const PRESENCES = ['available', 'busy', 'away', 'offline'] as const;
export type Presence = (typeof PRESENCES)[number];

const id = z.string().min(1).max(200);
const text = z.string().trim().min(1).max(4000);

/** Who wrote a message in a handed-off conversation. */
export const senderSchema = z.object({
  kind: z.enum(['customer', 'bot', 'rep', 'system']),
  id: z.string().max(200),
  name: z.string().max(200),
});
export type Sender = z.infer<typeof senderSchema>;

export const chatMessageSchema = z.object({
  conversationId: id,
  /** Server id. */
  id,
  /** Per-conversation sequence, from 1, without gaps. */
  seq: z.int().positive(),
  from: senderSchema,
  text: z.string().max(4000),
  /** Internal notes are for reps and supervisors only. */
  internal: z.boolean(),
  at: z.iso.datetime(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

/** What a client sends; each has a payload schema and answers through the acknowledgement. */
export const clientEvents = {
  'presence:set': z.object({ presence: z.enum(PRESENCES) }).strict(),
  /** The presence this rep last chose, on any device (`available` for someone never seen): a console restates it. */
  'presence:get': z.object({}).strict(),
  'offer:accept': z.object({ conversationId: id, offerId: id }).strict(),
  'offer:decline': z.object({ conversationId: id, offerId: id }).strict(),
  'queue:pick': z.object({ conversationId: id }).strict(),
  /** Join (or rejoin) a conversation's room and receive every message after `afterSeq`. */
  'conversation:join': z.object({ conversationId: id, afterSeq: z.int().min(0) }).strict(),
  'message:send': z.object({ conversationId: id, clientId: id, text, internal: z.boolean().default(false) }).strict(),
  'typing': z.object({ conversationId: id }).strict(),
  'read': z.object({ conversationId: id, seq: z.int().positive() }).strict(),
  'transfer': z
    .object({ conversationId: id, to: z.union([z.object({ repId: id }).strict(), z.object({ queueId: id }).strict()]), note: z.string().max(2000).default('') })
    .strict(),
  'handback': z.object({ conversationId: id }).strict(),
  'wrapup': z.object({ conversationId: id, disposition: z.string().min(1).max(100), notes: z.string().max(4000).default('') }).strict(),
  'close': z.object({ conversationId: id }).strict(),
  /** The rep's own offers and chats (after a reload). */
  'conversations:mine': z.object({}).strict(),
  /** Supervisors: queues with waiting count and waits, reps with presence and load, open conversations. */
  'overview': z.object({}).strict(),
  /** Any staff: who and where a conversation can be transferred to (queues with their waiting count, reps online). */
  'directory': z.object({}).strict(),
  /** Canned responses; `{customer.name}` and `{rep.name}` in their text are filled in by the console. */
  'canned:list': z.object({}).strict(),
  /** The wrap-up codes `wrapup` accepts (the queues file's `dispositions`), in the order to offer them. */
  'dispositions:list': z.object({}).strict(),
  /** Knowledge passages for the conversation (the customer's last message, or `query`), with their citation. */
  'knowledge:suggest': z.object({ conversationId: id, query: z.string().trim().max(500).optional() }).strict(),
} as const;
export type ClientEventName = keyof typeof clientEvents;
export type ClientPayload<E extends ClientEventName> = z.input<(typeof clientEvents)[E]>;

/** Errors a client can act on; `message` names the field or the rule. */
export const ERROR_CODES = ['bad-request', 'unauthorised', 'forbidden', 'not-found', 'conflict', 'offer-expired', 'too-large', 'unknown-event', 'unavailable'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export type Ack<T = Record<string, never>> = ({ ok: true } & T) | { ok: false; error: { code: ErrorCode; message: string } };

/** What the server sends. */
export interface ServerEvents {
  /** A conversation offered to this rep, to accept or decline before `deadline`. */
  'offer': (offer: { offerId: string; conversationId: string; deadline: string; queueId: string; reason: string; summary: string; customerName: string | null }) => void;
  'offer:withdrawn': (p: { offerId: string; conversationId: string; why: 'accepted-elsewhere' | 'expired' | 'customer-left' }) => void;
  'message': (message: ChatMessage) => void;
  'typing': (p: { conversationId: string; from: Sender }) => void;
  'read': (p: { conversationId: string; seq: number; by: Sender }) => void;
  'conversation:state': (p: { conversationId: string; state: string; repId: string | null; queueId: string }) => void;
  /** The customer's wait: position in the queue and an honest estimate (seconds), as they change. */
  'queue:position': (p: { conversationId: string; position: number; estimatedWaitSeconds: number }) => void;
  /** A rep's message reached the customer's channel. */
  'delivered': (p: { conversationId: string; messageId: string }) => void;
  /** A rep's presence changed (to supervisors). */
  'presence': (p: { repId: string; presence: Presence }) => void;
}

/** A conversation as consoles list it. */
export interface ConversationSummary {
  readonly id: string;
  readonly state: string;
  readonly queueId: string;
  readonly repId: string | null;
  readonly customerName: string | null;
  readonly reason: string;
  readonly sentimentTrend: number;
  readonly enqueuedAt: string | null;
  readonly lastSeq: number;
  /** Set while it is offered to the asking rep. */
  readonly offer: { readonly offerId: string; readonly deadline: string } | null;
}

/** The supervisor's view of the floor. */
export interface Overview {
  readonly queues: readonly { readonly id: string; readonly name: string; readonly waiting: number; readonly longestWaitSeconds: number; readonly estimatedWaitSeconds: number | null; readonly open: boolean }[];
  readonly reps: readonly { readonly id: string; readonly name: string; readonly presence: Presence; readonly active: number; readonly capacity: number }[];
  readonly conversations: readonly (ConversationSummary & { readonly repName: string | null; readonly waitSeconds: number })[];
}

/** Transfer targets, for every rep (the overview is for supervisors). */
export type Directory = Pick<Overview, 'reps'> & { readonly queues: readonly { readonly id: string; readonly name: string; readonly waiting: number; readonly open: boolean }[] };

export interface CannedResponse {
  readonly id: string;
  readonly title: string;
  readonly text: string;
}

export interface KnowledgeSuggestion {
  readonly title: string;
  readonly text: string;
  readonly citation: { readonly title: string; readonly url: string | null };
  readonly confidence: number;
}

export interface ClientEvents {
  [name: string]: (payload: unknown, ack: (reply: Ack<Record<string, unknown>>) => void) => void;
}
