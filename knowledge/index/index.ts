/** The knowledge index: what the knowledge service upserts passages into and searches. */
export { DEFAULT_ANSWER_THRESHOLD } from './threshold.ts';
export { type IndexEntry, type SearchFilter } from './entry-table.ts';
export { KnowledgeIndex, type KnowledgeIndexOptions, type SearchHit, type SearchOptions } from './knowledge-index.ts';
export { DEFAULT_RANKING, type RankingOptions } from './ranking.ts';
export { parseSynonyms, type Synonyms } from './synonyms.ts';
export { normalize } from './linear.ts';
export { VectorStore } from './vector-store.ts';
