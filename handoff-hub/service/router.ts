import { dueEvents, nextOffers, queueDecision, type ConversationEvent, type RoutingState } from '../routing/index.ts';
import type { RoutingRow, Told } from '../store/conversations.ts';
import type { QueueNotice } from '../store/outbox.ts';
import { change, type ChangeOptions } from './apply.ts';
import type { HubDeps } from './deps.ts';

/**
 * One routing pass over the state in SQL: expire what is due, offer waiting conversations to the best free reps,
 * move customers along overflow queues, and tell each waiting customer their place and wait when it changed.
 * Every node runs it after each change and on a timer; the conditional writes make concurrent passes safe (a
 * step another node took first is a conflict, skipped here and seen next pass).
 */
export async function routePass(deps: HubDeps): Promise<void> {
  const now = deps.now();
  const rows = await deps.conversations.forRouting();
  // Nobody waiting, offered or away: nothing to decide (the sweep runs this every second on every node).
  if (rows.length === 0) return;
  const [reps, recentHandled] = await Promise.all([deps.reps.forRouting(now), deps.conversations.recentHandled()]);
  const byId = new Map<string, RoutingRow>(rows.map((c) => [c.id, c]));
  const state = (): RoutingState => ({ queues: deps.queues, reps, conversations: [...byId.values()].map((c) => c.routing), recentHandled });

  /** Applies one event to the conversation as the pass read it; nothing if it changed meanwhile (next pass). */
  const apply = async (row: RoutingRow, event: ConversationEvent, options?: ChangeOptions): Promise<RoutingRow | undefined> => {
    const current = await deps.conversations.get(row.id);
    if (!current || current.version !== row.version) return undefined;
    const result = await change(deps, current, [event], options);
    if (!result.ok) return undefined;
    byId.set(row.id, result.conversation);
    return result.conversation;
  };

  const initial = state();
  const steps = [...dueEvents(initial, now).filter((s) => s.event.type === 'reconnect-expired'), ...nextOffers(initial, now, deps.policy)];
  for (const step of steps) {
    const row = byId.get(step.conversationId);
    if (row) await apply(row, step.event);
  }

  for (const current of [...byId.values()]) {
    if (current.routing.state !== 'queued' || !current.routing.queueId) continue;
    const decision = queueDecision(state(), current.routing, current.routing.queueId, now, deps.policy);
    let conversation = current;
    if (decision.decision === 'overflow') {
      const moved = await apply(current, { type: 'overflow', queueId: decision.queueId }, {
        notes: [{ text: `Moved to queue ${decision.queueId}: ${decision.from} is ${reasonText(decision.reason)}.`, internal: true }],
      });
      if (!moved) continue;
      conversation = moved;
    }
    const estimate = decision.estimate;
    const told: Told = {
      position: estimate?.position ?? 1,
      minutes: estimate?.seconds === undefined ? null : Math.ceil(estimate.seconds / 60),
      unavailable: decision.decision === 'offer-leave-message-or-bot' ? decision.reason : null,
    };
    if (sameTold(conversation.told, told)) continue;
    await tell(deps, conversation, told, estimate?.seconds ?? null);
  }
}

async function tell(deps: HubDeps, conversation: RoutingRow, told: Told, seconds: number | null): Promise<void> {
  const queue = deps.queues.find((q) => q.id === conversation.routing.queueId);
  const notice: QueueNotice = {
    position: told.position,
    estimatedWaitSeconds: seconds,
    queueName: queue?.name ?? conversation.routing.queueId ?? '',
    unavailable: told.unavailable as QueueNotice['unavailable'],
    first: conversation.told === null,
  };
  const stillWaiting = await deps.sql.transaction(async (tx) => {
    // Still waiting? A rep who accepted meanwhile must not be followed by a "you're number 1" (the row lock orders
    // this against the accept: whichever commits first, the other sees it).
    const [now] = await tx.query<{ state: string }>('SELECT state FROM hub_conversations WHERE id = $1 FOR UPDATE', [conversation.id]);
    if (now?.state !== 'queued') return false;
    await deps.conversations.setTold(conversation.id, told, tx);
    await deps.outbox.add(tx, conversation.id, { kind: 'queue', notice });
    return true;
  });
  if (!stillWaiting) return;
  void deps.delivery.kick(conversation.id);
  deps.consoles().toSupervisors('queue:position', { conversationId: conversation.id, position: told.position, estimatedWaitSeconds: seconds ?? -1 });
}

function sameTold(a: Told | null, b: Told): boolean {
  return a !== null && a.position === b.position && a.minutes === b.minutes && a.unavailable === b.unavailable;
}

function reasonText(reason: string): string {
  return reason === 'out-of-hours' ? 'closed now' : reason === 'no-rep-online' ? 'without anyone online' : reason === 'wait-too-long' ? 'over its maximum wait' : 'unknown';
}

