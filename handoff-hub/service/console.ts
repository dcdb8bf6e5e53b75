import { can, type Principal } from '../auth/index.ts';
import type { ConversationAction } from '../auth/policy.ts';
import type { ChatMessage, ClientPayload, Presence } from '../protocol.ts';
import { pickFromQueue, type ConversationEvent } from '../routing/index.ts';
import type { HubConversation } from '../store/conversations.ts';
import { change, type ChangeOptions, type ChangeResult } from './apply.ts';
import type { HubDeps } from './deps.ts';
import { fail, type Result } from './types.ts';
import { type ConversationView, view } from './views.ts';

export { type ConversationView, view };

/**
 * What reps and supervisors do from the console, each checked against the policy (`can`) with the conversation as
 * SQL holds it now, and each answered with a `Result` the socket layer passes back as the acknowledgement.
 */

const actorOf = (p: Principal) => ({ id: p.accountId, name: p.displayName });
const refOf = (c: Pick<HubConversation, 'routing'>) => ({ assignedRepId: c.routing.assignedRepId ?? null, offeredRepId: c.routing.state === 'offered' ? (c.routing.offer?.repId ?? null) : null, queueId: c.routing.queueId ?? null });

/** The conversation, if it exists and the principal may do `action` on it; else the error to answer with. */
async function load(deps: HubDeps, p: Principal, id: string, action: ConversationAction): Promise<HubConversation | Result<never>> {
  return authorised(p, id, action, await deps.conversations.get(id));
}

/** As `load`, reading only where the conversation stands (for what rep messages and read receipts need). */
async function loadRouting(deps: HubDeps, p: Principal, id: string, action: ConversationAction): Promise<RoutingOnly | Result<never>> {
  return authorised(p, id, action, await deps.conversations.routingOf(id));
}

type RoutingOnly = Pick<HubConversation, 'id' | 'routing' | 'lastSeq'>;

function authorised<C extends Pick<HubConversation, 'routing'>>(p: Principal, id: string, action: ConversationAction, c: C | undefined): C | Result<never> {
  if (!c) return fail('not-found', `no conversation ${id}`);
  if (!can(p, action, refOf(c))) return fail('forbidden', `${action.replace('conversation.', '')} is not allowed: the conversation is not offered or assigned to you`);
  return c;
}

const isFailure = <C extends object>(x: C | Result<never>): x is Result<never> => 'ok' in x;

function answer(result: ChangeResult): Result<{ conversation: ConversationView }> {
  if (result.ok) return { ok: true, conversation: view(result.conversation) };
  // Refused means the state moved on (someone else acted, the offer lapsed): a conflict for the client either way.
  return fail('conflict', result.message);
}

async function apply(deps: HubDeps, c: HubConversation, events: readonly ConversationEvent[], o: ChangeOptions): Promise<Result<{ conversation: ConversationView }>> {
  return answer(await change(deps, c, events, o));
}

export async function setPresence(deps: HubDeps, p: Principal, presence: Presence): Promise<Result<{ presence: Presence }>> {
  await deps.reps.choose(p.accountId, presence, new Date(deps.now()));
  deps.consoles().toSupervisors('presence', { repId: p.accountId, presence });
  deps.reroute();
  return { ok: true, presence };
}

export function accept(deps: HubDeps, p: Principal, e: ClientPayload<'offer:accept'>): Promise<Result<{ conversation: ConversationView }>> {
  return answerOffer(deps, p, e, 'accept');
}

export function decline(deps: HubDeps, p: Principal, e: ClientPayload<'offer:decline'>): Promise<Result<{ conversation: ConversationView }>> {
  return answerOffer(deps, p, e, 'decline');
}

/** The offered rep's answer to the offer `offerId` names, if it is still the open one. */
async function answerOffer(
  deps: HubDeps,
  p: Principal,
  e: { conversationId: string; offerId: string },
  answer: 'accept' | 'decline',
): Promise<Result<{ conversation: ConversationView }>> {
  const c = await deps.conversations.get(e.conversationId);
  if (!c) return fail('not-found', `no conversation ${e.conversationId}`);
  // An offer that lapsed, was answered already or is not the current one: say so rather than "forbidden".
  if (c.routing.state !== 'offered' || c.offerId !== e.offerId) return fail('offer-expired', `offer ${e.offerId} is no longer open`);
  if (c.routing.offer?.repId !== p.accountId) return fail('forbidden', 'the offer is for someone else');
  return apply(deps, c, [{ type: answer, repId: p.accountId }], { actor: actorOf(p) });
}

