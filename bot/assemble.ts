import { ConversationState } from 'botbuilder';
import type { ChatModel } from '../core/ai/index.ts';
import type { Logger } from '../core/logger.ts';
import type { Sql } from '../core/storage/index.ts';
import type { Feedback, KnowledgeAnswerer } from '../knowledge/index.ts';
import type { ActionRegistry, RuntimeSettings, TopicLibrary, TraceEvent } from '../topics/index.ts';
import { asAsync, withLlmSecondOpinion } from './nlu/llm/index.ts';
import type { Nlu } from './nlu/setup.ts';
import type { HubGateway } from './handoff/gateway.ts';
import { applyHubUpdate } from './handoff/status.ts';
import { compose } from './pipeline/compose.ts';
import { handoffGate } from './pipeline/handoff-gate.ts';
import { FEEDBACK_EVENT, recordFeedback } from './pipeline/feedback.ts';
import { TopicHost } from './pipeline/topics.ts';
import type { Turn } from './pipeline/turn.ts';
import { understand } from './pipeline/understand.ts';
import { SqlStorage } from './state/sql-storage.ts';
import type { SqlTranscriptStore } from './state/sql-transcript-store.ts';
import { SupportBot } from './support-bot.ts';

export interface SupportBotParts {
  readonly botName: string;
  readonly sql: Sql;
  readonly nlu: Nlu;
  readonly topics: {
    readonly library: () => TopicLibrary;
    readonly actions: ActionRegistry;
    readonly settings: RuntimeSettings;
    readonly onTrace?: (event: TraceEvent, topic: string) => void;
  };
  readonly knowledge?: KnowledgeAnswerer & { recordFeedback(feedback: Feedback): Promise<void> };
  /** The engagement hub (the composition root wires it); unset, a Transfer only sends the handoff event. */
  readonly hub?: HubGateway;
  /** The transcript store the adapter logs to (its recent activities go to the rep with a handoff). */
  readonly transcripts?: SqlTranscriptStore;
  /** With a chat model, uncertain intents get a second opinion from it. */
  readonly secondOpinion?: { readonly chat: ChatModel; readonly timeoutMs: number; readonly consultBelow: number };
  readonly log: Logger;
}

/** The bot with its durable state and its turn pipeline: understand → topics. */
export function createSupportBot(o: SupportBotParts): SupportBot {
  const intents = o.secondOpinion
    ? withLlmSecondOpinion(o.nlu.intents, o.secondOpinion.chat, () => o.nlu.examples(), {
        timeoutMs: o.secondOpinion.timeoutMs,
        consultBelow: o.secondOpinion.consultBelow,
        log: o.log.child({ component: 'nlu-llm' }),
      })
    : asAsync(o.nlu.intents);
  const host = new TopicHost({
    ...o.topics,
    ...(o.knowledge ? { knowledge: o.knowledge } : {}),
    ...(o.transcripts ? { transcripts: o.transcripts } : {}),
    ...(o.hub ? { hub: o.hub } : {}),
    botName: o.botName,
    log: o.log.child({ component: 'topics' }),
  });
  const knowledge = o.knowledge;
  const pipeline = compose<Turn>([
    handoffGate(o.hub, o.log),
    understand({ intents, sentiment: o.nlu.sentiment, entities: o.nlu.entities }),
    host.step(),
  ]);
  return new SupportBot({
    conversationState: new ConversationState(new SqlStorage(o.sql, { cache: o.sql.engine === 'pglite' })),
    pipeline,
    conversationStart: (context, memory, now) => host.conversationStart(context, memory, now),
    typing: async (_context, memory) => {
      if (memory.handoff?.state === 'active') await o.hub?.customerTyping?.(memory.handoff.hubConversationId);
    },
    hubUpdate: (context, memory, update, now) => applyHubUpdate(context, memory, update, (outcome) => host.resume(context, memory, outcome, now)),
    events: knowledge
      ? { [FEEDBACK_EVENT]: (context, memory, now) => recordFeedback(context, memory, { record: (f) => knowledge.recordFeedback(f), log: o.log, now }) }
      : {},
  });
}
