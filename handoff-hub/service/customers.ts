import { randomUUID } from 'node:crypto';
import { newConversation, transition } from '../routing/index.ts';
import type { HubConversation } from '../store/conversations.ts';
import { change } from './apply.ts';
import { SYSTEM, type HubDeps } from './deps.ts';
import { readInitiation } from './intake.ts';
import { HandoffRejected } from './types.ts';
import { REASON_TEXT } from '../../core/handoff/index.ts';

/**
 * The customer's side of the hub, as the bot (or another Bot Framework bot) calls it: a handoff arrives, the
 * customer writes, chooses to leave a message or go back to the bot, drops off and comes back.
 */

/** Takes a `handoff.initiate`: stores the conversation, its bot transcript and a note, and queues it. */
export async function initiate(deps: HubDeps, event: unknown, reference: unknown, channel: string): Promise<{ hubConversationId: string; created: boolean }> {
  const now = deps.now();
  const read = readInitiation(event, reference, new Date(now));
  if (!read.ok) {
    deps.log.warn({ problem: read.message }, 'handoff refused: invalid handoff.initiate');
    throw new HandoffRejected(read.message);
  }
  const { context, customerKey, transcript } = read.initiation;
  const wanted = context.queue ?? undefined;
  const queue = deps.queues.find((q) => q.id === wanted) ?? deps.queues[0]!;
  if (wanted && queue.id !== wanted) deps.log.warn({ wanted, used: queue.id }, 'handoff names an unknown queue; using the default queue');
  const escalated = transition(
    newConversation(randomUUID()),
    {
      type: 'escalate',
      queueId: queue.id,
      skills: context.skills,
      language: context.va_Language,
      sentimentTrend: context.sentiment.trend,
      frustrated: context.sentiment.signals.length > 0,
    },
    now,
    deps.policy,
  );
  if (!escalated.ok) throw new Error(escalated.refusal.message);
  const routing = escalated.conversation;
  const stored = await deps.sql.transaction(async (tx) => {
    const result = await deps.conversations.create(tx, { id: routing.id, customerKey, channel, botRef: read.initiation.reference, context, routing });
    if (!result.created) return result;
    for (const line of transcript) {
      await deps.messages.appendIn(tx, { conversationId: routing.id, clientId: line.key, from: line.from, text: line.text, internal: false, at: line.at });
    }
    const why = REASON_TEXT[context.reason];
    const agentMessage = context.va_AgentMessage ? ` Note from the bot: ${context.va_AgentMessage}` : '';
    await deps.messages.appendIn(tx, { conversationId: routing.id, clientId: 'handoff', from: SYSTEM, text: `Handed over by ${context.va_BotName || 'the bot'}. ${why}${agentMessage}`, internal: true, at: new Date(now) });
    return result;
  });
  if (stored.created) {
    deps.metrics.event('escalate', queue.id);
    deps.log.info({ hubConversationId: stored.conversation.id, queue: queue.id, reason: context.reason }, 'handoff queued');
    deps.consoles().toSupervisors('conversation:state', { conversationId: stored.conversation.id, state: 'queued', repId: null, queueId: queue.id });
  }
  deps.reroute();
  return { hubConversationId: stored.conversation.id, created: stored.created };
}

/**
 * A customer message while the conversation is with the hub. Stored (once per channel activity id) before this
 * resolves, then shown live to the rep. `accepted: false` means the handoff is already over: the bot answers it.
 */
export async function customerMessage(deps: HubDeps, hubConversationId: string, m: { id: string; text: string; at: string }): Promise<{ accepted: boolean }> {
  const at = Number.isNaN(Date.parse(m.at)) ? new Date(deps.now()) : new Date(m.at);
  const text = m.text.length > 4000 ? `${m.text.slice(0, 3999)}…` : m.text;
  const stored = await deps.messages.appendFromCustomer({ conversationId: hubConversationId, clientId: `c:${m.id || randomUUID()}`, text: text || '(empty message)', at });
  if (!stored) return { accepted: false };
  if (!stored.duplicate) {
    deps.metrics.message('customer');
    deps.consoles().toConversation(hubConversationId, 'message', stored.message);
  }
  // Writing is the surest sign the customer is back.
  if (stored.routing.reconnectDeadline !== undefined) await customerPresence(deps, stored.customerKey, true);
  return { accepted: true };
}

/** The customer chose, while waiting, to leave a message (a follow-up case) or to go back to the bot. */
export async function customerChoice(deps: HubDeps, hubConversationId: string, choice: 'leave-message' | 'return-to-bot'): Promise<{ done: boolean }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const conversation = await deps.conversations.get(hubConversationId);
    if (!conversation) return { done: false };
    const note = choice === 'leave-message' ? 'The customer left a message instead of waiting.' : 'The customer went back to the bot.';
    const event = choice === 'leave-message' ? ({ type: 'leave-message' } as const) : ({ type: 'hand-back' } as const);
    const result = await change(deps, conversation, [event], { byCustomer: true, notes: [{ text: note, internal: false }] });
    if (result.ok) return { done: true };
    if (result.code === 'refused') return { done: false };
  }
  return { done: false };
}

/**
 * The customer's widget connected or dropped (Direct Line stream). While a rep has the chat, a drop opens the
 * reconnect window (the rep is kept); coming back closes it. Waiting customers keep their place either way.
 */
export async function customerPresence(deps: HubDeps, customerKey: string, connected: boolean): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const conversation: HubConversation | undefined = await deps.conversations.openFor(customerKey);
    if (!conversation || conversation.routing.state !== 'active') return;
    const away = conversation.routing.reconnectDeadline !== undefined;
    if (away !== connected) return; // nothing changes
    const event = connected ? ({ type: 'customer-reconnected' } as const) : ({ type: 'customer-disconnected' } as const);
    const note = connected ? 'The customer is back.' : 'The customer disconnected; the chat is kept for them for a while.';
    const result = await change(deps, conversation, [event], { byCustomer: true, notes: [{ text: note, internal: true }] });
    if (result.ok || result.code === 'refused') return;
  }
}
