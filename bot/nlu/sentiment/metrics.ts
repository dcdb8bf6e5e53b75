/** Classification figures over the three labels, as fractions 0–1. */
import type { SentimentLabel } from '../types.ts';

export interface ClassMetrics {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

export interface Evaluation {
  readonly accuracy: number;
  readonly macro_f1: number;
  readonly macro_recall: number;
  readonly per_class: Readonly<Record<SentimentLabel, ClassMetrics>>;
  /** confusion[gold][predicted] */
  readonly confusion: Readonly<Record<SentimentLabel, Readonly<Record<SentimentLabel, number>>>>;
}

const LABELS: readonly SentimentLabel[] = ['negative', 'neutral', 'positive'];

export function evaluate(gold: readonly SentimentLabel[], predicted: readonly SentimentLabel[]): Evaluation {
  const confusion = Object.fromEntries(LABELS.map((g) => [g, Object.fromEntries(LABELS.map((p) => [p, 0]))])) as Record<
    SentimentLabel,
    Record<SentimentLabel, number>
  >;
  gold.forEach((g, i) => {
    const p = predicted[i]!;
    confusion[g][p] += 1;
  });
  const present = LABELS.filter((label) => gold.includes(label));
  const perClass = Object.fromEntries(LABELS.map((label) => [label, classMetrics(confusion, label)])) as Record<
    SentimentLabel,
    ClassMetrics
  >;
  const correct = LABELS.reduce((sum, label) => sum + confusion[label][label], 0);
  const mean = (pick: (m: ClassMetrics) => number) =>
    present.length === 0 ? 0 : present.reduce((sum, label) => sum + pick(perClass[label]), 0) / present.length;
  return {
    accuracy: gold.length === 0 ? 0 : correct / gold.length,
    macro_f1: mean((m) => m.f1),
    macro_recall: mean((m) => m.recall),
    per_class: perClass,
    confusion,
  };
}

function classMetrics(confusion: Record<SentimentLabel, Record<SentimentLabel, number>>, label: SentimentLabel): ClassMetrics {
  const truePositive = confusion[label][label];
  const support = LABELS.reduce((sum, p) => sum + confusion[label][p], 0);
  const predicted = LABELS.reduce((sum, g) => sum + confusion[g][label], 0);
  const precision = predicted === 0 ? 0 : truePositive / predicted;
  const recall = support === 0 ? 0 : truePositive / support;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, support };
}
