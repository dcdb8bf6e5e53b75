/**
 * Sentiment benchmark. Datasets are read from `datasetsDir` (../shared/datasets) and never copied:
 *
 * - twitter_airline_sentiment (CC BY-NC-SA): deduplicated by tweet id, split by FNV-1a-32(tweet_id) % 10 —
 *   0–6 fit, 7 validation, 8–9 test (≈70/10/20). The airline-trained variant learns on "fit" only and has its
 *   decision offsets chosen on "validation"; every figure here is on "test".
 * - vader_groundtruth (MIT): tweets and Amazon review snippets; polarity of the items whose mean rating is not 0.
 * - tweeteval_sentiment (no licence stated): test split, macro-averaged recall (its official metric).
 *
 * Three systems on the same data in the same run: the `vader-sentiment` package (baseline: compound ≥ 0.05
 * positive, ≤ −0.05 negative), the shipped model (trained only on the project's own seed messages plus the VADER
 * lexicon: no airline data), and the same learner trained on the airline fit split (internal evaluation only).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import vader from 'vader-sentiment';
import {
  createSentimentAnalyzer,
  DEFAULT_MODEL_OPTIONS,
  evaluate,
  loadShippedSentimentModel,
  loadVaderLexicon,
  predictLabel,
  predictProbabilities,
  trainSentimentModel,
  tuneOffsets,
  type Evaluation,
  type SentimentExample,
  type SentimentModel,
} from '../../bot/nlu/sentiment/index.ts';
import type { SentimentLabel } from '../../bot/nlu/types.ts';

interface Tweet extends SentimentExample {
  readonly bucket: number;
}
interface Rated {
  readonly text: string;
  readonly rating: number;
}
type Predict = (text: string) => { label: SentimentLabel; score: number };

const SPLIT = 'FNV-1a-32(tweet_id) % 10: 0-6 fit, 7 validation (decision offsets), 8-9 test; deduplicated by tweet_id';

export async function runSentimentBench(options: { datasetsDir: string }): Promise<Record<string, unknown>> {
  const tweets = readAirline(join(options.datasetsDir, 'twitter_airline_sentiment', 'Tweets.csv'));
  const fit = tweets.filter((t) => t.bucket <= 6);
  const validation = tweets.filter((t) => t.bucket === 7);
  const test = tweets.filter((t) => t.bucket >= 8);

  const baseline: Predict = (text) => {
    const score = vader.SentimentIntensityAnalyzer.polarity_scores(text).compound;
    return { label: score >= 0.05 ? 'positive' : score <= -0.05 ? 'negative' : 'neutral', score };
  };

  let started = performance.now();
  const shipped = loadShippedSentimentModel();
  const shippedLoadMs = performance.now() - started;

  started = performance.now();
  const lexicon = loadVaderLexicon();
  const untuned = trainSentimentModel(fit, lexicon, DEFAULT_MODEL_OPTIONS);
  const airlineTrained = tuneOffsets(untuned, validation);
  const airlineTrainSeconds = (performance.now() - started) / 1000;

  const onTest = (predict: Predict) => evaluate(test.map((t) => t.label), test.map((t) => predict(t.text).label));
  const base = onTest(baseline);
  const ours = onTest(modelPredict(shipped));
  const trained = onTest(modelPredict(airlineTrained));
  const trainedRaw = onTest(modelPredict(untuned));
  const best = trained.macro_f1 >= ours.macro_f1 ? { variant: 'airline-trained', result: trained } : { variant: 'shipped', result: ours };

  const groundTruth = (file: string) => readVaderGroundTruth(join(options.datasetsDir, 'vader_groundtruth', file));
  const vaderSets = { tweets: groundTruth('tweets_GroundTruth.txt'), amazon_snippets: groundTruth('amazonReviewSnippets_GroundTruth.txt') };
  const tweeteval = readTweetEval(join(options.datasetsDir, 'tweeteval_sentiment'));

  return {
    airline: {
      variant: best.variant,
      macro_f1: best.result.macro_f1,
      accuracy: best.result.accuracy,
      negative_recall: best.result.per_class.negative.recall,
      baseline_macro_f1: base.macro_f1,
      baseline_accuracy: base.accuracy,
      baseline_negative_recall: base.per_class.negative.recall,
      shipped_macro_f1: ours.macro_f1,
      shipped_accuracy: ours.accuracy,
      shipped_negative_recall: ours.per_class.negative.recall,
      airline_trained_macro_f1: trained.macro_f1,
      airline_trained_accuracy: trained.accuracy,
      airline_trained_negative_recall: trained.per_class.negative.recall,
      airline_trained_without_offsets_macro_f1: trainedRaw.macro_f1,
      airline_trained_offsets: airlineTrained.offsets,
      split: SPLIT,
      sizes: { fit: fit.length, validation: validation.length, test: test.length },
      detail: { baseline: summary(base), shipped: summary(ours), airline_trained: summary(trained) },
    },
    vader_groundtruth: {
      metric: 'polarity accuracy on items with mean rating != 0 (sign of our score, score 0 counts as wrong); pearson r of score vs mean rating',
      ...Object.fromEntries(
        Object.entries(vaderSets).map(([name, items]) => [
          name,
          {
            baseline: polarity(items, baseline),
            shipped: polarity(items, modelPredict(shipped)),
            airline_trained: polarity(items, modelPredict(airlineTrained)),
          },
        ]),
      ),
    },
    tweeteval: {
      metric: 'macro-averaged recall on the test split (official metric), 3 classes',
      items: tweeteval.length,
      baseline_macro_recall: macroRecall(tweeteval, baseline),
      shipped_macro_recall: macroRecall(tweeteval, modelPredict(shipped)),
      airline_trained_macro_recall: macroRecall(tweeteval, modelPredict(airlineTrained)),
    },
    shipped_model_load_ms: round(shippedLoadMs, 1),
    airline_train_seconds: round(airlineTrainSeconds, 2),
    ...latency(shipped, test.map((t) => t.text)),
  };
}

function modelPredict(model: SentimentModel): Predict {
  return (text) => {
    const p = predictProbabilities(model, text);
    return { label: predictLabel(model, text), score: p[2]! - p[0]! };
  };
}

function summary(result: Evaluation) {
  return {
    accuracy: round(result.accuracy),
    macro_f1: round(result.macro_f1),
    f1: Object.fromEntries(Object.entries(result.per_class).map(([label, m]) => [label, round(m.f1)])),
    recall: Object.fromEntries(Object.entries(result.per_class).map(([label, m]) => [label, round(m.recall)])),
    confusion: result.confusion,
  };
}

function polarity(items: readonly Rated[], predict: Predict) {
  const rated = items.filter((item) => item.rating !== 0);
  const scores = rated.map((item) => predict(item.text).score);
  const correct = rated.filter((item, i) => Math.sign(scores[i]!) === Math.sign(item.rating)).length;
  return {
    items: rated.length,
    accuracy: round(correct / rated.length),
    pearson_r: round(pearson(scores, rated.map((item) => item.rating))),
  };
}

function macroRecall(items: readonly SentimentExample[], predict: Predict): number {
  return round(evaluate(items.map((i) => i.label), items.map((i) => predict(i.text).label)).macro_recall);
}

/** Per-message latency of the full analysis (model, lexicon, signals) with the shipped model, after a warm-up. */
function latency(model: SentimentModel, texts: readonly string[]) {
  const analyzer = createSentimentAnalyzer(model);
  for (const text of texts.slice(0, 200)) analyzer.analyze(text);
  const times = texts.map((text) => {
    const started = performance.now();
    analyzer.analyze(text);
    return performance.now() - started;
  });
  times.sort((a, b) => a - b);
  const at = (q: number) => round(times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0, 3);
  return { sentiment_p50_ms: at(0.5), sentiment_p99_ms: at(0.99) };
}

