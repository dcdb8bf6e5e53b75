import type { KnowledgeIndex, SearchFilter } from './index/index.ts';
import type { ArticleMeta, KnowledgeDocument } from './model.ts';
import type { RankedPassage } from './answer.ts';
import { reciprocalRankFusion } from './semantic/fuse.ts';
import type { SemanticLayer } from './semantic/layer.ts';
import type { AnswerContext } from './types.ts';

export interface SearchParts {
  readonly index: KnowledgeIndex;
  readonly semantic: SemanticLayer | undefined;
  readonly documents: ReadonlyMap<string, KnowledgeDocument>;
  readonly threshold: number;
  /** Cosine similarity at which an embedding-only match counts as confident (model dependent). */
  readonly minSimilarity: number;
}

/**
 * The passages that best answer `query` for this audience, product and version: the lexical ranker's, fused by
 * reciprocal rank with the nearest embeddings when a cloud embedding model is configured.
 */
export async function rankPassages(o: SearchParts, query: string, context: AnswerContext, limit: number): Promise<RankedPassage[]> {
  const filter: SearchFilter = {
    audience: context.audience,
    ...(context.product ? { product: productKey(context.product) } : {}),
    ...(context.version ? { version: context.version } : {}),
  };
  const lexical = o.index.search(query, { limit: o.semantic ? limit * 3 : limit, filter });
  const confidence = new Map(lexical.map((h) => [h.passageId, h.confidence]));
  let order = lexical.map((h) => h.passageId);
  if (o.semantic) {
    const nearest = await o.semantic.search(query, limit * 3, (id) => admits(filter, o.documents.get(id)?.meta));
    // An embedding-only match at minSimilarity sits exactly at the answer threshold, and rises towards 1 above it.
    for (const n of nearest) {
      const scaled =
        n.similarity >= o.minSimilarity
          ? o.threshold + (1 - o.threshold) * ((n.similarity - o.minSimilarity) / (1 - o.minSimilarity))
          : o.threshold * (Math.max(0, n.similarity) / o.minSimilarity) * 0.99;
      confidence.set(n.passageId, Math.max(confidence.get(n.passageId) ?? 0, scaled));
    }
    order = reciprocalRankFusion([order, nearest.map((n) => n.passageId)]).map((f) => f.id);
  }
  return order.slice(0, limit).flatMap((passageId) => {
    const document = o.documents.get(passageId.slice(0, passageId.lastIndexOf('#')));
    const passage = document?.passages.find((p) => p.id === passageId);
    return document && passage ? [{ document, passage, confidence: confidence.get(passageId) ?? 0 }] : [];
  });
}

/** "Stormbreak Jacket" in an article and the catalog's "stormbreak-jacket" a customer mentioned are one product. */
export function productKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '');
}

/** The same rule as the index's filter, for matches that come from embeddings. */
function admits(filter: SearchFilter, meta: ArticleMeta | undefined): boolean {
  if (!meta) return false;
  if (filter.audience === 'external' && meta.audience !== 'external') return false;
  if (filter.product && meta.product && productKey(meta.product) !== filter.product) return false;
  if (filter.version && meta.version && meta.version !== filter.version) return false;
  return true;
}
