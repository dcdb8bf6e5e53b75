import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Logger } from '../../core/logger.ts';
import type { Feedback } from '../../knowledge/index.ts';
import type { ConversationMemory } from './turn.ts';

/** The widget's thumbs on an answer: an event activity `knowledge.feedback` with `{activityId, helpful}`. */
export const FEEDBACK_EVENT = 'knowledge.feedback';

const valueSchema = z.object({ activityId: z.string().min(1).max(200), helpful: z.boolean() }).strict();

/**
 * Stores a rating against the article and version the rated answer quoted. Only answers this conversation was
 * given can be rated, so nobody can vote on an article by naming an activity id of their own.
 */
export async function recordFeedback(
  context: TurnContext,
  memory: ConversationMemory,
  o: { record: (feedback: Feedback) => Promise<void>; log: Logger; now: Date },
): Promise<void> {
  const parsed = valueSchema.safeParse(context.activity.value);
  if (!parsed.success) {
    o.log.warn({ issue: parsed.error.issues[0]?.message }, 'knowledge feedback with an invalid value ignored');
    return;
  }
  const answer = memory.answers?.find((a) => a.activityId === parsed.data.activityId);
  if (!answer) {
    o.log.warn({ activityId: parsed.data.activityId }, 'feedback on an activity that was not a knowledge answer in this conversation');
    return;
  }
  await o.record({
    conversationId: context.activity.conversation.id,
    activityId: answer.activityId,
    documentId: answer.documentId,
    passageId: answer.passageId,
    articleVersion: answer.version,
    helpful: parsed.data.helpful,
    at: o.now,
  });
}
