import { expect } from 'chai';
import {
  DEFAULT_POLICY,
  estimateWait,
  isOpen,
  localTime,
  medianHandleSeconds,
  newConversation,
  queueDecision,
  queuePositions,
  transition,
  type BusinessHours,
  type HandledConversation,
} from '../../../handoff-hub/routing/index.ts';
import { queue, rep, seconds, state, T0, waiting } from './fixtures.ts';

const weekday = [{ from: '08:00', to: '20:00' }];
const london: BusinessHours = {
  timeZone: 'Europe/London',
  weekly: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: [{ from: '09:00', to: '17:00' }] },
  holidays: ['2025-12-25'],
};
const at = (iso: string) => Date.parse(iso);
const handled = (queueId: string, ...durations: number[]): HandledConversation[] =>
  durations.map((handleSeconds, i) => ({ queueId, handleSeconds, closedAt: T0 - seconds(1000 - i) }));

describe('Business hours', () => {
  it('reads the clock in the queue time zone', () => {
    expect(localTime(at('2025-06-02T07:30:00Z'), 'Europe/London')).to.deep.equal({ weekday: 'mon', date: '2025-06-02', time: '08:30' });
    expect(localTime(at('2025-06-01T23:30:00Z'), 'Asia/Tokyo')).to.deep.equal({ weekday: 'mon', date: '2025-06-02', time: '08:30' });
    expect(localTime(at('2025-06-01T23:00:00Z'), 'Europe/London').time).to.equal('00:00');
  });

  it('opens at 08:00 local time on both sides of the spring clock change', () => {
    // Clocks go forward on Sunday 30 March 2025: 07:30 UTC is 07:30 on the Friday before, 08:30 on the Monday after.
    expect(isOpen(london, at('2025-03-28T07:30:00Z'))).to.equal(false);
    expect(isOpen(london, at('2025-03-31T07:30:00Z'))).to.equal(true);
    expect(isOpen(london, at('2025-03-31T06:59:00Z'))).to.equal(false);
  });

  it('closes at 20:00 local time on both sides of the autumn clock change', () => {
    // Clocks go back on Sunday 26 October 2025: 19:30 UTC is 20:30 BST before, 19:30 GMT after.
    expect(isOpen(london, at('2025-10-24T19:30:00Z'))).to.equal(false);
    expect(isOpen(london, at('2025-10-27T19:30:00Z'))).to.equal(true);
  });

  it('keeps Saturday hours, Sunday and holidays closed, and treats the end of a range as closed', () => {
    expect(isOpen(london, at('2025-06-07T15:59:00Z'))).to.equal(true);
    expect(isOpen(london, at('2025-06-07T16:00:00Z'))).to.equal(false);
    expect(isOpen(london, at('2025-06-08T12:00:00Z'))).to.equal(false);
    expect(isOpen(london, at('2025-12-25T12:00:00Z'))).to.equal(false);
    expect(isOpen(undefined, at('2025-06-08T03:00:00Z'))).to.equal(true);
  });
});

