/**
 * Retrieval quality of the knowledge index on an FAQ collection: the default ranker, the MiniSearch baseline, and
 * ablations that switch one technique off at a time (what each buys), plus the "don't know" side: how confidence
 * separates right answers from off-topic questions at a threshold.
 */
import type { WordVectors } from '../../core/text/index.ts';
import { DEFAULT_RANKING, KnowledgeIndex, type RankingOptions } from '../../knowledge/index/index.ts';
import { baselineMetrics } from './knowledge-baseline.ts';
import { faqEntries, type FaqCollection } from './knowledge-datasets.ts';
import { evaluate, r4, type RankingMetrics } from './knowledge-metrics.ts';

/** Deep enough that MAP sees every item the ranker returns (the collections have 68 and 125 items). */
const DEPTH = 200;

export function buildIndex(collection: FaqCollection, wordVectors: WordVectors | undefined, ranking: Partial<RankingOptions> = {}) {
  const index = new KnowledgeIndex({ wordVectors, ranking });
  for (const item of collection.items) index.upsert(item.id, faqEntries(item));
  return index;
}

export function metricsOf(collection: FaqCollection, index: KnowledgeIndex): RankingMetrics {
  return evaluate(collection.queries, (q) => index.search(q, { limit: DEPTH }).map((h) => h.documentId));
}

const flatFields = { title: 1, question: 1, headings: 1, body: 1 };

/** One technique off at a time; MAP of each, to set beside the full ranker's. */
const ABLATIONS: Record<string, { ranking?: Partial<RankingOptions>; vectors?: false }> = {
  no_word_vectors: { vectors: false },
  no_stemming: { ranking: { stemming: false } },
  no_typo_tolerance: { ranking: { typos: false } },
  no_field_weights: { ranking: { bm25f: { ...DEFAULT_RANKING.bm25f, weights: flatFields, b: { ...flatFields, title: 0.75, question: 0.75, headings: 0.75, body: 0.75 } } } },
  question_field_only: { ranking: { bm25f: { ...DEFAULT_RANKING.bm25f, weights: { ...DEFAULT_RANKING.bm25f.weights, body: 0 } } } },
  word_vectors_only: { ranking: { semanticWeight: 1 } },
};

export function qualityOf(collection: FaqCollection, wordVectors: WordVectors, log: (m: string) => void) {
  const index = buildIndex(collection, wordVectors);
  const ours = metricsOf(collection, index);
  log(`  ${collection.name}: MAP ${ours.map}`);
  const baseline = baselineMetrics(collection);
  const ablation: Record<string, number> = {};
  for (const [name, variant] of Object.entries(ABLATIONS)) {
    const other = buildIndex(collection, variant.vectors === false ? undefined : wordVectors, variant.ranking);
    ablation[`${name}_map`] = metricsOf(collection, other).map;
  }
  return {
    index,
    result: {
      ...ours,
      baseline_map: baseline.map,
      baseline_p_at_1: baseline.p_at_1,
      baseline_mrr_at_10: baseline.mrr_at_10,
      baseline_recall_at_5: baseline.recall_at_5,
      items: collection.items.length,
      ablation,
    },
  };
}

/** Top-hit confidence of each query, with whether that hit is right. */
export function topConfidences(collection: FaqCollection, index: KnowledgeIndex): { confidence: number; right: boolean }[] {
  return collection.queries.map((q) => {
    const hit = index.search(q.text, { limit: 1 })[0];
    return { confidence: hit?.confidence ?? 0, right: hit !== undefined && q.relevant.has(hit.documentId) };
  });
}

export function offTopicConfidences(index: KnowledgeIndex, questions: readonly string[]): number[] {
  return questions.map((q) => index.search(q, { limit: 1 })[0]?.confidence ?? 0);
}

/** The lowest threshold (to 0.01) that refuses at least `share` of the off-topic questions. */
export function thresholdRefusing(offTopic: readonly number[], share: number): number {
  const sorted = [...offTopic].sort((a, b) => a - b);
  const at = sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? 0;
  return Math.ceil(at * 100 + 1e-9) / 100;
}

export function atThreshold(onTopic: readonly { confidence: number; right: boolean }[], offTopic: readonly number[], threshold: number) {
  const answered = onTopic.filter((q) => q.confidence >= threshold);
  return {
    answered_precision: r4(answered.filter((q) => q.right).length / Math.max(1, answered.length)),
    answered_share: r4(answered.length / Math.max(1, onTopic.length)),
    precision_if_always_answering: r4(onTopic.filter((q) => q.right).length / Math.max(1, onTopic.length)),
    offtopic_refused_share: r4(offTopic.filter((c) => c < threshold).length / Math.max(1, offTopic.length)),
  };
}
