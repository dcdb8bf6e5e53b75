import type { Activity, ConversationReference } from 'botbuilder';

/**
 * The bot's view of the engagement hub (the composition root wires the hub's implementation; the bot never imports
 * the hub). The hub answers the other way through a `CustomerChannel` the bot implements (customer-channel.ts).
 */
export interface HubGateway {
  /** Hands the conversation over: resolves with the hub's id once it is queued; rejects with HandoffRefused. */
  initiate(event: Partial<Activity>, reference: Partial<ConversationReference>): Promise<{ hubConversationId: string }>;
  /** A customer message while a person has the conversation; resolves once the hub has stored it. */
  customerMessage(hubConversationId: string, message: { id: string; text: string; at: string }): Promise<void>;
}

/** The hub would not take the conversation (invalid context, queue closed…): the customer is told why. */
export class HandoffRefused extends Error {
  override name = 'HandoffRefused';
}

/** What the hub tells the bot about a handoff: Bot Framework's handoff.status states, and who took it. */
export type HubStatus =
  | { readonly state: 'accepted'; readonly rep: { readonly id: string; readonly name: string } }
  | { readonly state: 'completed'; readonly outcome: 'resolved' | 'handed-back' }
  | { readonly state: 'failed'; readonly message: string };
