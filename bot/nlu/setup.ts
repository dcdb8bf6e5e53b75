import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../../core/logger.ts';
import type { WordVectors } from '../../core/text/index.ts';
import { createEntityExtractor, DEFAULT_ENTITY_CONFIG, type EntityExtractor, loadCatalogFile } from './entities/index.ts';
import { loadExamplesDir } from './examples-file.ts';
import { IntentModelHolder, trainIntentModel, workerTrainer } from './intent/index.ts';
import { createSentimentAnalyzer, loadShippedSentimentModel, type SentimentAnalyzer } from './sentiment/index.ts';
import type { IntentExamples } from './types.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const DEMO = join(HERE, 'demo');
/** Generic out-of-scope queries (CLINC150 oos_train, CC BY 3.0) that train the "none of these" class. */
const NONE = join(HERE, 'none');
const REJECT_INTENT = 'none.out_of_scope';

export interface NluOptions {
  readonly examplesDir: string | undefined;
  readonly catalogFile: string | undefined;
  readonly oosThreshold: number | undefined;
  readonly ambiguityMargin: number | undefined;
}

export interface NluParts {
  readonly log: Logger;
  /**
   * Word vectors for the intent model's semantic features (the shipped ones: loadWordVectors()), so a request
   * worded unlike every trigger phrase still finds its topic. Without them the model uses n-grams only.
   */
  readonly wordVectors?: WordVectors;
}

export interface Nlu {
  readonly intents: IntentModelHolder;
  readonly sentiment: SentimentAnalyzer;
  readonly entities: EntityExtractor;
  /** The examples the intent model was last trained on (the LLM second opinion's few-shot source). */
  examples(): readonly IntentExamples[];
  /** Trains a new intent model on new topics in the background; the current one serves until it is ready. */
  retrain(topics: readonly IntentExamples[]): Promise<void>;
  close(): void;
}

/**
 * Builds the embedded NLU: an intent model trained on the topics' trigger phrases plus any extra example files
 * (now, in this thread: a few hundred phrases take milliseconds), the shipped sentiment model and the product
 * catalog. Training warnings are logged with the intents they name; later retrains run in worker threads.
 */
export async function createNlu(o: NluOptions, topics: readonly IntentExamples[], parts: NluParts): Promise<Nlu> {
  const { log, wordVectors } = parts;
  const extra = o.examplesDir ? await loadExamplesDir(o.examplesDir) : [];
  const withExtra = (list: readonly IntentExamples[]) => mergeExamples([...list, ...extra]);
  let examples = withExtra(topics);
  // With only a few phrases per topic, margins alone cannot tell a paraphrase from an off-topic question; a
  // trained "none" class can (the demo set: 13 of 13 off-topic probes rejected instead of 0 of 13).
  const none = await loadExamplesDir(NONE);
  const withNone = (list: readonly IntentExamples[]) => [...list, ...none];
  const settings = {
    ...(o.oosThreshold !== undefined ? { threshold: o.oosThreshold } : {}),
    ...(o.ambiguityMargin !== undefined ? { ambiguityMargin: o.ambiguityMargin } : {}),
  };
  const training = { settings, rejectIntent: REJECT_INTENT, ...(wordVectors ? { wordVectors } : {}) };
  const initial = trainIntentModel(withNone(examples), training);
  for (const warning of initial.warnings) log.warn({ intents: warning.intents, code: warning.code }, warning.message);
  const intents = new IntentModelHolder(
    workerTrainer(training),
    (error) => log.error({ err: error }, 'intent retraining failed; the previous model keeps serving'),
    initial.model,
  );
  const catalog = loadCatalogFile(o.catalogFile ?? join(DEMO, 'catalog.yaml'));
  log.info({ intents: examples.length, products: catalog.length, wordVectors: Boolean(wordVectors) }, 'NLU ready');
  return {
    intents,
    sentiment: createSentimentAnalyzer(loadShippedSentimentModel()),
    entities: createEntityExtractor(DEFAULT_ENTITY_CONFIG, catalog),
    examples: () => examples,
    async retrain(next) {
      const merged = withExtra(next);
      const outcome = await intents.retrain(withNone(merged));
      if (!outcome.applied) return;
      examples = merged;
      for (const warning of outcome.warnings) log.warn({ intents: warning.intents, code: warning.code }, warning.message);
    },
    close: () => intents.close(),
  };
}

/** One entry per intent: extra example files may add phrases to a topic's own. */
function mergeExamples(list: readonly IntentExamples[]): IntentExamples[] {
  const byIntent = new Map<string, string[]>();
  for (const { intent, phrases } of list) byIntent.set(intent, [...(byIntent.get(intent) ?? []), ...phrases]);
  return [...byIntent].map(([intent, phrases]) => ({ intent, phrases }));
}
