import type { TurnContext } from 'botbuilder';
import type { RuntimeState } from '../../topics/index.ts';
import type { Entity, IntentResult, SentimentResult, SentimentTrend } from '../nlu/types.ts';

/** What a knowledge answer quoted. */
export interface AnswerSource {
  readonly documentId: string;
  readonly passageId: string;
  readonly version?: string;
}

/** What the bot remembers about a conversation between turns (ConversationState, stored in SQL). */
export interface ConversationMemory {
  sentiment?: SentimentTrend;
  /** Entities seen so far, latest first per type: later steps (questions, handoff context) read them. */
  entities?: Entity[];
  /** Where the conversation is in its topics (the topic runtime's state). */
  topics?: RuntimeState;
  /** Topic ids in the order they started (latest last, bounded): the handoff context's va_Topics. */
  topicHistory?: string[];
  /**
   * Set while the conversation waits for or is with a person (the handoff gate reads it). `leaving-message`: the
   * customer chose to leave a message instead of waiting, and the next message is it.
   */
  handoff?: { hubConversationId: string; state: 'queued' | 'active' | 'leaving-message'; since: string; rep?: { id: string; name: string } };
  /** Knowledge answers sent, latest first: a rating from the widget must name one of these. */
  answers?: ({ readonly activityId: string } & AnswerSource)[];
}

/** What this turn understood of the customer's message. */
export interface Understanding {
  readonly intent: IntentResult;
  readonly sentiment: SentimentResult;
  readonly entities: readonly Entity[];
}

/** One customer message on its way through the pipeline. */
export interface Turn {
  readonly context: TurnContext;
  readonly text: string;
  readonly now: Date;
  readonly memory: ConversationMemory;
  understanding?: Understanding;
}
