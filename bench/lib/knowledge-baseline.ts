/**
 * The baseline the issue asks us to beat: plain BM25 over the FAQ question alone, MiniSearch with default settings
 * (its own tokenizer, no stemming, no fuzzy or prefix matching, OR of terms).
 */
import MiniSearch from 'minisearch';
import type { FaqCollection } from './knowledge-datasets.ts';
import { evaluate, type RankingMetrics } from './knowledge-metrics.ts';

export function baselineMetrics(collection: FaqCollection): RankingMetrics {
  const search = new MiniSearch<{ id: string; question: string }>({ fields: ['question'] });
  search.addAll(collection.items.map((item) => ({ id: item.id, question: item.question })));
  return evaluate(collection.queries, (query) => search.search(query).map((r) => String(r.id)));
}
