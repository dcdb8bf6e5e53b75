/** NLU: intent (embedded, with an optional cloud second opinion), sentiment and entities. */
export type {
  AsyncIntentClassifier,
  Entity,
  EntityType,
  FrustrationSignal,
  IntentClassifier,
  IntentExamples,
  IntentResult,
  IntentScore,
  SentimentLabel,
  SentimentResult,
  SentimentTrend,
  TrainingWarning,
} from './types.ts';
export { loadExamplesDir, ExamplesFileError } from './examples-file.ts';
export { createSentimentAnalyzer, loadShippedSentimentModel, type SentimentAnalyzer } from './sentiment/index.ts';
export { createEntityExtractor, DEFAULT_ENTITY_CONFIG, loadCatalogFile, type EntityExtractor } from './entities/index.ts';
export { asAsync, withLlmSecondOpinion } from './llm/index.ts';
export { createNlu, type Nlu, type NluOptions } from './setup.ts';
