import type { EntityExtractor } from '../nlu/entities/index.ts';
import type { SentimentAnalyzer } from '../nlu/sentiment/index.ts';
import { updateTrend } from '../nlu/sentiment/index.ts';
import type { AsyncIntentClassifier, Entity } from '../nlu/types.ts';
import type { Step } from './compose.ts';
import type { Turn } from './turn.ts';

/** Entities kept in conversation memory: enough for questions and the handoff context, bounded in size. */
const MAX_REMEMBERED_ENTITIES = 20;

/**
 * Classifies the message (intent, sentiment, entities), updates the conversation's sentiment trend and
 * remembered entities, and hands the understanding to the steps after it.
 */
export function understand(o: {
  intents: AsyncIntentClassifier;
  sentiment: SentimentAnalyzer;
  entities: EntityExtractor;
}): Step<Turn> {
  return async (turn, next) => {
    const sentiment = o.sentiment.analyze(turn.text);
    const entities = o.entities.extract(turn.text, turn.now);
    const intent = await o.intents.classify(turn.text); // the only part that may wait (cloud second opinion)
    turn.understanding = { intent, sentiment, entities };
    turn.memory.sentiment = updateTrend(turn.memory.sentiment, sentiment, turn.now.toISOString());
    turn.memory.entities = remember(turn.memory.entities ?? [], entities);
    await next();
  };
}

function remember(previous: readonly Entity[], found: readonly Entity[]): Entity[] {
  return [...found, ...previous].slice(0, MAX_REMEMBERED_ENTITIES);
}
