/** Small builders for routing state: each test states only what matters to it. */
import {
  applySteps,
  nextOffers,
  type Conversation,
  type Queue,
  type Rep,
  type RoutingPolicy,
  type RoutingState,
} from '../../../handoff-hub/routing/index.ts';

/** Monday 2 June 2025, 11:00 in London (BST): inside the demo business hours. */
export const T0 = Date.parse('2025-06-02T10:00:00Z');
export const seconds = (n: number) => n * 1000;

export function rep(id: string, over: Partial<Rep> = {}): Rep {
  return { id, name: id, skills: [], languages: ['en'], capacity: 2, presence: 'available', activeCount: 0, permissions: { canPickFromQueue: false }, ...over };
}

export function queue(id: string, over: Partial<Queue> = {}): Queue {
  return { id, name: id, skills: [], languages: ['en'], maxWaitSeconds: 600, ...over };
}

export function waiting(id: string, over: Partial<Conversation> = {}): Conversation {
  return { id, state: 'queued', queueId: 'general', skills: [], language: 'en-GB', sentimentTrend: 0, frustrated: false, enqueuedAt: T0, declined: [], ...over };
}

export function state(over: Partial<RoutingState>): RoutingState {
  return { queues: [queue('general')], reps: [], conversations: [], ...over };
}

/** Runs the router once and applies its steps, as the server would. */
export function route(s: RoutingState, now: number, policy?: RoutingPolicy): { state: RoutingState; offers: Record<string, string> } {
  const steps = nextOffers(s, now, policy);
  const applied = applySteps(s.conversations, steps, now, policy);
  if (applied.refusals.length > 0) throw new Error(applied.refusals.map((r) => r.refusal.message).join('; '));
  const offers: Record<string, string> = {};
  for (const step of steps) if (step.event.type === 'offer') offers[step.conversationId] = step.event.repId;
  return { state: { ...s, conversations: applied.conversations }, offers };
}

export function conversation(s: RoutingState, id: string): Conversation {
  const found = s.conversations.find((c) => c.id === id);
  if (!found) throw new Error(`no conversation ${id}`);
  return found;
}
