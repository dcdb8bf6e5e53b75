export { createSentimentAnalyzer, DEFAULT_ANALYZER_OPTIONS } from './analyzer.ts';
export type { AnalyzerOptions, SentimentAnalyzer } from './analyzer.ts';
export { lexiconScores } from './lexicon.ts';
export type { Lexicon, LexiconScores } from './lexicon.ts';
export { loadVaderLexicon, parseVaderLexicon } from './lexicon-data.ts';
export { loadSeedCorpus, loadShippedSentimentModel } from './load.ts';
export { evaluate } from './metrics.ts';
export type { ClassMetrics, Evaluation } from './metrics.ts';
export {
  DEFAULT_MODEL_OPTIONS,
  LABELS,
  predictLabel,
  predictProbabilities,
  SHIPPED_MODEL_OPTIONS,
  trainSentimentModel,
} from './model.ts';
export type { SentimentExample, SentimentModel, SentimentModelOptions } from './model.ts';
export { parseSeedCorpus } from './seed.ts';
export { hasProfanity, hasRepeatedPunctuation, isRepeatedRequest, isShouting, messageSignals } from './signals.ts';
export { tokenize } from './tokenize.ts';
export type { Token, TokenKind } from './tokenize.ts';
export { DEFAULT_TREND_OPTIONS, updateTrend } from './trend.ts';
export type { TrendOptions } from './trend.ts';
export { DEFAULT_TUNE_OPTIONS, tuneOffsets } from './tune.ts';
export type { TuneOptions } from './tune.ts';
