/**
 * Scale: build time, memory and query latency of the knowledge index over generated articles. Articles are made of
 * real English words drawn by Zipf's law from the word-vector vocabulary (ranked by corpus frequency), so posting
 * list lengths, vocabulary growth and vector behaviour resemble real text; queries are 3–7 words of one article,
 * one in five with a typo, on a seeded generator so runs are comparable.
 */
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import type { WordVectors } from '../../core/text/index.ts';
import { KnowledgeIndex, type IndexEntry } from '../../knowledge/index/index.ts';
import { percentile, round } from './stats.ts';
import { mulberry32 } from '../../core/random.ts';

const QUERIES = 2_000;
const WARMUP = 200;
const PRODUCTS = ['billing', 'mobile', 'web', 'api', 'desktop'];

export interface ScaleResult {
  readonly build_ms: number;
  readonly query_p50_ms: number;
  readonly query_p99_ms: number;
  readonly query_max_ms: number;
  readonly heap_mb: number;
  readonly upsert_p99_ms: number;
}

/** `words`: the vocabulary articles are drawn from; `wordVectors` absent measures the lexical ranker alone. */
export function benchScale(
  articles: number,
  words: readonly string[],
  wordVectors: WordVectors | undefined,
  log: (m: string) => void,
): ScaleResult {
  const random = mulberry32(articles);
  const zipf = zipfSampler(words.length, random);
  const sentence = (min: number, max: number) =>
    Array.from({ length: min + Math.floor(random() * (max - min + 1)) }, () => words[zipf()]!).join(' ');
  const article = (i: number): IndexEntry => ({
    passageId: `a${i}#0`,
    documentId: `a${i}`,
    title: sentence(3, 8),
    question: random() < 0.5 ? `${sentence(5, 10)}?` : undefined,
    headings: random() < 0.5 ? [sentence(2, 4)] : [],
    text: sentence(60, 200),
    audience: random() < 0.9 ? 'external' : 'internal',
    product: random() < 0.7 ? PRODUCTS[Math.floor(random() * PRODUCTS.length)] : undefined,
    version: random() < 0.3 ? String(1 + Math.floor(random() * 3)) : undefined,
  });
  const corpus = Array.from({ length: articles }, (_, i) => article(i));
  const gc = exposeGc();
  gc();
  const heapBefore = process.memoryUsage();
  const index = new KnowledgeIndex({ wordVectors });
  const start = performance.now();
  const upsertMs: number[] = [];
  corpus.forEach((entry, i) => {
    const t = performance.now();
    index.upsert(entry.documentId, [entry]);
    upsertMs.push(performance.now() - t);
    if ((i + 1) % 20_000 === 0) log(`  ${i + 1} articles indexed`);
  });
  const buildMs = performance.now() - start;
  gc();
  const heapAfter = process.memoryUsage();
  const queries = Array.from({ length: QUERIES + WARMUP }, () => query(corpus[Math.floor(random() * corpus.length)]!, random));
  const latencies: number[] = [];
  queries.forEach((q, i) => {
    const filter = i % 2 === 0 ? { audience: 'external' as const, product: PRODUCTS[i % PRODUCTS.length] } : undefined;
    const t = performance.now();
    index.search(q, { limit: 10, filter });
    if (i >= WARMUP) latencies.push(performance.now() - t);
  });
  latencies.sort((a, b) => a - b);
  upsertMs.sort((a, b) => a - b);
  const heap = heapAfter.heapUsed + heapAfter.arrayBuffers - heapBefore.heapUsed - heapBefore.arrayBuffers;
  return {
    build_ms: Math.round(buildMs),
    query_p50_ms: round(percentile(latencies, 50), 3),
    query_p99_ms: round(percentile(latencies, 99), 3),
    query_max_ms: round(latencies.at(-1) ?? 0, 3),
    // The generated corpus itself is measured too (it is held while indexing); its share is small next to postings.
    heap_mb: round(heap / 1e6, 1),
    upsert_p99_ms: round(percentile(upsertMs, 99), 3),
  };
}

/** 3–7 words of the article, from its title or question half the time; one query in five with a typo. */
function query(entry: IndexEntry, random: () => number): string {
  const source = (random() < 0.5 ? `${entry.title} ${entry.question ?? ''}` : entry.text).split(' ').filter(Boolean);
  const length = 3 + Math.floor(random() * 5);
  const at = Math.floor(random() * Math.max(1, source.length - length));
  const words = source.slice(at, at + length);
  if (random() < 0.2 && words.length > 0) {
    const i = Math.floor(random() * words.length);
    const w = words[i]!;
    if (w.length > 4) words[i] = w.slice(0, 2) + w.slice(3);
  }
  return words.join(' ');
}

function zipfSampler(n: number, random: () => number): () => number {
  const cumulative = new Float64Array(n);
  let sum = 0;
  for (let r = 0; r < n; r++) cumulative[r] = sum += 1 / (r + 1);
  return () => {
    const target = random() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** A garbage collector to call before measuring heap, exposed at run time since scripts run without --expose-gc. */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
