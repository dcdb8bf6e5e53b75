/**
 * A conversation's sentiment over time: an exponentially weighted polarity (half-life counted in messages, so a
 * burst of messages weighs as much as a slow exchange), a bounded series for the rep's view, and the frustration
 * signals seen so far, plus "negative-streak" when the last few messages were all negative.
 */
import type { FrustrationSignal, SentimentResult, SentimentTrend } from '../types.ts';

export interface TrendOptions {
  /** After this many messages, an older message counts half as much as the newest. */
  readonly halfLife: number;
  /** How many of the latest messages the series keeps. */
  readonly maxSeries: number;
  /** This many negative messages in a row add the "negative-streak" signal. */
  readonly streak: number;
}

export const DEFAULT_TREND_OPTIONS: TrendOptions = Object.freeze({ halfLife: 3, maxSeries: 50, streak: 3 });

const SIGNAL_ORDER: readonly FrustrationSignal[] = [
  'shouting',
  'repeated-punctuation',
  'repeated-request',
  'profanity',
  'negative-streak',
];

export function updateTrend(
  previous: SentimentTrend | undefined,
  result: SentimentResult,
  at: string,
  options: TrendOptions = DEFAULT_TREND_OPTIONS,
): SentimentTrend {
  const score = clamp(Number.isFinite(result.score) ? result.score : 0);
  const alpha = 1 - 0.5 ** (1 / Math.max(options.halfLife, 1e-6));
  const trend = previous === undefined ? score : clamp(previous.trend + alpha * (score - previous.trend));
  const series = [...(previous?.series ?? []), { at, score, label: result.label }].slice(-Math.max(1, options.maxSeries));
  const latest = series.slice(-options.streak);
  const streak = options.streak > 0 && latest.length === options.streak && latest.every((point) => point.label === 'negative');
  const seen = new Set<FrustrationSignal>([...(previous?.signals ?? []), ...result.signals]);
  if (streak) seen.add('negative-streak');
  return { trend, series, signals: SIGNAL_ORDER.filter((signal) => seen.has(signal)) };
}

const clamp = (value: number) => Math.max(-1, Math.min(1, value));
