export { ESCALATION_REASONS, type EscalationReason, HANDOFF_CONTEXT_VERSION, type HandoffContext, handoffContextSchema, REASON_TEXT } from './context.ts';
export type { HandoffStatus, QueueNotice, UnavailableReason } from './updates.ts';
export { BACK_TO_BOT, LEAVE_MESSAGE } from './updates.ts';
