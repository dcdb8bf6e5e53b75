import type { CustomerStatus, QueueNotice } from '../store/outbox.ts';
import type { ErrorCode, ServerEvents } from '../protocol.ts';

/**
 * How the hub reaches a customer: the bot that handed the conversation over implements it (proactive messages on
 * the customer's own channel). The hub never imports the bot; the composition root wires the two. Every call
 * carries an `id` unique to what is sent, so a channel can drop a repeat after a crash (Direct Line does).
 */
export interface CustomerChannel {
  /** A rep's message, shown to the customer as from a person. */
  deliver(botRef: Record<string, unknown>, message: { id: string; text: string; from: { id: string; name: string } }): Promise<void>;
  /** Bot Framework's handoff.status: a rep took it, finished it, or nobody could. */
  status(botRef: Record<string, unknown>, status: CustomerStatus, o: { id: string; hubConversationId: string }): Promise<void>;
  /** Where the customer stands in the queue, or that nobody can serve them now. */
  queue(botRef: Record<string, unknown>, notice: QueueNotice, o: { id: string; hubConversationId: string }): Promise<void>;
  /** The rep is typing (best effort: never stored, never retried). */
  typing?(botRef: Record<string, unknown>, from: { id: string; name: string }): Promise<void>;
}

/** What the hub says to connected consoles; the socket layer implements it over Socket.io rooms (every node). */
export interface ConsoleEmitter {
  toRep<E extends keyof ServerEvents>(repId: string, event: E, ...args: Parameters<ServerEvents[E]>): void;
  toConversation<E extends keyof ServerEvents>(conversationId: string, event: E, ...args: Parameters<ServerEvents[E]>): void;
  toSupervisors<E extends keyof ServerEvents>(event: E, ...args: Parameters<ServerEvents[E]>): void;
}

/** What the hub counts (the composition root wires Prometheus counters). */
export interface HubMetrics {
  event(event: string, queue: string): void;
  message(from: string): void;
  delivery(outcome: 'ok' | 'retry'): void;
}

export const NO_METRICS: HubMetrics = { event() {}, message() {}, delivery() {} };

/** An answer to a console: the data, or an error the client can act on (protocol `Ack`). */
export type Result<T extends object = object> = ({ ok: true } & T) | { ok: false; error: { code: ErrorCode; message: string } };

export function fail(code: ErrorCode, message: string): { ok: false; error: { code: ErrorCode; message: string } } {
  return { ok: false, error: { code, message } };
}

/** The hub would not take a handoff: the bot tells the customer and answers with handoff.status failed. */
export class HandoffRejected extends Error {
  override name = 'HandoffRejected';
}

export type { CustomerStatus, QueueNotice };
