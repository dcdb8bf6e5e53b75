/**
 * The handoff protocol's plain words, shared by the bot, the hub and the browser code (which imports this file
 * directly: core/handoff brings the context's zod schemas along): why a conversation goes to a person, what the hub
 * tells a bot about a conversation it handed over (Bot Framework's handoff.status states, where a waiting customer
 * stands), and the two choices offered when nobody is available.
 */

/** Why a conversation goes to a person; carried into the rep's view, routing priority and analytics. */
export const ESCALATION_REASONS = [
  'customer-asked',
  'fallback-exhausted',
  'question-retries-exhausted',
  'negative-sentiment',
  'no-knowledge-answer',
  'action-failed',
  'topic-transfer',
] as const;
export type EscalationReason = (typeof ESCALATION_REASONS)[number];

/** The escalation reason in plain words, as a rep reads it. */
export const REASON_TEXT: Record<EscalationReason, string> = {
  'customer-asked': 'The customer asked for a person.',
  'fallback-exhausted': 'The bot did not understand the customer twice in a row.',
  'question-retries-exhausted': 'The customer could not give an answer the bot accepted.',
  'negative-sentiment': 'The customer is unhappy.',
  'no-knowledge-answer': 'The knowledge base had no answer.',
  'action-failed': 'A system the bot needed did not respond.',
  'topic-transfer': 'The topic hands this kind of request to a person.',
};

export type HandoffStatus =
  | { readonly state: 'accepted'; readonly rep: { readonly id: string; readonly name: string } }
  | { readonly state: 'completed'; readonly outcome: 'resolved' | 'handed-back' | 'left-message' }
  | { readonly state: 'failed'; readonly message: string };

/** Why waiting makes no sense now. */
export type UnavailableReason = 'out-of-hours' | 'no-rep-online' | 'wait-too-long' | 'unknown-queue';

/** Where a waiting customer stands; `unavailable` when nobody can serve them now. */
export interface QueueNotice {
  readonly position: number;
  readonly estimatedWaitSeconds: number | null;
  readonly queueName: string;
  readonly unavailable: UnavailableReason | null;
  /** The first notice of a handoff (a message); later ones update the widget's banner. */
  readonly first: boolean;
}

/** The replies offered when nobody can take the chat; the bot's handoff gate and the widget's form both use them. */
export const LEAVE_MESSAGE = 'Leave a message';
export const BACK_TO_BOT = 'Back to the bot';
