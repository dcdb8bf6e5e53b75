/**
 * Ranking metrics over one ranked list of item ids per query (duplicates of an item are dropped, first rank
 * counts): P@1, MRR@10, Recall@5 and MAP (mean of average precision over each query's full ranking, relevant
 * items never retrieved counting as zero precision), as in trec_eval.
 */
import type { FaqQuery } from './knowledge-datasets.ts';

export interface RankingMetrics {
  readonly map: number;
  readonly p_at_1: number;
  readonly mrr_at_10: number;
  readonly recall_at_5: number;
  readonly queries: number;
}

export type Ranker = (query: string) => readonly string[];

export function evaluate(queries: readonly FaqQuery[], rank: Ranker): RankingMetrics {
  let map = 0;
  let p1 = 0;
  let mrr = 0;
  let r5 = 0;
  for (const query of queries) {
    const ranking = [...new Set(rank(query.text))];
    let found = 0;
    let precisionSum = 0;
    let firstHit = 0;
    ranking.forEach((id, i) => {
      if (!query.relevant.has(id)) return;
      found++;
      precisionSum += found / (i + 1);
      if (firstHit === 0) firstHit = i + 1;
      if (i < 5) r5 += 1 / query.relevant.size;
    });
    map += precisionSum / query.relevant.size;
    if (firstHit === 1) p1++;
    if (firstHit > 0 && firstHit <= 10) mrr += 1 / firstHit;
  }
  const n = Math.max(1, queries.length);
  return { map: r4(map / n), p_at_1: r4(p1 / n), mrr_at_10: r4(mrr / n), recall_at_5: r4(r5 / n), queries: queries.length };
}

export const r4 = (x: number): number => Math.round(x * 10_000) / 10_000;
