import type { WordVectors } from '../../../core/text/index.ts';
import type { IntentExamples, TrainingWarning } from '../types.ts';
import { prepareTrainingSet, type TrainingSet } from './dataset.ts';
import { DEFAULT_FEATURES, Featurizer, type FeatureOptions } from './features.ts';
import { DEFAULT_SETTINGS, IntentModel, type IntentModelSettings } from './model.ts';
import { trainBand, type SvmOptions, type WeightBand } from './svm.ts';

/** Everything about training except the word vectors: plain data, so it can be posted to a worker. */
export interface IntentTrainingConfig {
  readonly features?: Partial<FeatureOptions>;
  readonly svm?: Partial<SvmOptions>;
  readonly settings?: Partial<IntentModelSettings>;
  /** Intents with fewer phrases are named in a warning. Default 5. */
  readonly minPhrases?: number;
  /**
   * Phrases under this intent are things the bot should NOT answer: they train a "none of these" class that is
   * never returned as an intent but pulls similar utterances out of scope. Default: none.
   */
  readonly rejectIntent?: string;
}

export interface IntentTrainingOptions extends IntentTrainingConfig {
  /** Pre-trained word vectors (core/text WordVectors); without them the model uses n-grams only. */
  readonly wordVectors?: WordVectors;
}

export const DEFAULT_SVM: SvmOptions = { c: 1, tolerance: 0.1, maxEpochs: 6, seed: 1 };

export interface TrainedIntentModel {
  readonly model: IntentModel;
  readonly warnings: TrainingWarning[];
}

/**
 * Trains an intent model on the topics' examples, on this thread (for large sets, or to keep the event loop free,
 * use IntentModelHolder, which trains in worker threads). Deterministic for a given seed.
 */
export function trainIntentModel(examples: readonly IntentExamples[], options: IntentTrainingOptions = {}): TrainedIntentModel {
  const { set, warnings } = prepareTrainingSet(examples, options.minPhrases ?? 5);
  const part = trainPart(set, options, options.wordVectors, { first: 0, count: set.intents.length });
  return { model: assemble(set, options, [part.band], part.featurizer, options.wordVectors), warnings };
}

export function prepare(examples: readonly IntentExamples[], options: IntentTrainingConfig) {
  return prepareTrainingSet(examples, options.minPhrases ?? 5);
}

/** Fits the features and trains the classes of one band; every band's featurizer is the same (deterministic). */
export function trainPart(
  set: TrainingSet,
  config: IntentTrainingConfig,
  wordVectors: WordVectors | undefined,
  band: { first: number; count: number },
): { featurizer: Featurizer; band: WeightBand } {
  const { featurizer, rows } = Featurizer.fitFeaturize(set.texts, { ...DEFAULT_FEATURES, ...config.features }, wordVectors);
  const svm = { ...DEFAULT_SVM, ...config.svm };
  return { featurizer, band: trainBand(rows, set.labels, featurizer.dimensions, band, svm) };
}

export function assemble(
  set: TrainingSet,
  config: IntentTrainingConfig,
  bands: readonly WeightBand[],
  featurizer: Featurizer,
  wordVectors: WordVectors | undefined,
): IntentModel {
  const rejectIntent = config.rejectIntent !== undefined && set.intents.includes(config.rejectIntent) ? config.rejectIntent : null;
  return IntentModel.fromJSON(
    {
      version: 2,
      intents: set.intents,
      rejectIntent,
      featurizer: featurizer.toJSON(),
      bands,
      settings: { ...DEFAULT_SETTINGS, ...config.settings },
    },
    { wordVectors },
  );
}
