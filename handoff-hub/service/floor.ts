import { can, type Principal } from '../auth/index.ts';
import type { CannedResponse, ConversationSummary, Directory, KnowledgeSuggestion, Overview } from '../protocol.ts';
import { estimateWait, isOpen, newConversation } from '../routing/index.ts';
import type { HubConversation } from '../store/conversations.ts';
import type { HubDeps } from './deps.ts';
import { fail, type Result } from './types.ts';

/**
 * What consoles list: a rep's own offers and chats, the supervisor's view of the floor, and the rep's helpers
 * (canned responses, knowledge suggestions).
 */

export function summary(c: HubConversation, forRep?: string): ConversationSummary {
  const r = c.routing;
  const offered = r.state === 'offered' && r.offer && c.offerId && (forRep === undefined || r.offer.repId === forRep);
  return {
    id: c.id,
    state: r.state,
    queueId: r.queueId ?? '',
    repId: r.assignedRepId ?? null,
    customerName: c.context.customer.name,
    reason: c.context.reason,
    sentimentTrend: r.sentimentTrend,
    enqueuedAt: r.enqueuedAt === undefined ? null : new Date(r.enqueuedAt).toISOString(),
    lastSeq: c.lastSeq,
    offer: offered ? { offerId: c.offerId!, deadline: new Date(r.offer!.deadline).toISOString() } : null,
  };
}

export async function mine(deps: HubDeps, p: Principal): Promise<Result<{ conversations: ConversationSummary[] }>> {
  const conversations = await deps.conversations.forRep(p.accountId);
  return { ok: true, conversations: conversations.map((c) => summary(c, p.accountId)) };
}

export async function overview(deps: HubDeps, p: Principal): Promise<Result<Overview>> {
  if (!can(p, 'queue.view')) return fail('forbidden', 'the floor overview needs the supervisor role');
  const now = deps.now();
  const [open, reps, recentHandled] = await Promise.all([deps.conversations.open(), deps.reps.forRouting(now), deps.conversations.recentHandled()]);
  const state = { queues: deps.queues, reps, conversations: open.map((c) => c.routing), recentHandled };
  const names = new Map(reps.map((r) => [r.id, r.name]));
  const waitedSeconds = (c: HubConversation) => (c.routing.enqueuedAt === undefined ? 0 : Math.max(0, Math.round((now - c.routing.enqueuedAt) / 1000)));
  const queues = deps.queues.map((q) => {
    const waiting = open.filter((c) => c.routing.queueId === q.id && (c.routing.state === 'queued' || c.routing.state === 'offered'));
    // What a customer arriving now would be told.
    const arrival = { ...newConversation('overview-probe'), state: 'queued' as const, queueId: q.id, enqueuedAt: now };
    return {
      id: q.id,
      name: q.name,
      waiting: waiting.length,
      longestWaitSeconds: Math.max(0, ...waiting.map(waitedSeconds)),
      estimatedWaitSeconds: estimateWait(state, arrival, q.id, now, deps.policy).seconds ?? null,
      open: isOpen(q.businessHours, now),
    };
  });
  return {
    ok: true,
    queues,
    reps: reps
      .filter((r) => r.presence !== 'offline' || r.activeCount > 0)
      .map((r) => ({ id: r.id, name: r.name, presence: r.presence, active: r.activeCount, capacity: r.capacity })),
    conversations: open.map((c) => ({ ...summary(c), repName: c.routing.assignedRepId ? (names.get(c.routing.assignedRepId) ?? null) : null, waitSeconds: waitedSeconds(c) })),
  };
}

/** Where any rep may transfer a conversation: queues (with how many wait) and the reps online with their load. */
export async function directory(deps: HubDeps): Promise<Result<Directory>> {
  const now = deps.now();
  const [waiting, reps] = await Promise.all([deps.conversations.forRouting(), deps.reps.forRouting(now)]);
  return {
    ok: true,
    queues: deps.queues.map((q) => ({
      id: q.id,
      name: q.name,
      waiting: waiting.filter((c) => c.routing.queueId === q.id && (c.routing.state === 'queued' || c.routing.state === 'offered')).length,
      open: isOpen(q.businessHours, now),
    })),
    reps: reps.filter((r) => r.presence !== 'offline').map((r) => ({ id: r.id, name: r.name, presence: r.presence, active: r.activeCount, capacity: r.capacity })),
  };
}

export function canned(responses: readonly CannedResponse[]): Result<{ responses: readonly CannedResponse[] }> {
  return { ok: true, responses };
}

/** Finds knowledge passages for a conversation the principal may see: `query`, or the customer's last message. */
export async function suggest(
  deps: HubDeps,
  p: Principal,
  e: { conversationId: string; query?: string | undefined },
  search: ((query: string) => Promise<KnowledgeSuggestion[]>) | undefined,
): Promise<Result<{ query: string; suggestions: KnowledgeSuggestion[] }>> {
  const c = await deps.conversations.get(e.conversationId);
  if (!c) return fail('not-found', `no conversation ${e.conversationId}`);
  const ref = { assignedRepId: c.routing.assignedRepId ?? null, offeredRepId: c.routing.state === 'offered' ? (c.routing.offer?.repId ?? null) : null };
  if (!can(p, 'conversation.view', ref)) return fail('forbidden', 'the conversation is not offered or assigned to you');
  const query = e.query || (await lastCustomerText(deps, c)) || c.context.va_LastPhrases;
  if (!search || !query) return { ok: true, query: query ?? '', suggestions: [] };
  return { ok: true, query, suggestions: await search(query) };
}

async function lastCustomerText(deps: HubDeps, c: HubConversation): Promise<string | undefined> {
  const recent = await deps.messages.after(c.id, Math.max(0, c.lastSeq - 50), { includeInternal: false });
  return recent.filter((m) => m.from.kind === 'customer').at(-1)?.text;
}
