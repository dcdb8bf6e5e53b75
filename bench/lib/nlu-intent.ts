/**
 * Intent benchmark: CLINC150 (in-scope accuracy and out-of-scope recall, Larson et al. 2019, with the threshold
 * chosen on val + oos_val), BANKING77 (accuracy), training time, classification latency and model memory. With
 * `train`/`test` CSV files (`text,label`; label `oos` = out of scope) it benchmarks those instead, choosing the
 * threshold on a held-out 10% of train. Test data is only ever scored, never used to choose anything.
 *
 * Method, as usual in machine learning once settings are chosen: a model trained on the train rows chooses the
 * threshold and the temperature on the validation rows; then the model reported on is trained again on train and
 * validation rows together (everything that may be learnt from) and keeps those settings. The train-only model's
 * test figures are reported beside it (`train_only`). The training time is the train-only model's (CLINC150's
 * 15,000 phrases), the latency and memory the reported model's.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { loadWordVectors, type WordVectors } from '../../core/text/index.ts';
import {
  chooseThreshold,
  fitTemperature,
  rates,
  trainIntentModelInWorkers,
  type IntentModel,
  type ScoredExample,
} from '../../bot/nlu/intent/index.ts';
import type { IntentExamples } from '../../bot/nlu/index.ts';
import { percentile } from './stats.ts';

/** Out-of-scope rows train a reject class (see IntentTrainingConfig.rejectIntent). */
const OOS = 'oos';
/** The threshold keeps at least this share of validation out-of-scope utterances out. */
const MIN_VAL_OOS_RECALL = 0.6;

type Row = readonly [text: string, label: string];

export interface IntentBenchOptions {
  readonly datasetsDir: string;
  readonly train?: string;
  readonly test?: string;
  /** Train without word vectors (to measure what they buy). */
  readonly noWordVectors?: boolean;
  /** Train CLINC150 with oos_train as a reject class. Default true. */
  readonly useOosTrain?: boolean;
}

export async function runIntentBench(options: IntentBenchOptions): Promise<Record<string, unknown>> {
  const loadStart = performance.now();
  const wordVectors = options.noWordVectors ? undefined : await loadWordVectors();
  const vectors = { word_vectors: wordVectors ? wordVectors.size : 0, word_vectors_load_ms: round(performance.now() - loadStart) };
  if (options.train || options.test) {
    if (!options.train || !options.test) throw new Error('--train and --test go together');
    return { custom: await benchCsv(options.train, options.test, wordVectors), ...vectors };
  }
  const clinc = await benchClinc(options.datasetsDir, wordVectors, options.useOosTrain ?? true);
  const banking77 = await benchBanking(options.datasetsDir, wordVectors);
  return { ...clinc, banking77, ...vectors };
}

async function benchClinc(datasetsDir: string, wordVectors: WordVectors | undefined, useOosTrain: boolean) {
  const data = JSON.parse(await readFile(join(datasetsDir, 'clinc150/data_full.json'), 'utf8')) as Record<string, Row[]>;
  const split = (name: string) => data[name] ?? [];
  const trainRows = [...split('train'), ...(useOosTrain ? split('oos_train') : [])];
  const memoryBefore = process.memoryUsage();
  const start = performance.now();
  const { model: raw } = await trainIntentModelInWorkers(toExamples(trainRows), { wordVectors, rejectIntent: OOS });
  const trainSeconds = (performance.now() - start) / 1000;
  const memoryAfter = process.memoryUsage();
  const { model: trainOnly, threshold, temperature, val } = calibrate(raw, split('val'), split('oos_val'));
  const refitRows = [...trainRows, ...split('val'), ...(useOosTrain ? split('oos_val') : [])];
  const refitStart = performance.now();
  const model = await refit(refitRows, wordVectors, { threshold, temperature });
  const refitSeconds = (performance.now() - refitStart) / 1000;
  const onTest = (m: IntentModel) => {
    const inScope = scoreAll(m, split('test'));
    return { ...rates(inScope, scoreAll(m, split('oos_test')), threshold), noThreshold: rates(inScope, [], -Infinity).inScopeAccuracy };
  };
  const test = onTest(model);
  const before = onTest(trainOnly);
  const latency = measureLatency(model, [...split('test'), ...split('oos_test')].map((r) => r[0]));
  return {
    clinc150: {
      in_scope_accuracy: round(test.inScopeAccuracy, 4),
      oos_recall: round(test.outOfScopeRecall, 4),
      threshold: round(threshold, 4),
      temperature: round(temperature, 4),
      val_in_scope_accuracy: round(val.inScopeAccuracy, 4),
      val_oos_recall: round(val.outOfScopeRecall, 4),
      in_scope_accuracy_no_threshold: round(test.noThreshold, 4),
      train_only: {
        in_scope_accuracy: round(before.inScopeAccuracy, 4),
        oos_recall: round(before.outOfScopeRecall, 4),
        in_scope_accuracy_no_threshold: round(before.noThreshold, 4),
      },
      refit_rows: refitRows.length,
      refit_train_seconds: round(refitSeconds, 2),
      trained_with_oos_train: useOosTrain,
    },
    train_seconds_clinc150: round(trainSeconds, 2),
    ...latency,
    model_memory_mb: round(modelBytes(model) / 1e6, 1),
    rss_growth_mb_training: round((memoryAfter.rss - memoryBefore.rss) / 1e6, 1),
  };
}

async function benchBanking(datasetsDir: string, wordVectors: WordVectors | undefined) {
  const read = async (file: string) =>
    (parse(await readFile(join(datasetsDir, 'banking77', file), 'utf8'), { columns: true }) as { text: string; category: string }[]).map(
      (r) => [r.text, r.category] as const,
    );
  const { model } = await trainIntentModelInWorkers(toExamples(await read('train.csv')), { wordVectors });
  // Plain accuracy: every test utterance is in scope, so the best intent is taken whatever its margin.
  return { accuracy: round(rates(scoreAll(model, await read('test.csv')), [], -Infinity).inScopeAccuracy, 4) };
}

