/**
 * Routing: the handoff hub's pure domain. Queues, reps and conversations in, decisions out; `now` is passed in and
 * nothing here does I/O except `loadQueuesFile`. The server persists state, sweeps deadlines with `dueEvents`, and
 * applies the steps `nextOffers` returns after every arrival, presence or capacity change, sign-in and close.
 */
export type {
  BusinessHours,
  ClosedOutcome,
  Conversation,
  ConversationState,
  Decline,
  Disposition,
  HandledConversation,
  Instant,
  Offer,
  Presence,
  PriorityWeights,
  Queue,
  Rep,
  RoutingPolicy,
  RoutingState,
  TimeRange,
  Weekday,
} from './types.ts';
export { DEFAULT_DISPOSITIONS, DEFAULT_POLICY } from './types.ts';
export {
  canTransition,
  CLOSED_TO_CUSTOMERS,
  EVENT_TYPES,
  newConversation,
  transition,
  TRANSITIONS,
  type ConversationEvent,
  type EventType,
  type Refusal,
  type RefusalCode,
  type SystemNote,
  type TransitionResult,
} from './lifecycle.ts';
export { byPriority, priorityScore } from './priority.ts';
export { baseLanguage, isQualified, requiredLanguage } from './eligibility.ts';
export {
  applySteps,
  dueEvents,
  nextOffers,
  pickFromQueue,
  type Applied,
  type PickRefusal,
  type PickResult,
  type RoutingStep,
} from './assignment.ts';
export { isKnownTimeZone, isOpen, localTime, type LocalTime } from './business-hours.ts';
export {
  estimateWait,
  medianHandleSeconds,
  queueDecision,
  queuePositions,
  type QueueDecision,
  type UnavailableReason,
  type WaitEstimate,
} from './availability.ts';
export { loadQueuesFile, parseQueuesYaml, QueuesFileError, type QueuesConfig, type QueuesResult } from './queues-file.ts';
