import type { ServerEvents } from '../protocol.ts';
import type { HubConversation } from '../store/conversations.ts';

/** What consoles are shown of a conversation. */
export interface ConversationView {
  readonly id: string;
  readonly state: string;
  readonly queueId: string;
  readonly repId: string | null;
  readonly offerId: string | null;
  readonly lastSeq: number;
  readonly enqueuedAt: string | null;
  readonly context: HubConversation['context'];
}

export function view(c: HubConversation): ConversationView {
  const r = c.routing;
  return {
    id: c.id,
    state: r.state,
    queueId: r.queueId ?? '',
    repId: r.assignedRepId ?? null,
    offerId: c.offerId,
    lastSeq: c.lastSeq,
    enqueuedAt: r.enqueuedAt === undefined ? null : new Date(r.enqueuedAt).toISOString(),
    context: c.context,
  };
}

/** The offer event for the rep a conversation is offered to (on the offer, and again when their console reloads). */
export function offerOf(c: HubConversation): Parameters<ServerEvents['offer']>[0] | undefined {
  const r = c.routing;
  if (r.state !== 'offered' || !r.offer || !c.offerId) return undefined;
  return {
    offerId: c.offerId,
    conversationId: c.id,
    deadline: new Date(r.offer.deadline).toISOString(),
    queueId: r.queueId ?? '',
    reason: c.context.reason,
    summary: c.context.summary,
    customerName: c.context.customer.name,
  };
}

