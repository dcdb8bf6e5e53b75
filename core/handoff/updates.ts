/**
 * What the hub tells a bot about a conversation it handed over, declared here because both sides speak it and
 * neither imports the other: Bot Framework's handoff.status states, and where a waiting customer stands.
 */

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