describe('Queue availability', () => {
  const arriving = { ...newConversation('new'), language: 'en' };

  it('lets the customer wait when the queue is open and a rep is free', () => {
    const s = state({ queues: [queue('general', { businessHours: london })], reps: [rep('ann')] });
    expect(queueDecision(s, arriving, 'general', T0)).to.deep.include({ decision: 'wait', queueId: 'general' });
  });

  it('offers a message or the bot out of hours, in the queue time zone', () => {
    const s = state({ queues: [queue('general', { businessHours: london })], reps: [rep('ann')] });
    expect(queueDecision(s, arriving, 'general', at('2025-03-28T07:30:00Z'))).to.deep.equal({
      decision: 'offer-leave-message-or-bot', queueId: 'general', reason: 'out-of-hours',
    });
  });

  it('offers a message or the bot when no rep with the skills is online', () => {
    const s = state({
      queues: [queue('billing', { skills: ['billing'] })],
      reps: [rep('off', { skills: ['billing'], presence: 'offline' }), rep('away', { skills: ['billing'], presence: 'away' }), rep('generalist')],
    });
    expect(queueDecision(s, arriving, 'billing', T0)).to.deep.include({ decision: 'offer-leave-message-or-bot', reason: 'no-rep-online' });
  });

  it('counts busy reps as online: the customer waits for them', () => {
    const s = state({ reps: [rep('busy', { presence: 'busy', capacity: 1, activeCount: 1 })], recentHandled: handled('general', 240) });
    const decision = queueDecision(s, arriving, 'general', T0);
    expect(decision).to.deep.include({ decision: 'wait' });
    expect(decision.estimate?.seconds).to.equal(240);
  });

  it('offers a message or the bot when the estimated wait is over the maximum', () => {
    const s = state({
      reps: [rep('ann', { capacity: 1, activeCount: 1 })],
      conversations: [waiting('w1'), waiting('w2', { enqueuedAt: T0 + 1 }), waiting('w3', { enqueuedAt: T0 + 2 })],
      recentHandled: handled('general', 300),
    });
    const decision = queueDecision(s, arriving, 'general', T0 + seconds(10));
    expect(decision).to.deep.include({ decision: 'offer-leave-message-or-bot', reason: 'wait-too-long' });
    expect(decision.estimate).to.include({ position: 4, seconds: 1200 });
  });

  it('overflows to the configured queue, and the customer keeps their waiting time', () => {
    const s = state({
      queues: [queue('billing', { skills: ['billing'], overflowQueue: 'general' }), queue('general')],
      reps: [rep('ann')],
      conversations: [waiting('w', { queueId: 'billing' })],
    });
    expect(queueDecision(s, arriving, 'billing', T0)).to.deep.include({ decision: 'overflow', from: 'billing', queueId: 'general', reason: 'no-rep-online' });
    const moved = transition(waiting('w', { queueId: 'billing' }), { type: 'overflow', queueId: 'general' }, T0 + seconds(60));
    expect(moved.ok && moved.conversation).to.include({ state: 'queued', queueId: 'general', enqueuedAt: T0 });
  });

  it('follows the overflow chain and reports the first queue reason when nothing can serve', () => {
    const s = state({
      queues: [queue('a', { skills: ['x'], overflowQueue: 'b' }), queue('b', { skills: ['y'], overflowQueue: 'c' }), queue('c'), queue('loop', { skills: ['z'], overflowQueue: 'loop' })],
      reps: [rep('ann', { presence: 'busy' })],
    });
    expect(queueDecision(s, arriving, 'a', T0)).to.deep.include({ decision: 'overflow', queueId: 'c' });
    const nobody = { ...s, reps: [] };
    expect(queueDecision(nobody, arriving, 'a', T0)).to.deep.include({ decision: 'offer-leave-message-or-bot', queueId: 'a', reason: 'no-rep-online' });
    expect(queueDecision(s, arriving, 'loop', T0)).to.deep.include({ decision: 'offer-leave-message-or-bot', reason: 'no-rep-online' });
    expect(queueDecision(s, arriving, 'missing', T0)).to.deep.include({ reason: 'unknown-queue' });
  });
});

describe('Queue position and estimated wait', () => {
  it('numbers waiting customers in priority order', () => {
    const now = T0 + seconds(100);
    const s = state({
      conversations: [waiting('first'), waiting('second', { enqueuedAt: T0 + seconds(50) }), waiting('upset', { enqueuedAt: now, sentimentTrend: -1 }), waiting('other', { queueId: 'billing' })],
    });
    expect(queuePositions(s, 'general', now)).to.deep.equal([
      { conversationId: 'upset', position: 1 },
      { conversationId: 'first', position: 2 },
      { conversationId: 'second', position: 3 },
    ]);
  });

  it('estimates no wait while a slot is free', () => {
    const s = state({ reps: [rep('ann', { capacity: 2, activeCount: 1 })], conversations: [waiting('c1')] });
    expect(estimateWait(s, waiting('c1'), 'general', T0)).to.include({ position: 1, seconds: 0, freeSlots: 1 });
  });

  it('estimates ceil((position - free slots) / concurrent capacity) × median handle time', () => {
    const s = state({
      reps: [rep('ann', { capacity: 2, activeCount: 1 }), rep('bob', { capacity: 2, activeCount: 2, presence: 'busy' })],
      conversations: ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'].map((id, i) => waiting(id, { enqueuedAt: T0 + i })),
      recentHandled: [...handled('general', 100, 200, 400), ...handled('billing', 9999)],
    });
    // free 1, capacity 4, median 200 s: c1 now; c2..c5 one round; c6 two rounds.
    const estimates = s.conversations.map((c) => estimateWait(s, c, 'general', T0 + 10));
    expect(estimates.map((e) => [e.position, e.seconds])).to.deep.equal([[1, 0], [2, 200], [3, 200], [4, 200], [5, 200], [6, 400]]);
    expect(estimates[0]).to.include({ concurrentCapacity: 4, handleSeconds: 200, basis: 'history' });
  });

  it('takes the median of the last N handled conversations, with a default before any history', () => {
    const history = handled('general', 1000, 1000, 60, 120, 90, 30);
    expect(medianHandleSeconds(history, 'general', { ...DEFAULT_POLICY, handleTimeSamples: 4 })).to.deep.equal({ seconds: 75, basis: 'history' });
    expect(medianHandleSeconds(history, 'general', { ...DEFAULT_POLICY, handleTimeSamples: 5 })).to.deep.equal({ seconds: 90, basis: 'history' });
    expect(medianHandleSeconds([], 'general')).to.deep.equal({ seconds: DEFAULT_POLICY.defaultHandleSeconds, basis: 'default' });
  });

  it('has no estimate when no qualified rep is online', () => {
    const s = state({ reps: [rep('off', { presence: 'offline' })] });
    expect(estimateWait(s, waiting('c1'), 'general', T0).seconds).to.equal(undefined);
  });
});
