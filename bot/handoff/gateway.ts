import type { Activity, ConversationReference } from 'botbuilder';
import type { HandoffStatus, QueueNotice } from '../../core/handoff/index.ts';

export type { QueueNotice };

/**
 * The bot's view of the engagement hub (the composition root wires the hub's implementation; the bot never imports
 * the hub). The hub answers the other way through the customer channel the bot implements (customer-channel.ts).
 */
export interface HubGateway {
  /** Hands the conversation over: resolves with the hub's id once it is queued; rejects with HandoffRefused. */
  initiate(event: Partial<Activity>, reference: Partial<ConversationReference>): Promise<{ hubConversationId: string }>;
  /**
   * A customer message while the hub has the conversation; resolves once the hub has stored it. `accepted: false`
   * means the handoff is already over (the rep just closed it): the bot answers the message itself.
   */
  customerMessage(hubConversationId: string, message: { id: string; text: string; at: string }): Promise<{ accepted: boolean }>;
  /** The customer is typing while a person has the conversation (best effort). */
  customerTyping?(hubConversationId: string): Promise<void>;
  /** While waiting, the customer chose to leave a message for the team, or to go back to the bot. */
  customerChoice(hubConversationId: string, choice: 'leave-message' | 'return-to-bot'): Promise<{ done: boolean }>;
}

/** The hub would not take the conversation (invalid context…): the customer is told, the bot carries on. */
export class HandoffRefused extends Error {
  override name = 'HandoffRefused';
}

/** What the hub tells the bot about a handoff (core/handoff: both sides speak it). */
export type HubStatus = HandoffStatus;

/**
 * What the hub sends the bot for a customer; `id` is unique per item, so a repeat after a crash is dropped. It
 * names its handoff: the first notice can arrive before the turn that handed over has saved the conversation.
 */
export type HubUpdate = { readonly id: string; readonly hubConversationId: string } & (
  | { readonly kind: 'status'; readonly status: HubStatus }
  | { readonly kind: 'queue'; readonly notice: QueueNotice }
);
