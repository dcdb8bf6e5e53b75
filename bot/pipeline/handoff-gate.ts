import type { HubGateway } from '../handoff/gateway.ts';
import type { Step } from './compose.ts';
import type { Turn } from './turn.ts';

/**
 * While a person has the conversation (or it waits for one), the bot does not answer: the customer's message goes
 * to the hub, and the rest of the pipeline does not run. The hub stores it before this resolves; if it cannot,
 * the turn fails and the customer is told to try again (the message itself is in the channel's history).
 */
export function handoffGate(hub: HubGateway | undefined): Step<Turn> {
  return async (turn, next) => {
    const handoff = turn.memory.handoff;
    if (!hub || !handoff) return next();
    const activity = turn.context.activity;
    await hub.customerMessage(handoff.hubConversationId, { id: activity.id ?? '', text: turn.text, at: turn.now.toISOString() });
  };
}