function readAirline(path: string): Tweet[] {
  const [header, ...rows] = parseCsv(readFileSync(path, 'utf8'));
  const column = (name: string) => header?.indexOf(name) ?? -1;
  const [id, label, text] = [column('tweet_id'), column('airline_sentiment'), column('text')];
  const seen = new Set<string>();
  const tweets: Tweet[] = [];
  for (const row of rows) {
    const tweetId = row[id];
    const sentiment = row[label] as SentimentLabel | undefined;
    if (!tweetId || seen.has(tweetId) || !sentiment || !['negative', 'neutral', 'positive'].includes(sentiment)) continue;
    seen.add(tweetId);
    tweets.push({ text: row[text] ?? '', label: sentiment, bucket: fnv1a(tweetId) % 10 });
  }
  return tweets;
}

function readVaderGroundTruth(path: string): Rated[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [, rating, ...text] = line.split('\t');
      return { rating: Number(rating), text: text.join('\t') };
    })
    .filter((item) => Number.isFinite(item.rating));
}

function readTweetEval(dir: string): SentimentExample[] {
  const lines = (file: string) => readFileSync(join(dir, file), 'utf8').split('\n');
  const labels: readonly SentimentLabel[] = ['negative', 'neutral', 'positive'];
  const texts = lines('test_text.txt');
  return lines('test_labels.txt').flatMap((raw, i) => {
    const label = labels[Number(raw.trim())];
    return raw.trim() === '' || !label ? [] : [{ text: texts[i] ?? '', label }];
  });
}

/** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') (field += '"'), i++;
      else quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field), rows.push(row), (row = []), (field = '');
    } else field += ch;
  }
  if (field !== '' || row.length > 0) row.push(field), rows.push(row);
  return rows;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash >>> 0;
}

function pearson(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / n;
  const [mx, my] = [mean(xs), mean(ys)];
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const [dx, dy] = [xs[i]! - mx, ys[i]! - my];
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}

const round = (value: number, digits = 4) => Math.round(value * 10 ** digits) / 10 ** digits;
