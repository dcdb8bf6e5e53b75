/**
 * The learned sentiment model: features → TF-IDF vectors → multinomial logistic regression, plus a per-class
 * decision offset chosen on held-out data (how much evidence "negative" needs), all plain data so it can be built
 * at start-up from whichever labelled messages the deployment ships.
 */
import type { SentimentLabel } from '../types.ts';
import { DEFAULT_FEATURE_OPTIONS, featureBag, type FeatureOptions } from './features.ts';
import { lexiconFeatures, type Lexicon } from './lexicon.ts';
import { DEFAULT_TRAIN_OPTIONS, scoresInto, softmaxInPlace, trainLogistic, type LinearModel, type TrainOptions } from './logistic.ts';
import { supportCues } from './support-cues.ts';
import { tokenize } from './tokenize.ts';
import { buildVocabulary, vectorize, type FeatureRow, type Vocabulary } from './vectorize.ts';

export const LABELS: readonly SentimentLabel[] = ['negative', 'neutral', 'positive'];

export interface SentimentExample {
  readonly text: string;
  readonly label: SentimentLabel;
  /** How much this example counts in training (default 1): hand-written seed examples may count more. */
  readonly weight?: number;
}

export interface SentimentModelOptions {
  readonly features: FeatureOptions;
  readonly train: TrainOptions;
  readonly minDf: number;
  readonly lexicon: boolean;
  /** Problem-report cues of support text (see support-cues.ts). */
  readonly supportCues: boolean;
  /** Class weights are (n / count)^power: 0 ignores imbalance, 1 fully balances the classes. */
  readonly balance: number;
}

/** For thousands of labelled messages: a small step size regularises the many word weights. */
export const DEFAULT_MODEL_OPTIONS: SentimentModelOptions = Object.freeze({
  features: DEFAULT_FEATURE_OPTIONS,
  train: DEFAULT_TRAIN_OPTIONS,
  minDf: 2,
  lexicon: true,
  supportCues: true,
  balance: 0.5,
});

/** For the few hundred shipped seed messages: every word seen counts, and the weights may grow further. */
export const SHIPPED_MODEL_OPTIONS: SentimentModelOptions = Object.freeze({
  ...DEFAULT_MODEL_OPTIONS,
  minDf: 1,
  train: { ...DEFAULT_TRAIN_OPTIONS, learningRate: 0.3 },
});

export interface SentimentModel {
  readonly options: SentimentModelOptions;
  /** The word valences behind the lexicon features, empty when `options.lexicon` is off. */
  readonly lexicon: Lexicon;
  readonly vocabulary: Vocabulary;
  readonly linear: LinearModel;
  /** Added to each class's log-probability before choosing: negative, neutral, positive. */
  readonly offsets: readonly number[];
}

export function featureRow(text: string, model: Pick<SentimentModel, 'options' | 'lexicon'>): FeatureRow {
  const { options, lexicon } = model;
  const meta = options.lexicon ? lexiconFeatures(text, lexicon) : new Map<string, number>();
  if (options.supportCues) for (const [name, value] of supportCues(tokenize(text))) meta.set(name, value);
  return { terms: featureBag(text, options.features), meta };
}

export function trainSentimentModel(
  examples: readonly SentimentExample[],
  lexicon: Lexicon,
  options: SentimentModelOptions = DEFAULT_MODEL_OPTIONS,
): SentimentModel {
  const rows = examples.map((e) => featureRow(e.text, { options, lexicon }));
  const vocabulary = buildVocabulary(rows, options.minDf);
  const xs = rows.map((row) => vectorize(vocabulary, row));
  const ys = examples.map((e) => LABELS.indexOf(e.label));
  const counts = LABELS.map((_, c) => ys.filter((y) => y === c).length);
  const classWeights = counts.map((n) => (n === 0 ? 0 : (ys.length / (LABELS.length * n)) ** options.balance));
  const weights = examples.map((e, i) => (e.weight ?? 1) * classWeights[ys[i]!]!);
  const linear = trainLogistic(xs, ys, weights, vocabulary.dim, LABELS.length, options.train);
  return { options, lexicon, vocabulary, linear, offsets: [0, 0, 0] };
}

/** Probabilities for negative, neutral, positive, after the decision offsets (so they agree with the label). */
export function predictProbabilities(model: SentimentModel, text: string): Float64Array {
  const x = vectorize(model.vocabulary, featureRow(text, model));
  const scores = scoresInto(model.linear, x, new Float64Array(LABELS.length));
  for (let c = 0; c < scores.length; c++) scores[c] = scores[c]! + (model.offsets[c] ?? 0);
  return softmaxInPlace(scores);
}

export function predictLabel(model: SentimentModel, text: string): SentimentLabel {
  return LABELS[argmax(predictProbabilities(model, text))]!;
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
