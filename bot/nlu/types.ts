/**
 * The NLU contract: what the turn pipeline, topics and the handoff context read. Implementations live beside
 * (intent/, sentiment/, entities/); everything here is plain data so it can be stored and sent to the hub.
 */

/** Labelled utterances an intent model learns from: topics' trigger phrases and optional example files. */
export interface IntentExamples {
  readonly intent: string;
  readonly phrases: readonly string[];
}

export interface IntentScore {
  readonly intent: string;
  /** Calibrated probability in [0, 1]; the ranking's confidences sum to at most 1. */
  readonly confidence: number;
}

export interface IntentResult {
  /** Best first; at most `limit` entries (default 5). Empty for empty input. */
  readonly ranking: readonly IntentScore[];
  /** The chosen intent, or null when the utterance matches none of them (out of scope). */
  readonly top: IntentScore | null;
  /** True when the top two are too close to choose: ask "did you mean A or B?". */
  readonly ambiguous: boolean;
  /** Which model produced this (e.g. 'embedded', 'azure-openai'), for logs and the rep's context panel. */
  readonly source: string;
}

export interface IntentClassifier {
  classify(text: string, options?: { limit?: number }): IntentResult;
}

/** `IntentClassifier` for callers that may wait on a cloud model (the turn pipeline); same options and result. */
export interface AsyncIntentClassifier {
  classify(text: string, options?: { limit?: number }): Promise<IntentResult>;
}

/** A warning about training data, naming what to fix (e.g. topics with no phrases, duplicates across topics). */
export interface TrainingWarning {
  readonly code: 'no-phrases' | 'duplicate-phrase' | 'too-few-phrases';
  readonly message: string;
  readonly intents: readonly string[];
}

export type SentimentLabel = 'negative' | 'neutral' | 'positive';

export type FrustrationSignal = 'shouting' | 'repeated-punctuation' | 'repeated-request' | 'profanity' | 'negative-streak';

export interface SentimentResult {
  readonly label: SentimentLabel;
  /** Polarity in [-1, 1]: negative below 0. */
  readonly score: number;
  /** How strong, in [0, 1], whatever the direction. */
  readonly intensity: number;
  readonly signals: readonly FrustrationSignal[];
}

/** A conversation's sentiment over time; stored with the conversation and carried into the handoff context. */
export interface SentimentTrend {
  /** Exponentially weighted polarity in [-1, 1]. */
  readonly trend: number;
  readonly series: readonly { readonly at: string; readonly score: number; readonly label: SentimentLabel }[];
  readonly signals: readonly FrustrationSignal[];
}

export type EntityType = 'email' | 'phone' | 'date' | 'amount' | 'order_number' | 'account_number' | 'product';

export interface Entity {
  readonly type: EntityType;
  /** The text as the customer wrote it: `text === input.slice(start, end)`. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** Normalised: E.164 phone, ISO date, `{amount, currency}`, catalog product id, lower-cased email… */
  readonly value: unknown;
}