/** A supervisor (or anyone with the permission) takes a waiting conversation; an open offer to someone else is withdrawn. */
export async function pick(deps: HubDeps, p: Principal, e: ClientPayload<'queue:pick'>): Promise<Result<{ conversation: ConversationView }>> {
  if (!can(p, 'queue.pick')) return fail('forbidden', 'picking from the queue needs the supervisor role');
  const c = await deps.conversations.get(e.conversationId);
  if (!c) return fail('not-found', `no conversation ${e.conversationId}`);
  if (c.routing.state === 'offered' && c.routing.offer?.repId === p.accountId) return apply(deps, c, [{ type: 'accept', repId: p.accountId }], { actor: actorOf(p) });
  if (c.routing.state !== 'queued' && c.routing.state !== 'offered') return fail('conflict', `the conversation is ${c.routing.state}, not waiting`);
  const now = deps.now();
  const reps = await deps.reps.forRouting(now);
  const routing = c.routing.state === 'offered' ? { ...c.routing, state: 'queued' as const } : c.routing;
  const check = pickFromQueue({ queues: deps.queues, reps, conversations: [routing] }, p.accountId, c.id, now, deps.policy);
  if (!check.ok) return fail(check.refusal.code === 'no-capacity' || check.refusal.code === 'not-qualified' ? 'conflict' : 'forbidden', check.refusal.message);
  const events: ConversationEvent[] = c.routing.state === 'offered' ? [{ type: 'offer-withdrawn' }, { type: 'pick', repId: p.accountId }] : [{ type: 'pick', repId: p.accountId }];
  return apply(deps, c, events, { actor: actorOf(p) });
}

/** Who may join: the rep it is offered or assigned to, or a supervisor (monitoring). */
export async function authoriseJoin(deps: HubDeps, p: Principal, conversationId: string): Promise<HubConversation | Result<never>> {
  return load(deps, p, conversationId, 'conversation.view');
}

export async function history(deps: HubDeps, c: HubConversation, afterSeq: number): Promise<Result<{ conversation: ConversationView; messages: ChatMessage[]; more: boolean }>> {
  const messages = await deps.messages.after(c.id, afterSeq, { includeInternal: true });
  const last = messages.at(-1)?.seq ?? afterSeq;
  const fresh = (await deps.conversations.get(c.id)) ?? c;
  return { ok: true, conversation: view(fresh), messages, more: last < fresh.lastSeq };
}

export async function send(deps: HubDeps, p: Principal, e: ClientPayload<'message:send'>): Promise<Result<{ message: ChatMessage }>> {
  const c = await loadRouting(deps, p, e.conversationId, 'conversation.send');
  if (isFailure(c)) return c;
  const internal = e.internal ?? false;
  if (!internal && c.routing.state !== 'active') return fail('conflict', `the chat is ${c.routing.state}: only internal notes can be added`);
  const from = { kind: 'rep' as const, id: p.accountId, name: p.displayName };
  const { message, duplicate } = await deps.messages.append(
    { conversationId: c.id, clientId: `r:${p.accountId}:${e.clientId}`, from, text: e.text.trim(), internal, at: new Date(deps.now()) },
    { toCustomer: !internal },
  );
  if (!duplicate) {
    deps.metrics.message('rep');
    deps.consoles().toConversation(c.id, 'message', message);
    if (!internal) void deps.delivery.kick(c.id);
  }
  return { ok: true, message };
}

export async function typing(deps: HubDeps, p: Principal, conversationId: string, tellCustomer: (c: HubConversation) => void): Promise<Result> {
  const c = await load(deps, p, conversationId, 'conversation.send');
  if (isFailure(c)) return c;
  deps.consoles().toConversation(c.id, 'typing', { conversationId: c.id, from: { kind: 'rep', id: p.accountId, name: p.displayName } });
  if (c.routing.state === 'active') tellCustomer(c);
  return { ok: true };
}

