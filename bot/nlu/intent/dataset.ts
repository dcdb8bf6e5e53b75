import { normalizeText, tokenize } from '../../../core/text/index.ts';
import type { IntentExamples, TrainingWarning } from '../types.ts';

/**
 * Turns the topics' examples into training rows and says what is wrong with them: intents with no usable phrase
 * are skipped, a phrase that (once normalised) appears under two intents is named, and intents with fewer phrases
 * than `minPhrases` are flagged — they train, but will be recognised poorly.
 */

export interface TrainingSet {
  /** Class names, sorted: the model's class order does not depend on the order of the topics. */
  readonly intents: readonly string[];
  readonly texts: readonly string[];
  readonly labels: Int32Array;
}

export function prepareTrainingSet(examples: readonly IntentExamples[], minPhrases: number): { set: TrainingSet; warnings: TrainingWarning[] } {
  const phrasesOf = new Map<string, Set<string>>();
  const emptyIntents: string[] = [];
  for (const { intent, phrases } of examples) {
    const usable = phrases.filter((p) => tokenize(normalizeText(p)).length > 0);
    if (usable.length === 0) {
      if (!phrasesOf.has(intent)) emptyIntents.push(intent);
      continue;
    }
    const set = phrasesOf.get(intent) ?? new Set<string>();
    for (const phrase of usable) set.add(phrase);
    phrasesOf.set(intent, set);
  }
  const intents = [...phrasesOf.keys()].sort();
  const texts: string[] = [];
  const labels: number[] = [];
  intents.forEach((intent, c) => {
    for (const phrase of phrasesOf.get(intent)!) {
      texts.push(phrase);
      labels.push(c);
    }
  });
  const warnings = [
    ...noPhraseWarnings(emptyIntents.filter((i) => !phrasesOf.has(i))),
    ...duplicateWarnings(intents, phrasesOf),
    ...tooFewWarnings(intents, phrasesOf, minPhrases),
  ];
  return { set: { intents, texts, labels: Int32Array.from(labels) }, warnings };
}

function noPhraseWarnings(intents: readonly string[]): TrainingWarning[] {
  const unique = [...new Set(intents)].sort();
  if (unique.length === 0) return [];
  return [{ code: 'no-phrases', intents: unique, message: `No trigger phrases, so never recognised (skipped): ${unique.join(', ')}` }];
}

function duplicateWarnings(intents: readonly string[], phrasesOf: ReadonlyMap<string, ReadonlySet<string>>): TrainingWarning[] {
  const owners = new Map<string, Set<string>>();
  for (const intent of intents) {
    for (const phrase of phrasesOf.get(intent)!) {
      // Compared as the model sees them: case, punctuation and spacing do not make two phrases different.
      const key = tokenize(normalizeText(phrase)).join(' ');
      const set = owners.get(key) ?? new Set<string>();
      set.add(intent);
      owners.set(key, set);
    }
  }
  const warnings: TrainingWarning[] = [];
  for (const [phrase, set] of owners) {
    if (set.size < 2) continue;
    const names = [...set].sort();
    warnings.push({
      code: 'duplicate-phrase',
      intents: names,
      message: `The phrase "${phrase.slice(0, 80)}" is a trigger of ${names.join(' and ')}: the bot cannot tell them apart on it`,
    });
  }
  return warnings;
}

function tooFewWarnings(intents: readonly string[], phrasesOf: ReadonlyMap<string, ReadonlySet<string>>, minPhrases: number): TrainingWarning[] {
  const few = intents.filter((i) => phrasesOf.get(i)!.size < minPhrases);
  if (few.length === 0) return [];
  return [
    {
      code: 'too-few-phrases',
      intents: few,
      message: `Fewer than ${minPhrases} trigger phrases (add more varied ones to be recognised reliably): ${few.join(', ')}`,
    },
  ];
}
