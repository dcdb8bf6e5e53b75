import { expect } from 'chai';
import {
  createSentimentAnalyzer,
  loadShippedSentimentModel,
  updateTrend,
} from '../../../bot/nlu/sentiment/index.ts';
import type { SentimentResult, SentimentTrend } from '../../../bot/nlu/types.ts';

const result = (score: number, signals: SentimentResult['signals'] = []): SentimentResult => ({
  label: score <= -0.2 ? 'negative' : score >= 0.2 ? 'positive' : 'neutral',
  score,
  intensity: Math.abs(score),
  signals,
});

const at = (minute: number) => new Date(Date.UTC(2025, 2, 14, 10, minute)).toISOString();

function replay(results: readonly SentimentResult[], options?: Parameters<typeof updateTrend>[3]): SentimentTrend[] {
  const trends: SentimentTrend[] = [];
  results.forEach((r, i) => trends.push(updateTrend(trends.at(-1), r, at(i), options)));
  return trends;
}

describe('updateTrend', () => {
  it('starts at the first message score', () => {
    const trend = updateTrend(undefined, result(-0.6), at(0));
    expect(trend.trend).to.equal(-0.6);
    expect(trend.series).to.deep.equal([{ at: at(0), score: -0.6, label: 'negative' }]);
  });

  it('goes down with negative messages and recovers with positive ones', () => {
    const trends = replay([result(0), result(-0.7), result(-0.9), result(-0.8), result(0.8), result(0.9), result(0.9)]);
    const values = trends.map((t) => t.trend);
    expect(values[1]).to.be.below(values[0]!);
    expect(values[3]).to.be.below(values[1]!);
    expect(values[4]).to.be.above(values[3]!);
    expect(values[6]).to.be.above(0);
  });

  it('weighs a message half as much after `halfLife` messages', () => {
    // From 0, one message of 1 moves the trend by alpha = 1 - 0.5^(1/halfLife).
    const fast = replay([result(0), result(1)], { halfLife: 1, maxSeries: 50, streak: 3 }).at(-1)!;
    expect(fast.trend).to.be.closeTo(0.5, 1e-9);
    const slow = replay([result(0), result(1)], { halfLife: 10, maxSeries: 50, streak: 3 }).at(-1)!;
    expect(slow.trend).to.be.closeTo(1 - 0.5 ** 0.1, 1e-9);
  });

  it('keeps only the latest messages in the series', () => {
    const trends = replay(Array.from({ length: 80 }, (_, i) => result(i % 2 ? 0.5 : -0.5)));
    const last = trends.at(-1)!;
    expect(last.series).to.have.length(50);
    expect(last.series.at(-1)!.at).to.equal(at(79));
  });

  it('accumulates frustration signals over the conversation', () => {
    const trends = replay([result(-0.5, ['shouting']), result(0), result(-0.4, ['profanity', 'shouting'])]);
    expect(trends.at(-1)!.signals).to.deep.equal(['shouting', 'profanity']);
  });

  it('adds a negative streak after three negative messages in a row', () => {
    const trends = replay([result(-0.5), result(-0.6), result(0.5), result(-0.5), result(-0.6), result(-0.7)]);
    expect(trends[2]!.signals).not.to.include('negative-streak');
    expect(trends[4]!.signals).not.to.include('negative-streak');
    expect(trends[5]!.signals).to.include('negative-streak');
  });

  it('never leaves [-1, 1], even for a score out of range', () => {
    const trend = updateTrend(undefined, { ...result(0), score: Number.NaN }, at(0));
    expect(trend.trend).to.equal(0);
    expect(updateTrend(trend, { ...result(0), score: 5 }, at(1)).trend).to.be.within(-1, 1);
  });

  it('follows a real conversation through the analyzer', () => {
    const analyzer = createSentimentAnalyzer(loadShippedSentimentModel());
    const conversation = [
      'Hi, I have a question about my order.',
      'It was supposed to arrive on Monday and it still has not arrived.',
      'This is the THIRD TIME I ASK!!! Nobody answers my emails.',
      'Are you kidding me? This is useless.',
      'Oh, the courier just called, it is here.',
      'Thank you so much, great service!',
      'Thanks, all sorted.',
    ];
    const trends = replay(conversation.map((text) => analyzer.analyze(text)));
    const values = trends.map((t) => t.trend);
    expect(values[3]).to.be.below(values[0]!);
    expect(values[3]).to.be.below(-0.3);
    expect(values[6]).to.be.above(values[3]!);
    expect(trends[3]!.signals).to.include.members(['repeated-punctuation', 'repeated-request', 'negative-streak']);
  });
});
