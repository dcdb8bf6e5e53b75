/**
 * Chooses the decision offsets on held-out data: the model's probabilities are fixed, only how much evidence each
 * class needs moves. The aim is the best macro-F1 among offsets that keep negative recall at or above a floor, since
 * missing an unhappy customer costs more than a false alarm.
 */
import type { SentimentLabel } from '../types.ts';
import { evaluate } from './metrics.ts';
import { argmax, featureRow, LABELS, type SentimentExample, type SentimentModel } from './model.ts';
import { scoresInto } from './logistic.ts';
import { vectorize } from './vectorize.ts';

export interface TuneOptions {
  /** Negative recall to keep if any offsets reach it; otherwise the best macro-F1 wins. */
  readonly negativeRecallFloor: number;
  readonly range: number;
  readonly step: number;
}

export const DEFAULT_TUNE_OPTIONS: TuneOptions = { negativeRecallFloor: 0.85, range: 2, step: 0.1 };

export function tuneOffsets(
  model: SentimentModel,
  heldOut: readonly SentimentExample[],
  options: TuneOptions = DEFAULT_TUNE_OPTIONS,
): SentimentModel {
  const scored = heldOut.map((e) => ({
    scores: scoresInto(model.linear, vectorize(model.vocabulary, featureRow(e.text, model)), new Float64Array(3)),
    label: e.label,
  }));
  return { ...model, offsets: bestOffsets(scored, options) };
}

function bestOffsets(scored: readonly { scores: Float64Array; label: SentimentLabel }[], options: TuneOptions): number[] {
  const scores = scored.map((s) => s.scores);
  const gold = scored.map((s) => s.label);
  let best = { offsets: [0, 0, 0], macroF1: -1, meetsFloor: false };
  const steps = Math.round(options.range / options.step);
  for (let a = -steps; a <= steps; a++) {
    for (let b = -steps; b <= steps; b++) {
      const offsets = [a * options.step, 0, b * options.step];
      const predicted = scores.map((s) => LABELS[argmax(s.map((v, c) => v + offsets[c]!))]!) as SentimentLabel[];
      const result = evaluate(gold, predicted);
      const meetsFloor = result.per_class.negative.recall >= options.negativeRecallFloor;
      const better = meetsFloor !== best.meetsFloor ? meetsFloor : result.macro_f1 > best.macroF1 + 1e-12;
      if (better) best = { offsets, macroF1: result.macro_f1, meetsFloor };
    }
  }
  return best.offsets;
}
