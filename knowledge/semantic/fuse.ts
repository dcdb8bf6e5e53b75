/**
 * Reciprocal rank fusion (Cormack et al. 2009): each list votes 1 / (k + rank) for its items. It needs no score
 * calibration between a BM25-class ranker and cosine similarity, which is why hybrid search uses it.
 */
export function reciprocalRankFusion(lists: readonly (readonly string[])[], k = 60): { id: string; score: number }[] {
  const scores = new Map<string, number>();
  for (const list of lists) list.forEach((id, rank) => scores.set(id, (scores.get(id) ?? 0) + 1 / (k + rank + 1)));
  return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}
