export { HANDOFF_CONTEXT_VERSION, type HandoffContext, handoffContextSchema } from './context.ts';
export {
  BACK_TO_BOT,
  ESCALATION_REASONS,
  type EscalationReason,
  type HandoffStatus,
  LEAVE_MESSAGE,
  type QueueNotice,
  REASON_TEXT,
  type UnavailableReason,
} from '../handoff-protocol.ts';
