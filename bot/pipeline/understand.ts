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
    const [intent, sentiment, entities] = await Promise.all([
      o.intents.classify(turn.text),
      Promise.resolve(o.sentiment.analyze(turn.text)),
      Promise.resolve(o.entities.extract(turn.text, turn.now)),
    ]);
    turn.understanding = { intent, sentiment, entities };
    turn.memory.sentiment = updateTrend(turn.memory.sentiment, sentiment, turn.now.toISOString());
    turn.memory.entities = remember(turn.memory.entities ?? [], entities);
    await next();
  };
}

function remember(previous: readonly Entity[], found: readonly Entity[]): Entity[] {
  return [...found, ...previous].slice(0, MAX_REMEMBERED_ENTITIES);
}
