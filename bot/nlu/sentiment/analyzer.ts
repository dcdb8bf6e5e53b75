/**
 * One message → a SentimentResult: the label and polarity come from the learned model, the intensity mixes the
 * model's polarity with the lexicon's (boosters, caps and "!" make a message stronger, not more likely negative),
 * and the frustration signals come from their own rules. Never throws: any string gives a result.
 */
import type { SentimentResult } from '../types.ts';
import { lexiconScores } from './lexicon.ts';
import { LABELS, argmax, predictProbabilities, type SentimentModel } from './model.ts';
import { messageSignals } from './signals.ts';
import { tokenize } from './tokenize.ts';

export interface SentimentAnalyzer {
  analyze(text: string): SentimentResult;
}

export interface AnalyzerOptions {
  /** Only the first this many characters are analysed: a long paste costs no more than a long message. */
  readonly maxChars: number;
  /** Intensity added per frustration signal. */
  readonly signalBoost: number;
}

export const DEFAULT_ANALYZER_OPTIONS: AnalyzerOptions = Object.freeze({ maxChars: 5_000, signalBoost: 0.1 });

const NEUTRAL: SentimentResult = Object.freeze({ label: 'neutral', score: 0, intensity: 0, signals: Object.freeze([]) });

export function createSentimentAnalyzer(
  model: SentimentModel,
  options: AnalyzerOptions = DEFAULT_ANALYZER_OPTIONS,
): SentimentAnalyzer {
  return {
    analyze(input: string): SentimentResult {
      const text = truncate(typeof input === 'string' ? input : '', options.maxChars);
      if (text.trim() === '') return NEUTRAL;
      const probabilities = predictProbabilities(model, text);
      const label = LABELS[argmax(probabilities)]!;
      const score = round(probabilities[2]! - probabilities[0]!);
      const lexical = model.lexicon.size > 0 ? Math.abs(lexiconScores(text, model.lexicon).compound) : Math.abs(score);
      // Rules for tone say why a message is frustrated; on a clearly positive one, caps and "!!!" are delight.
      const signals = messageSignals(text, tokenize(text)).filter(
        (s) => label !== 'positive' || (s !== 'shouting' && s !== 'repeated-punctuation'),
      );
      const intensity = round(Math.min(1, 0.6 * Math.abs(score) + 0.4 * lexical + options.signalBoost * signals.length));
      return { label, score, intensity, signals };
    },
  };
}

/** The first `max` characters, without splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

const round = (value: number) => Math.round(value * 1e4) / 1e4;
