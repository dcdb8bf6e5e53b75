export type { AnswerContext, Citation, KnowledgeAnswer, KnowledgeAnswerer } from './types.ts';
