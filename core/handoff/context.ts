import { z } from 'zod';
import { ESCALATION_REASONS } from '../handoff-protocol.ts';

/**
 * The handoff context: what a bot sends in a Bot Framework `handoff.initiate` event's `value`, and what the hub
 * reads. Copilot Studio's keys (`va_*`) come first, so the hub takes handoffs from other Bot Framework bots too;
 * ours follow. Versioned: the hub refuses a version it does not know (with `handoff.status failed`), rather than
 * guess at its meaning. Both sides validate with this one schema.
 */

export const HANDOFF_CONTEXT_VERSION = 1;

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
const json: z.ZodType<Json> = z.lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(json), z.record(z.string(), json)]));

const text = (max: number) => z.string().max(max);

export const handoffContextSchema = z.object({
  // Copilot Studio's keys.
  va_Scope: text(50),
  va_LastTopic: text(200),
  va_Topics: z.array(text(200)).max(50),
  va_LastPhrases: text(4000),
  va_Phrases: z.array(text(4000)).max(50),
  va_ConversationId: text(200).min(1),
  va_AgentMessage: text(2000),
  va_Language: text(35),
  va_BotId: text(200),
  va_BotName: text(200),
  // Ours.
  version: z.literal(HANDOFF_CONTEXT_VERSION),
  reason: z.enum(ESCALATION_REASONS),
  /** Topic and conversation variables at the time of the transfer (`Topic.x`, `Global.x`). */
  variables: z.record(text(200), json),
  intents: z.array(z.object({ intent: text(200), confidence: z.number().min(0).max(1) })).max(10),
  sentiment: z.object({
    trend: z.number().min(-1).max(1),
    series: z.array(z.object({ at: text(40), score: z.number().min(-1).max(1), label: z.enum(['negative', 'neutral', 'positive']) })).max(100),
    signals: z.array(text(50)).max(20),
  }),
  entities: z.array(z.object({ type: text(50), text: text(500), value: json })).max(50),
  /** What the bot part of the conversation was about, for the rep to read first. */
  summary: text(4000),
  queue: text(64).nullable(),
  skills: z.array(text(64)).max(10),
  customer: z.object({ id: text(200).min(1), name: text(200).nullable(), email: text(320).nullable(), phone: text(50).nullable() }),
});

export type HandoffContext = z.infer<typeof handoffContextSchema>;
