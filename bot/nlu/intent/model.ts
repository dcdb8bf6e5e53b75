import { normalizeText, tokenize, type WordVectors } from '../../../core/text/index.ts';
import type { IntentClassifier, IntentResult, IntentScore } from '../types.ts';
import { confidencesInto, noneScore, type Calibration } from './calibration.ts';
import { Featurizer, type FeaturizerData } from './features.ts';
import { scoreInto, type WeightBand } from './svm.ts';

/** How a trained model turns margins into answers; changeable without retraining (see `withSettings`). */
export interface IntentModelSettings extends Calibration {
  /** The top two are "ambiguous" when their confidences differ by less than this. */
  readonly ambiguityMargin: number;
  /** Ranking length when the caller gives none. */
  readonly limit: number;
}

/**
 * Defaults chosen on CLINC150 validation data (val + oos_val; see bench/lib/nlu-intent.ts): the threshold is the
 * lead over the reject class (see calibration.ts) that kept the best validation in-scope accuracy while rejecting
 * at least 60% of the out-of-scope utterances; the temperature minimised the validation negative log-likelihood.
 */
export const DEFAULT_SETTINGS: IntentModelSettings = { threshold: 0.42, temperature: 0.157, ambiguityMargin: 0.2, limit: 5 };

/** Plain data (numbers, strings, typed arrays): structured-clone friendly, so a worker can hand a model back. */
export interface IntentModelData {
  /** 2: pooled word vectors (FeatureOptions.pooling) and a threshold on the lead over the reject class. */
  readonly version: 2;
  /** Class names in score order; `rejectIntent`, when set, is among them but never answered. */
  readonly intents: readonly string[];
  readonly rejectIntent: string | null;
  readonly featurizer: FeaturizerData;
  readonly bands: readonly WeightBand[];
  readonly settings: IntentModelSettings;
}

export class IntentModel implements IntentClassifier {
  private readonly featurizer: Featurizer;
  private readonly rejectIndex: number;
  private readonly inScope: (c: number) => boolean;

  private constructor(
    private readonly data: IntentModelData,
    private readonly wordVectors: WordVectors | undefined,
  ) {
    this.featurizer = Featurizer.fromJSON(data.featurizer, wordVectors);
    this.rejectIndex = data.rejectIntent === null ? -1 : data.intents.indexOf(data.rejectIntent);
    this.inScope = (c) => c !== this.rejectIndex;
  }

  /** `wordVectors` must be the ones the model was trained with (they are not part of the data). */
  static fromJSON(data: IntentModelData, options: { wordVectors?: WordVectors } = {}): IntentModel {
    if (data.version !== 2) throw new Error(`intent model: unsupported version ${String(data.version)} (retrain it)`);
    return new IntentModel(data, options.wordVectors);
  }

  toJSON(): IntentModelData {
    return this.data;
  }

  /** The typed-array buffers of the data, to pass as postMessage's transfer list. */
  transferables(): ArrayBuffer[] {
    return this.data.bands.map((b) => b.weights.buffer as ArrayBuffer);
  }

  get settings(): IntentModelSettings {
    return this.data.settings;
  }

  /** The intents this model can answer, sorted. */
  get intents(): readonly string[] {
    return this.data.intents.filter((_, c) => this.inScope(c));
  }

  withSettings(settings: Partial<IntentModelSettings>): IntentModel {
    return new IntentModel({ ...this.data, settings: { ...this.data.settings, ...settings } }, this.wordVectors);
  }

  /** Raw SVM margins, one per class (reject class included), in `toJSON().intents` order. */
  scores(text: string): Float64Array {
    return scoreInto(this.data.bands, this.featurizer.featurize(text), new Float64Array(this.data.intents.length));
  }

  classify(text: string, options: { limit?: number } = {}): IntentResult {
    const { threshold, temperature, ambiguityMargin } = this.data.settings;
    const limit = Math.max(0, Math.floor(options.limit ?? this.data.settings.limit));
    if (this.intents.length === 0 || !hasTokens(text, this.featurizer.options.maxLength)) return EMPTY;
    const scores = this.scores(text);
    const reject = this.rejectIndex >= 0 ? scores[this.rejectIndex]! : -Infinity;
    const confidences = new Float64Array(scores.length);
    const none = noneScore(reject, threshold);
    confidencesInto(scores, this.inScope, none, temperature, confidences);
    const order = [...scores.keys()].filter(this.inScope).sort((a, b) => scores[b]! - scores[a]! || a - b);
    const ranking: IntentScore[] = order.slice(0, limit).map((c) => ({ intent: this.data.intents[c]!, confidence: confidences[c]! }));
    const best = order[0]!;
    const accepted = scores[best]! >= none;
    const second = order[1];
    const close = second !== undefined && confidences[best]! - confidences[second]! < ambiguityMargin;
    return {
      ranking,
      top: accepted ? { intent: this.data.intents[best]!, confidence: confidences[best]! } : null,
      ambiguous: accepted && close,
      source: 'embedded',
    };
  }
}

const EMPTY: IntentResult = Object.freeze({ ranking: [], top: null, ambiguous: false, source: 'embedded' });

function hasTokens(text: string, maxLength: number): boolean {
  return tokenize(normalizeText(text, { maxLength })).length > 0;
}
