export { DEFAULT_RUNTIME_SETTINGS, ESCALATION_REASONS, initialState } from './runtime/types.ts';
export type {
  Command,
  Effect,
  EffectResult,
  EscalationReason,
  HandoffRequest,
  KnowledgeAnswer,
  MessageUnderstanding,
  RuntimeEnv,
  RuntimeInput,
  RuntimeSettings,
  RuntimeState,
  TraceEvent,
  TurnResult,
} from './runtime/types.ts';
export { runTurn } from './runtime/interpreter.ts';
export { TopicLibrary, type Topic, type TopicProblem } from './topic.ts';
export { TopicStore, type TopicStatus, type TopicStoreOptions } from './load/store.ts';
export { mountTopicStatus } from './http.ts';
export { SHIPPED_SYSTEM_TOPICS } from './shipped.ts';
export { SYSTEM_TOPICS, type SystemTopic, type TopicFile } from './schema.ts';
export type { Value } from './expressions/evaluate.ts';
export { type Action, ActionRegistry, type Order, orderSchema, orderStatusAction, shippedActions } from './actions/index.ts';
