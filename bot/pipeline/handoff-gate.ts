import type { Logger } from '../../core/logger.ts';
import type { HubGateway } from '../handoff/gateway.ts';
import { BACK_TO_BOT, LEAVE_MESSAGE } from '../handoff/status.ts';
import type { Step } from './compose.ts';
import type { Turn } from './turn.ts';

/**
 * While a person has the conversation (or it waits for one), the bot does not answer: the customer's message goes
 * to the hub, and the rest of the pipeline does not run. The hub stores it before this resolves; if it cannot,
 * the turn fails (the message itself is in the channel's history, and Direct Line delivers it again).
 *
 * While waiting, the customer may instead leave a message for the team or go back to the bot (the choices the
 * hub's "nobody available" notice offers; typed or tapped).
 */
export function handoffGate(hub: HubGateway | undefined, log: Logger): Step<Turn> {
  return async (turn, next) => {
    const handoff = turn.memory.handoff;
    if (!hub || !handoff) return next();
    const activity = turn.context.activity;
    const choice = handoff.state === 'queued' ? choiceOf(turn.text, activity.value) : undefined;

    if (choice === 'return-to-bot') {
      await hub.customerChoice(handoff.hubConversationId, 'return-to-bot');
      turn.memory.handoff = undefined;
      await turn.context.sendActivity("OK, you're back with me. What can I help you with?");
      return;
    }
    if (choice === 'leave-message') {
      turn.memory.handoff = { ...handoff, state: 'leaving-message' };
      await turn.context.sendActivity("Please write your message, with the best way to reach you (email or phone). I'll pass it on to the team.");
      return;
    }

    const { accepted } = await hub.customerMessage(handoff.hubConversationId, { id: activity.id ?? '', text: turn.text, at: turn.now.toISOString() });
    if (!accepted) {
      // The person finished just as the customer wrote: the bot answers this one.
      log.info({ hubConversationId: handoff.hubConversationId }, 'handoff already over; the bot answers');
      turn.memory.handoff = undefined;
      return next();
    }
    if (handoff.state === 'leaving-message') {
      await hub.customerChoice(handoff.hubConversationId, 'leave-message');
      turn.memory.handoff = undefined;
      await turn.context.sendActivity("Thank you: your message is with our team, and they'll get back to you. Anything else I can help with meanwhile?");
    }
  };
}

function choiceOf(text: string, value: unknown): 'leave-message' | 'return-to-bot' | undefined {
  const said = (typeof (value as { handoff?: unknown })?.handoff === 'string' ? String((value as { handoff: string }).handoff) : text).trim().toLowerCase();
  if (said === LEAVE_MESSAGE.toLowerCase() || said === 'leave-message') return 'leave-message';
  if (said === BACK_TO_BOT.toLowerCase() || said === 'return-to-bot') return 'return-to-bot';
  return undefined;
}
