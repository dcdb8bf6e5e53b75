/**
 * The shipped sentiment model, built at start-up from files in the project only: the hand-written support messages
 * in data/support-seed.tsv and the VADER lexicon from the `vader-sentiment` package. No download, no data under a
 * non-commercial licence. Training takes a fraction of a second.
 */
import { readFileSync } from 'node:fs';
import { loadVaderLexicon } from './lexicon-data.ts';
import { SHIPPED_MODEL_OPTIONS, trainSentimentModel, type SentimentModel, type SentimentModelOptions } from './model.ts';
import { parseSeedCorpus } from './seed.ts';

const SEED_FILE = new URL('./data/support-seed.tsv', import.meta.url);

export function loadSeedCorpus() {
  return parseSeedCorpus(readFileSync(SEED_FILE, 'utf8'));
}

export function loadShippedSentimentModel(options: SentimentModelOptions = SHIPPED_MODEL_OPTIONS): SentimentModel {
  return trainSentimentModel(loadSeedCorpus(), loadVaderLexicon(), options);
}
