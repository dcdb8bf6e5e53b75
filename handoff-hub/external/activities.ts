import { z } from 'zod';
import type { CustomerStatus, QueueNotice } from '../service/types.ts';

/**
 * The wire between the hub and another Bot Framework bot: what the bot sends (a `handoff.initiate` event, then its
 * customer's messages) and the activities the hub posts back (rep messages, `handoff.status`, `handoff.queue`,
 * typing), all addressed to the bot's own conversation so a botbuilder bot can continue it from `relatesTo`.
 */

/** Enough of a Bot Framework ConversationReference to address activities to the bot's conversation. */
const botConversation = z.looseObject({
  channelId: z.string().min(1).max(100),
  conversation: z.looseObject({ id: z.string().min(1).max(290) }),
  serviceUrl: z.string().max(2000).optional(),
  bot: z.looseObject({ id: z.string().max(200) }).optional(),
  user: z.looseObject({ id: z.string().max(200) }).optional(),
});
export type BotConversation = z.infer<typeof botConversation>;

/**
 * What the hub needs of a `handoff.initiate` activity to answer the bot; the event itself (type, name, context,
 * transcript) is the hub's intake's to check, so its problems come back as `handoff.status failed`.
 */
export const handoffEnvelope = z.looseObject({
  channelId: z.string().min(1).max(100),
  conversation: z.looseObject({ id: z.string().min(1).max(290) }),
  serviceUrl: z.string().max(2000).optional(),
  from: z.looseObject({ id: z.string().max(200) }).optional(),
  recipient: z.looseObject({ id: z.string().max(200) }).optional(),
  // EventFactory.createHandoffInitiation sets it to the customer's conversation reference.
  relatesTo: botConversation.optional(),
});

/** The customer's message: `{id, text, timestamp?}`, which a Bot Framework message activity also is. */
export const customerMessage = z.looseObject({
  type: z.literal('message', 'a message activity (type "message")').optional(),
  id: z.string().min(1).max(200),
  text: z.string().max(4000).regex(/\S/, 'text is required (attachments are not relayed)'),
  timestamp: z.string().max(40).optional(),
});

export const customerChoice = z.object({ choice: z.enum(['leave-message', 'return-to-bot']) }).strict();

/** Where replies go: the reference in `relatesTo`, else the event's own addressing. */
export function addressOf(event: z.infer<typeof handoffEnvelope>): BotConversation {
  return (
    event.relatesTo ?? {
      channelId: event.channelId,
      conversation: event.conversation,
      ...(event.serviceUrl ? { serviceUrl: event.serviceUrl } : {}),
      ...(event.recipient ? { bot: event.recipient } : {}),
      ...(event.from ? { user: event.from } : {}),
    }
  );
}

/**
 * The reference the hub stores for a bot's conversation. Its channel and conversation id are namespaced by the bot,
 * so the hub's one-open-handoff-per-conversation key can never join two bots' conversations that share an id.
 */
export function hubReference(botId: string, to: BotConversation): Record<string, unknown> {
  return {
    channelId: `webhook:${botId}`,
    conversation: { id: `${to.channelId}/${to.conversation.id}` },
    ...(to.bot ? { bot: to.bot } : {}),
    relatesTo: to,
  };
}

/** The bot's own conversation, back out of a stored hub reference. */
export function addressFromHub(botRef: Record<string, unknown>): BotConversation {
  const parsed = botConversation.safeParse(botRef.relatesTo);
  if (!parsed.success) throw new Error('the stored reference has no bot conversation (relatesTo) to post to');
  return parsed.data;
}

const HUB = { id: 'hub', name: 'Support hub' } as const;

function addressed(to: BotConversation, id: string | undefined) {
  return {
    ...(id ? { id } : {}),
    timestamp: new Date().toISOString(),
    channelId: to.channelId,
    conversation: to.conversation,
    ...(to.serviceUrl ? { serviceUrl: to.serviceUrl } : {}),
    ...(to.bot ? { recipient: to.bot } : {}),
    relatesTo: to,
  };
}

/** A rep's message. `clientActivityID` is the hub's id for it: the same id again is a repeat to drop. */
export function repMessageActivity(to: BotConversation, m: { id: string; text: string; from: { id: string; name: string } }) {
  const sender = { kind: 'rep', id: m.from.id, name: m.from.name };
  return { type: 'message', ...addressed(to, m.id), from: { id: m.from.id, name: m.from.name }, text: m.text, textFormat: 'plain', channelData: { sender, clientActivityID: m.id } };
}

/** Bot Framework's `handoff.status` (EventFactory.createHandoffStatus's value), with who took it or how it ended. */
export function statusActivity(to: BotConversation, status: CustomerStatus, o: { id: string; hubConversationId?: string }) {
  const value = status.state === 'failed' ? { state: status.state, message: status.message } : { state: status.state };
  const detail = status.state === 'accepted' ? { rep: status.rep } : status.state === 'completed' ? { outcome: status.outcome } : {};
  const channelData = { clientActivityID: o.id, ...(o.hubConversationId ? { hubConversationId: o.hubConversationId } : {}), ...detail };
  return { type: 'event', name: 'handoff.status', ...addressed(to, o.id), from: HUB, value, channelData };
}

/** Where the customer stands in the queue, or that nobody can serve them now (`unavailable`). */
export function queueActivity(to: BotConversation, notice: QueueNotice, o: { id: string; hubConversationId: string }) {
  return { type: 'event', name: 'handoff.queue', ...addressed(to, o.id), from: HUB, value: notice, channelData: { clientActivityID: o.id, hubConversationId: o.hubConversationId } };
}

export function typingActivity(to: BotConversation, from: { id: string; name: string }) {
  return { type: 'typing', ...addressed(to, undefined), from, channelData: { sender: { kind: 'rep', ...from } } };
}
