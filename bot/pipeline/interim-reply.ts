import { type Activity, MessageFactory } from 'botbuilder';
import type { Entity, IntentResult } from '../nlu/types.ts';
import type { Step } from './compose.ts';
import type { ConversationMemory, Turn } from './turn.ts';

/** What the bot offers when the customer needs a starting point (welcome, help, not understood). */
export const MAIN_SUGGESTIONS = ['Track my order', 'Returns and refunds', 'Talk to a person'];

/**
 * Answers from the understanding alone, until maker-defined topics take over this end of the pipeline: it
 * names what it understood, asks when two intents are close, admits when it did not understand, and
 * acknowledges frustration. Kept small on purpose; topics replace it.
 */
export function interimReply(): Step<Turn> {
  return async (turn) => {
    const u = turn.understanding;
    if (!u) return;
    const opening = frustrated(turn.memory) ? "I'm sorry this has been frustrating. " : '';
    await turn.context.sendActivity(reply(u.intent, u.entities, turn.memory, opening));
  };
}

function reply(intent: IntentResult, entities: readonly Entity[], memory: ConversationMemory, opening: string): Partial<Activity> {
  const [first, second] = intent.ranking;
  if (intent.ambiguous && first && second) {
    memory.unrecognised = 0;
    const options = [label(first.intent), label(second.intent)];
    return MessageFactory.suggestedActions(options, `${opening}Did you mean **${options[0]}** or **${options[1]}**?`);
  }
  if (!intent.top) {
    memory.unrecognised = (memory.unrecognised ?? 0) + 1;
    return MessageFactory.suggestedActions(
      MAIN_SUGGESTIONS,
      `${opening}Sorry, I didn't understand that. Could you rephrase it, or pick one of these?`,
    );
  }
  memory.unrecognised = 0;
  const noted = entities.filter((e) => e.type !== 'date').map((e) => `${e.type.replace('_', ' ')} ${e.text}`);
  const details = noted.length > 0 ? ` I noted: ${noted.join(', ')}.` : '';
  switch (intent.top.intent) {
    case 'greeting':
      return MessageFactory.text(`${opening}Hello! How can I help you today?`);
    case 'thanks':
      return MessageFactory.text("You're welcome! Anything else I can do?");
    case 'goodbye':
      return MessageFactory.text('Goodbye, and thanks for visiting!');
    default:
      return MessageFactory.text(`${opening}I can help with **${label(intent.top.intent)}**.${details}`);
  }
}

/** `order_status` → `Order status`: intent ids as customers should read them. */
export function label(intent: string): string {
  const words = intent.replace(/[_.-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function frustrated(memory: ConversationMemory): boolean {
  const trend = memory.sentiment;
  if (!trend) return false;
  return trend.trend < -0.4 || trend.signals.some((s) => s === 'repeated-request' || s === 'profanity' || s === 'negative-streak');
}
