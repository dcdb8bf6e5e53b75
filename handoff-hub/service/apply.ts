import { randomUUID } from 'node:crypto';
import { transition, type Conversation, type ConversationEvent, type Refusal } from '../routing/index.ts';
import type { ChatMessage } from '../protocol.ts';
import type { HubConversation, Wrapup } from '../store/conversations.ts';
import type { OutboxItem } from '../store/outbox.ts';
import { offerOf } from './views.ts';
import { SYSTEM, type HubDeps } from './deps.ts';

/** A transcript line the change adds: system notes the customer may see, or internal ones for staff. */
export interface Note {
  readonly text: string;
  readonly internal: boolean;
}

export interface ChangeOptions {
  /** Who caused it (for notes and the customer's "Ana joined"). */
  readonly actor?: { readonly id: string; readonly name: string };
  /** The customer caused it: they need no status about their own choice. */
  readonly byCustomer?: boolean;
  readonly wrapup?: Wrapup;
  readonly notes?: readonly Note[];
}

export type ChangeResult =
  | { readonly ok: true; readonly conversation: HubConversation; readonly messages: readonly ChatMessage[] }
  | { readonly ok: false; readonly code: 'conflict' | 'refused'; readonly message: string; readonly refusal?: Refusal };

/**
 * Applies lifecycle events to a conversation through the transition table and stores the result in one transaction
 * with everything it implies: transcript notes, what the customer must be told (outbox). Conditional on the
 * version read, so a change another node made first gives `conflict` and nothing is written. After the commit
 * the consoles hear of it, the outbox is sent and routing runs again.
 */
export async function change(deps: HubDeps, current: HubConversation, events: readonly ConversationEvent[], o: ChangeOptions = {}): Promise<ChangeResult> {
  const now = deps.now();
  let routing = current.routing;
  const notes: Note[] = [...(o.notes ?? [])];
  for (const event of events) {
    const result = transition(routing, event, now, deps.policy);
    if (!result.ok) return { ok: false, code: 'refused', message: result.refusal.message, refusal: result.refusal };
    routing = result.conversation;
    notes.push(...result.notes.map((n) => ({ text: n.text, internal: n.kind === 'transfer' })));
  }
  const offered = events.some((e) => e.type === 'offer' || e.type === 'transfer-to-rep');
  const outbox = o.byCustomer ? [] : customerItems(current.routing, routing, o.actor);
  notes.push(...joinNotes(current.routing, routing, o.actor));

  type Written = { conversation: HubConversation; messages: ChatMessage[] };
  const written = await deps.sql
    .transaction(async (tx): Promise<Written> => {
      const updated = await deps.conversations.update(tx, current, routing, { ...(offered ? { offerId: randomUUID() } : {}), ...(o.wrapup ? { wrapup: o.wrapup } : {}) });
      if (!updated) throw new Conflict();
      const messages: ChatMessage[] = [];
      for (const [i, note] of notes.entries()) {
        const { message } = await deps.messages.appendIn(tx, { conversationId: current.id, clientId: `note:${updated.version}:${i}`, from: SYSTEM, text: note.text, internal: note.internal, at: new Date(now) });
        messages.push(message);
      }
      for (const item of outbox) await deps.outbox.add(tx, current.id, item);
      // Transferred to a queue: the customer is told their new place in words again, not just in the banner.
      if (events.some((e) => e.type === 'transfer-to-queue')) await deps.conversations.setTold(current.id, null, tx);
      if (routing.state === 'active' && current.routing.state !== 'active' && routing.assignedRepId) await deps.reps.assigned(routing.assignedRepId, new Date(now), tx);
      return { conversation: { ...updated, lastSeq: messages.at(-1)?.seq ?? updated.lastSeq }, messages };
    })
    .catch((error: unknown) => {
      if (error instanceof Conflict) return undefined;
      throw error;
    });
  if (!written) return { ok: false, code: 'conflict', message: 'the conversation changed meanwhile (someone else acted first)' };

  for (const event of events) deps.metrics.event(event.type, routing.queueId ?? '');
  for (const message of written.messages) deps.metrics.message(message.from.kind);
  announce(deps, current, written.conversation, written.messages);
  if (outbox.length > 0) void deps.delivery.kick(current.id);
  deps.reroute();
  return { ok: true, ...written };
}

class Conflict extends Error {}

/** What the customer is told when the conversation moves: a person joined, a person finished. */
function customerItems(before: Conversation, after: Conversation, actor: { id: string; name: string } | undefined): OutboxItem[] {
  if (after.state === 'active' && (before.state !== 'active' || before.assignedRepId !== after.assignedRepId)) {
    return [{ kind: 'status', status: { state: 'accepted', rep: { id: after.assignedRepId!, name: actor?.name ?? 'A member of our team' } } }];
  }
  if (before.state === 'active' && (after.state === 'wrap-up' || after.state === 'closed')) return [{ kind: 'status', status: { state: 'completed', outcome: 'resolved' } }];
  if (before.state !== 'bot' && after.state === 'bot') return [{ kind: 'status', status: { state: 'completed', outcome: 'handed-back' } }];
  return [];
}

/** Lines for the transcript both sides read: who joined, who left. */
function joinNotes(before: Conversation, after: Conversation, actor: { id: string; name: string } | undefined): { text: string; internal: boolean }[] {
  if (after.state === 'active' && before.state !== 'active' && actor) return [{ text: `${actor.name} joined the conversation.`, internal: false }];
  if (before.state === 'active' && after.state === 'bot') return [{ text: 'The conversation went back to the bot.', internal: false }];
  if (before.state === 'active' && (after.state === 'wrap-up' || after.state === 'closed')) return [{ text: 'The chat ended.', internal: false }];
  return [];
}

/** Tells the consoles: offers to the rep offered, withdrawals, the new state to everyone watching, new lines. */
function announce(deps: HubDeps, before: HubConversation, after: HubConversation, messages: readonly ChatMessage[]): void {
  const consoles = deps.consoles();
  const r = after.routing;
  const oldOffer = before.routing.state === 'offered' ? before.routing.offer?.repId : undefined;
  if (oldOffer && (r.state !== 'offered' || r.offer?.repId !== oldOffer || after.offerId !== before.offerId)) {
    const why = r.state === 'active' ? 'accepted-elsewhere' : r.state === 'closed' || r.state === 'bot' ? 'customer-left' : 'expired';
    consoles.toRep(oldOffer, 'offer:withdrawn', { offerId: before.offerId ?? '', conversationId: after.id, why });
  }
  const offer = after.offerId !== before.offerId ? offerOf(after) : undefined;
  if (offer) consoles.toRep(r.offer!.repId, 'offer', offer);
  const state = { conversationId: after.id, state: r.state, repId: r.assignedRepId ?? null, queueId: r.queueId ?? '' };
  consoles.toConversation(after.id, 'conversation:state', state);
  consoles.toSupervisors('conversation:state', state);
  for (const rep of new Set([before.routing.assignedRepId, r.assignedRepId])) if (rep) consoles.toRep(rep, 'conversation:state', state);
  for (const message of messages) consoles.toConversation(after.id, 'message', message);
}