export async function read(deps: HubDeps, p: Principal, e: ClientPayload<'read'>): Promise<Result> {
  const c = await loadRouting(deps, p, e.conversationId, 'conversation.view');
  if (isFailure(c)) return c;
  if (e.seq > c.lastSeq) return fail('bad-request', `seq ${e.seq} is after the last message (${c.lastSeq})`);
  deps.consoles().toConversation(c.id, 'read', { conversationId: c.id, seq: e.seq, by: { kind: 'rep', id: p.accountId, name: p.displayName } });
  return { ok: true };
}

export async function transfer(deps: HubDeps, p: Principal, e: ClientPayload<'transfer'>): Promise<Result<{ conversation: ConversationView }>> {
  const c = await load(deps, p, e.conversationId, 'conversation.transfer');
  if (isFailure(c)) return c;
  const note = (e.note ?? '').trim() || '(no note)';
  if ('queueId' in e.to) {
    const queueId = e.to.queueId;
    if (!deps.queues.some((q) => q.id === queueId)) return fail('not-found', `no queue ${queueId}`);
    return apply(deps, c, [{ type: 'transfer-to-queue', queueId, note }], { actor: actorOf(p), notes: [{ text: 'You are being transferred to another team.', internal: false }] });
  }
  const repId = e.to.repId;
  const target = (await deps.reps.forRouting(deps.now())).find((r) => r.id === repId);
  if (!target) return fail('not-found', `no rep ${repId}`);
  if (target.presence === 'offline' || target.presence === 'away') return fail('unavailable', `${target.name} is ${target.presence}`);
  return apply(deps, c, [{ type: 'transfer-to-rep', repId, note }], { actor: actorOf(p) });
}

export async function handBack(deps: HubDeps, p: Principal, e: ClientPayload<'handback'>): Promise<Result<{ conversation: ConversationView }>> {
  const c = await load(deps, p, e.conversationId, 'conversation.handBack');
  if (isFailure(c)) return c;
  return apply(deps, c, [{ type: 'hand-back', note: `${p.displayName} handed the conversation back to the bot.` }], { actor: actorOf(p) });
}

/** Ends the chat (the customer is told, the bot takes over again) and leaves it in wrap-up. */
export async function close(deps: HubDeps, p: Principal, e: ClientPayload<'close'>): Promise<Result<{ conversation: ConversationView }>> {
  const c = await load(deps, p, e.conversationId, 'conversation.close');
  if (isFailure(c)) return c;
  if (c.routing.state === 'wrap-up') return { ok: true, conversation: view(c) };
  return apply(deps, c, [{ type: 'end' }], { actor: actorOf(p) });
}

/** Records the disposition and notes and closes the conversation (ending the chat first if it still runs). */
export async function wrapUp(deps: HubDeps, p: Principal, e: ClientPayload<'wrapup'>): Promise<Result<{ conversation: ConversationView }>> {
  if (!deps.dispositions.some((d) => d.code === e.disposition)) {
    return fail('bad-request', `unknown disposition "${e.disposition}": one of ${deps.dispositions.map((d) => d.code).join(', ')}`);
  }
  const c = await load(deps, p, e.conversationId, 'conversation.wrapUp');
  if (isFailure(c)) return c;
  const events: ConversationEvent[] = c.routing.state === 'active' ? [{ type: 'end' }, { type: 'close' }] : [{ type: 'close' }];
  const wrapup = { disposition: e.disposition, notes: e.notes ?? '', by: p.accountId, at: new Date(deps.now()).toISOString() };
  const notes = [{ text: `Wrap-up: ${e.disposition}${wrapup.notes ? ` — ${wrapup.notes}` : ''}`, internal: true }];
  return apply(deps, c, events, { actor: actorOf(p), wrapup, notes });
}

/** What a console needs after (re)connecting: its offers and chats. */
export async function mine(deps: HubDeps, p: Principal): Promise<HubConversation[]> {
  return deps.conversations.forRep(p.accountId);
}
