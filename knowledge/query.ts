import type { KnowledgeBase } from './base.ts';
import type { AnswerContext, KnowledgeReply } from './types.ts';

/** One query as `knowledge query --json` prints it: ranked results and the answer the bot would give. */
export interface QueryDescription {
  readonly query: string;
  readonly results: readonly { id: string; title: string; source: string; location: string; version?: string; score: number }[];
  readonly answer: string | null;
  readonly confident: boolean;
  readonly reply: KnowledgeReply;
}

export async function describeQuery(base: KnowledgeBase, query: string, context: AnswerContext, limit = 5): Promise<QueryDescription> {
  const ranked = await base.search(query, context, limit);
  const reply = await base.answer(query, context);
  return {
    query,
    results: ranked.map((r) => ({
      id: r.passage.id,
      title: r.passage.question ?? r.document.meta.title,
      source: r.document.sourceId,
      location: r.document.location,
      ...(r.document.meta.version ? { version: r.document.meta.version } : {}),
      score: Math.round(r.confidence * 1000) / 1000,
    })),
    answer: reply.kind === 'answer' ? reply.answer.text : reply.kind === 'ask-version' ? `(asks which version: ${reply.versions.join(', ')})` : null,
    confident: reply.kind !== 'none',
    reply,
  };
}
