import type { TurnContext } from 'botbuilder';
import type { ConversationMemory } from '../pipeline/turn.ts';
import type { HubStatus } from './gateway.ts';

/**
 * What the hub's handoff.status means for the conversation: a person joined (the customer is told who), a person
 * finished (the bot takes over again), or nobody could take it (the customer is told, and the bot is back).
 */
export async function applyHubStatus(
  context: TurnContext,
  memory: ConversationMemory,
  status: HubStatus,
  resume: (outcome: 'resolved' | 'handed-back') => Promise<void>,
): Promise<void> {
  const handoff = memory.handoff;
  switch (status.state) {
    case 'accepted':
      if (!handoff) return;
      memory.handoff = { ...handoff, state: 'active', rep: status.rep };
      await context.sendActivity({
        type: 'message',
        text: `${status.rep.name} from our team has joined the chat.`,
        channelData: { handoff: { state: 'accepted', rep: status.rep } },
      });
      return;
    case 'completed':
      memory.handoff = undefined;
      return resume(status.outcome);
    case 'failed':
      memory.handoff = undefined;
      await context.sendActivity("Sorry, none of our team could take the chat just now. I'm still here: tell me what you need.");
  }
}
