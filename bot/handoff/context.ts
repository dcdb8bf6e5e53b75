import type { Activity, TurnContext } from 'botbuilder';
import { HANDOFF_CONTEXT_VERSION, type HandoffContext, handoffContextSchema } from '../../core/handoff/index.ts';
import type { HandoffRequest } from '../../topics/index.ts';
import type { ConversationMemory } from '../pipeline/turn.ts';
import { summarise } from './summary.ts';

export interface ContextInput {
  readonly request: HandoffRequest;
  readonly memory: ConversationMemory;
  readonly turn: TurnContext;
  readonly botName: string;
  /** The conversation so far, oldest first (the transcript store's). */
  readonly transcript: readonly Activity[];
  /** Topic display names by id. */
  readonly topicName: (id: string) => string;
}

/** Messages of the customer a handoff quotes (Copilot Studio's va_Phrases). */
const MAX_PHRASES = 20;

/**
 * The `handoff.initiate` value: Copilot Studio's keys, then ours. Validated against the shared schema before it is
 * sent, so the hub never receives a context it would refuse.
 */
export function handoffContext(o: ContextInput): HandoffContext {
  const { request, memory, turn } = o;
  const activity = turn.activity;
  const phrases = o.transcript
    .filter((a) => a.type === 'message' && a.from?.role !== 'bot' && a.from?.id !== activity.recipient?.id && a.text)
    .map((a) => a.text!)
    .slice(-MAX_PHRASES);
  const history = (memory.topicHistory ?? []).map(o.topicName);
  const topics = history.length > 0 ? history : request.topics.map(o.topicName);
  const before = request.topics.filter((t) => t !== request.topic).at(-1);
  const user = memory.topics?.user ?? {};
  const understanding = memory.topics?.last?.understanding;
  const entities = (memory.entities ?? []).map((e) => ({ type: e.type, text: e.text, value: (e.value ?? null) as never }));
  const sentiment = memory.sentiment;
  return handoffContextSchema.parse({
    va_Scope: 'bot',
    va_LastTopic: o.topicName(before ?? request.topic),
    va_Topics: topics.slice(-50),
    va_LastPhrases: phrases.at(-1) ?? '',
    va_Phrases: phrases,
    va_ConversationId: activity.conversation.id,
    va_AgentMessage: request.agentMessage ?? '',
    va_Language: activity.locale ?? 'en-US',
    va_BotId: activity.recipient?.id ?? '',
    va_BotName: o.botName,
    version: HANDOFF_CONTEXT_VERSION,
    reason: request.reason,
    variables: request.variables,
    intents: (understanding?.intent.ranking ?? []).slice(0, 5),
    sentiment: {
      trend: sentiment?.trend ?? 0,
      series: (sentiment?.series ?? []).slice(-100),
      signals: sentiment?.signals ?? [],
    },
    entities: entities.slice(0, 50),
    summary: summarise({ reason: request.reason, topics, phrases, entities, sentiment }),
    queue: request.queue ?? null,
    skills: request.skills ?? [],
    customer: {
      id: activity.from.id,
      name: str(user.name) ?? (activity.from.name && activity.from.name !== activity.from.id ? activity.from.name : null),
      email: str(user.email),
      phone: str(user.phone),
    },
  });
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value ? value : null;
}
