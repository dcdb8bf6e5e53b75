import { ConversationState } from 'botbuilder';
import type { ChatModel } from '../core/ai/index.ts';
import type { Logger } from '../core/logger.ts';
import type { Sql } from '../core/storage/index.ts';
import { asAsync, withLlmSecondOpinion } from './nlu/llm/index.ts';
import type { Nlu } from './nlu/setup.ts';
import { compose } from './pipeline/compose.ts';
import { interimReply } from './pipeline/interim-reply.ts';
import type { Turn } from './pipeline/turn.ts';
import { understand } from './pipeline/understand.ts';
import { SqlStorage } from './state/sql-storage.ts';
import { SupportBot } from './support-bot.ts';

export interface SupportBotParts {
  readonly botName: string;
  readonly sql: Sql;
  readonly nlu: Nlu;
  /** With a chat model, uncertain intents get a second opinion from it. */
  readonly secondOpinion?: { readonly chat: ChatModel; readonly timeoutMs: number; readonly consultBelow: number };
  readonly log: Logger;
}

/** The bot with its durable state and its turn pipeline: understand → reply. */
export function createSupportBot(o: SupportBotParts): SupportBot {
  const intents = o.secondOpinion
    ? withLlmSecondOpinion(o.nlu.intents, o.secondOpinion.chat, () => o.nlu.examples(), {
        timeoutMs: o.secondOpinion.timeoutMs,
        consultBelow: o.secondOpinion.consultBelow,
        log: o.log.child({ component: 'nlu-llm' }),
      })
    : asAsync(o.nlu.intents);
  const pipeline = compose<Turn>([
    understand({ intents, sentiment: o.nlu.sentiment, entities: o.nlu.entities }),
    interimReply(),
  ]);
  return new SupportBot({ botName: o.botName, conversationState: new ConversationState(new SqlStorage(o.sql)), pipeline });
}
