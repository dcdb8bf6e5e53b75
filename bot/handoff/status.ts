import { ActivityTypes, EventFactory, type TurnContext } from 'botbuilder';
import { BACK_TO_BOT, LEAVE_MESSAGE } from '../../core/handoff/index.ts';
import type { ConversationMemory } from '../pipeline/turn.ts';
import type { HubUpdate, QueueNotice } from './gateway.ts';

export { BACK_TO_BOT, LEAVE_MESSAGE };

/**
 * What the hub's updates mean for the conversation: where the customer stands in the queue, a person joined (the
 * customer is told who), a person finished (the bot takes over again), or nobody could take it. Each activity
 * carries the update's id as `clientActivityID`, so the channel drops a repeat the hub sends after a crash.
 */
export async function applyHubUpdate(
  context: TurnContext,
  memory: ConversationMemory,
  update: HubUpdate,
  resume: (outcome: 'resolved' | 'handed-back') => Promise<void>,
): Promise<void> {
  const once = { clientActivityID: update.id };
  // The handoff's own turn may not have saved the conversation yet: a queue notice or an acceptance naming a
  // handoff is news of it either way. An ended one (completed, failed) needs the handoff to still be on.
  const handoff = memory.handoff ?? (update.kind === 'queue' || update.status.state === 'accepted'
    ? { hubConversationId: update.hubConversationId, state: 'queued' as const, since: new Date().toISOString() }
    : undefined);
  if (update.kind === 'queue') {
    if (!handoff || handoff.hubConversationId !== update.hubConversationId) return;
    // Waiting again (a rep transferred the chat to a queue): the customer's choices apply again.
    memory.handoff = { ...handoff, state: handoff.state === 'leaving-message' ? 'leaving-message' : 'queued' };
    const notice = update.notice;
    const channelData = { ...once, handoff: { state: 'queued', ...notice } };
    if (notice.unavailable) {
      await context.sendActivity({
        type: ActivityTypes.Message,
        text: `${UNAVAILABLE[notice.unavailable]} You can leave a message and we'll get back to you, or carry on with me.`,
        suggestedActions: { to: [], actions: [LEAVE_MESSAGE, BACK_TO_BOT].map((title) => ({ type: 'imBack', title, value: title })) },
        channelData,
      });
    } else if (notice.first) {
      await context.sendActivity({ type: ActivityTypes.Message, text: waitText(notice), channelData });
    } else {
      // Later changes update the widget's banner without filling the chat with messages.
      await context.sendActivity({ type: ActivityTypes.Event, name: 'handoff.queue', value: notice, channelData });
    }
    return;
  }
  const status = update.status;
  switch (status.state) {
    case 'accepted':
      if (!handoff || handoff.hubConversationId !== update.hubConversationId) return;
      memory.handoff = { ...handoff, state: 'active', rep: status.rep };
      await context.sendActivities([
        { ...EventFactory.createHandoffStatus(context.activity.conversation, 'accepted'), channelData: { ...once, rep: status.rep } },
        { type: ActivityTypes.Message, text: `${status.rep.name} from our team has joined the chat.`, channelData: { clientActivityID: `${update.id}:joined`, handoff: { state: 'accepted', rep: status.rep } } },
      ]);
      return;
    case 'completed':
      if (!handoff || handoff.hubConversationId !== update.hubConversationId) return; // already over, or a repeat
      memory.handoff = undefined;
      await context.sendActivity({ ...EventFactory.createHandoffStatus(context.activity.conversation, 'completed'), channelData: once });
      return resume(status.outcome === 'handed-back' ? 'handed-back' : 'resolved');
    case 'failed':
      if (!handoff || handoff.hubConversationId !== update.hubConversationId) return;
      memory.handoff = undefined;
      await context.sendActivities([
        { ...EventFactory.createHandoffStatus(context.activity.conversation, 'failed', status.message), channelData: once },
        { type: ActivityTypes.Message, text: "Sorry, none of our team could take the chat just now. I'm still here: tell me what you need.", channelData: { clientActivityID: `${update.id}:told` } },
      ]);
  }
}

const UNAVAILABLE: Record<NonNullable<QueueNotice['unavailable']>, string> = {
  'out-of-hours': 'Our team is closed right now.',
  'no-rep-online': 'Nobody from our team is available right now.',
  'wait-too-long': 'Our team is very busy and the wait is long right now.',
  'unknown-queue': 'That team is not available.',
};

export function waitText(n: Pick<QueueNotice, 'position' | 'estimatedWaitSeconds' | 'queueName'>): string {
  const place = n.position <= 1 ? "You're next in the queue" : `You're number ${n.position} in the queue`;
  const seconds = n.estimatedWaitSeconds;
  const wait = seconds === null ? '' : seconds < 60 ? ' Someone will be with you in less than a minute.' : ` Estimated wait: about ${Math.round(seconds / 60)} minute${Math.round(seconds / 60) === 1 ? '' : 's'}.`;
  return `${place} for ${n.queueName}.${wait}`;
}
