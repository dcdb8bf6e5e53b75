export type { AnswerContext, Citation, KnowledgeAnswer, KnowledgeAnswerer, KnowledgeReply } from './types.ts';
export { KnowledgeBase, type KnowledgeStatus, type SyncProgress, type SyncReport } from './base.ts';
export { createKnowledgeBase, type KnowledgeCloud, type KnowledgeOptions, SHIPPED_SYNONYMS } from './setup.ts';
export type { Feedback } from './store.ts';
export { mountKnowledgeApi } from './http.ts';
export { describeQuery, type QueryDescription } from './query.ts';