async function benchCsv(trainFile: string, testFile: string, wordVectors: WordVectors | undefined) {
  const read = async (file: string) =>
    (parse(await readFile(file, 'utf8'), { columns: true, skip_empty_lines: true }) as { text: string; label: string }[]).map(
      (r) => [r.text, r.label] as const,
    );
  const all = await read(trainFile);
  // A seeded 10% hold-out (every tenth row of a fixed shuffle) to choose the threshold on.
  const order = all.map((_, i) => i).sort((a, b) => hash(a) - hash(b));
  const heldOut = new Set(order.filter((_, k) => k % 10 === 0));
  const fit = all.filter((_, i) => !heldOut.has(i));
  const tune = all.filter((_, i) => heldOut.has(i));
  const { model: raw } = await trainIntentModelInWorkers(toExamples(fit), { wordVectors, rejectIntent: OOS });
  const { model: fitOnly, threshold, temperature, val } = calibrate(raw, tune.filter((r) => r[1] !== OOS), tune.filter((r) => r[1] === OOS));
  const model = await refit(all, wordVectors, { threshold, temperature });
  const test = await read(testFile);
  const onTest = (m: IntentModel) => rates(scoreAll(m, test.filter((r) => r[1] !== OOS)), scoreAll(m, test.filter((r) => r[1] === OOS)), threshold);
  const result = onTest(model);
  const before = onTest(fitOnly);
  return {
    accuracy: round(result.inScopeAccuracy, 4),
    oos_recall: round(result.outOfScopeRecall, 4),
    train_only: { accuracy: round(before.inScopeAccuracy, 4), oos_recall: round(before.outOfScopeRecall, 4) },
    threshold: round(threshold, 4),
    val_accuracy: round(val.inScopeAccuracy, 4),
    val_oos_recall: round(val.outOfScopeRecall, 4),
  };
}

/**
 * The model reported on: trained again on every row it may learn from (train and validation), keeping the threshold
 * and temperature the train-only model chose on validation rows.
 */
async function refit(rows: readonly Row[], wordVectors: WordVectors | undefined, settings: { threshold: number; temperature: number }): Promise<IntentModel> {
  const { model } = await trainIntentModelInWorkers(toExamples(rows), { wordVectors, rejectIntent: OOS });
  return model.withSettings(settings);
}

/** Chooses the threshold (and then the temperature) on validation rows only. */
function calibrate(model: IntentModel, inScope: readonly Row[], outOfScope: readonly Row[]) {
  const scoredIn = scoreAll(model, inScope);
  const scoredOut = scoreAll(model, outOfScope);
  const val = outOfScope.length > 0 ? chooseThreshold(scoredIn, scoredOut, MIN_VAL_OOS_RECALL) : rates(scoredIn, scoredOut, model.settings.threshold);
  const intents = model.toJSON().intents;
  const reject = model.toJSON().rejectIntent;
  const labelled = inScope
    .map(([text, label]) => ({ scores: model.scores(text), label: intents.indexOf(label) }))
    .filter((e) => e.label >= 0);
  const temperature = labelled.length > 0 ? fitTemperature(labelled, val.threshold, (c) => intents[c] !== reject) : model.settings.temperature;
  return { model: model.withSettings({ threshold: val.threshold, temperature }), threshold: val.threshold, temperature, val };
}

function scoreAll(model: IntentModel, rows: readonly Row[]): ScoredExample[] {
  const intents = model.toJSON().intents;
  const reject = model.toJSON().rejectIntent;
  const rejectIndex = reject === null ? -1 : intents.indexOf(reject);
  return rows.map(([text, label]) => {
    const scores = model.scores(text);
    let best = -1;
    for (let c = 0; c < scores.length; c++) if (c !== rejectIndex && (best < 0 || scores[c]! > scores[best]!)) best = c;
    return { best: scores[best] ?? -Infinity, reject: rejectIndex >= 0 ? scores[rejectIndex]! : -Infinity, correct: intents[best] === label };
  });
}

function measureLatency(model: IntentModel, texts: readonly string[]) {
  for (const text of texts.slice(0, 200)) model.classify(text); // warm up the JIT
  const samples = texts.map((text) => {
    const start = performance.now();
    model.classify(text);
    return performance.now() - start;
  });
  samples.sort((a, b) => a - b);
  return { classify_p50_ms: round(percentile(samples, 50), 3), classify_p99_ms: round(percentile(samples, 99), 3) };
}

/** Bytes held by the model's arrays and vocabulary (strings counted at 2 bytes a character plus map overhead). */
function modelBytes(model: IntentModel): number {
  const data = model.toJSON();
  const vocab = [...data.featurizer.words.terms, ...data.featurizer.chars.terms];
  const strings = vocab.reduce((n, t) => n + 2 * t.length + 64, 0);
  const arrays = data.bands.reduce((n, b) => n + b.weights.byteLength, 0) + data.featurizer.words.idf.byteLength + data.featurizer.chars.idf.byteLength;
  return strings + arrays;
}

function toExamples(rows: readonly Row[]): IntentExamples[] {
  const byIntent = new Map<string, string[]>();
  for (const [text, label] of rows) {
    const phrases = byIntent.get(label) ?? [];
    phrases.push(text);
    byIntent.set(label, phrases);
  }
  return [...byIntent].map(([intent, phrases]) => ({ intent, phrases }));
}

function hash(i: number): number {
  return Math.imul(i ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
}

function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
