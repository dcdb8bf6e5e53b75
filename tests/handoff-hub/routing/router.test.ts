import { expect } from 'chai';
import {
  applySteps,
  byPriority,
  DEFAULT_POLICY,
  dueEvents,
  nextOffers,
  pickFromQueue,
  transition,
  type RoutingState,
} from '../../../handoff-hub/routing/index.ts';
import { conversation, queue, rep, route, seconds, state, T0, waiting } from './fixtures.ts';

describe('Router', () => {
  it('offers the conversation to the least-busy available rep with the skill', () => {
    const s = state({
      queues: [queue('billing', { skills: ['billing'] })],
      reps: [rep('ann', { skills: ['billing'], activeCount: 1 }), rep('bob', { skills: ['billing'] }), rep('cat')],
      conversations: [waiting('c1', { queueId: 'billing' })],
    });
    const { offers, state: after } = route(s, T0);
    expect(offers).to.deep.equal({ c1: 'bob' });
    expect(conversation(after, 'c1').offer).to.deep.equal({ repId: 'bob', deadline: T0 + seconds(30) });
  });

  it('prefers the rep with more of the hinted skills over a less busy one', () => {
    const s = state({
      reps: [rep('idle'), rep('specialist', { skills: ['refunds'], activeCount: 1 })],
      conversations: [waiting('c1', { skills: ['refunds'] })],
    });
    expect(route(s, T0).offers).to.deep.equal({ c1: 'specialist' });
  });

  it('never offers to a rep without every skill the queue requires', () => {
    const s = state({
      queues: [queue('billing', { skills: ['billing', 'refunds'] })],
      reps: [rep('half', { skills: ['billing'] })],
      conversations: [waiting('c1', { queueId: 'billing' })],
    });
    expect(route(s, T0).offers).to.deep.equal({});
  });

  it('matches the language on its base tag and falls back to the queue default language', () => {
    const s = state({
      reps: [rep('hans', { languages: ['de'] }), rep('emma', { languages: ['en'] })],
      conversations: [waiting('de1', { language: 'de-AT', enqueuedAt: T0 - 10 }), waiting('fr1', { language: 'fr' })],
      queues: [queue('general', { languages: ['en', 'de'] })],
    });
    expect(route(s, T0).offers).to.deep.equal({ de1: 'hans', fr1: 'emma' });
  });

  it('breaks a load tie by the longest idle rep', () => {
    const s = state({
      reps: [rep('recent', { lastAssignedAt: T0 - seconds(10) }), rep('idle', { lastAssignedAt: T0 - seconds(900) })],
      conversations: [waiting('c1')],
    });
    expect(route(s, T0).offers).to.deep.equal({ c1: 'idle' });
  });

  it('respects capacity, counting pending offers against it', () => {
    const s = state({
      reps: [rep('full', { capacity: 2, activeCount: 2 }), rep('one', { capacity: 1 })],
      conversations: [waiting('c1'), waiting('c2', { enqueuedAt: T0 + 1 })],
    });
    expect(route(s, T0).offers).to.deep.equal({ c1: 'one' });
  });

  it('respects presence: only available reps get offers', () => {
    const s = state({
      reps: [rep('busy', { presence: 'busy' }), rep('away', { presence: 'away' }), rep('off', { presence: 'offline' })],
      conversations: [waiting('c1')],
    });
    expect(nextOffers(s, T0)).to.deep.equal([]);
    const signedIn: RoutingState = { ...s, reps: [...s.reps, rep('late')] };
    expect(route(signedIn, T0).offers).to.deep.equal({ c1: 'late' });
  });

  it('keeps one pending offer per rep unless configured otherwise', () => {
    const s = state({ reps: [rep('ann', { capacity: 3 })], conversations: [waiting('c1'), waiting('c2', { enqueuedAt: T0 + 1 })] });
    expect(route(s, T0).offers).to.deep.equal({ c1: 'ann' });
    expect(route(s, T0, { ...DEFAULT_POLICY, maxPendingOffersPerRep: 2 }).offers).to.deep.equal({ c1: 'ann', c2: 'ann' });
  });

  it('offers a declined conversation to the next rep, not back to the one who declined', () => {
    const s = state({ reps: [rep('ann'), rep('bob', { activeCount: 1 })], conversations: [waiting('c1')] });
    const first = route(s, T0);
    expect(first.offers).to.deep.equal({ c1: 'ann' });
    const declined = transition(conversation(first.state, 'c1'), { type: 'decline', repId: 'ann' }, T0 + seconds(5));
    if (!declined.ok) throw new Error(declined.refusal.message);
    expect(declined.conversation.state).to.equal('queued');
    const second = route({ ...first.state, conversations: [declined.conversation] }, T0 + seconds(5));
    expect(second.offers).to.deep.equal({ c1: 'bob' });
  });

  it('asks a rep who declined again only when nobody else can, after the cooldown', () => {
    const c1 = waiting('c1', { declined: [{ repId: 'ann', at: T0, reason: 'declined' }] });
    const s = state({ reps: [rep('ann')], conversations: [c1] });
    expect(nextOffers(s, T0 + seconds(1))).to.deep.equal([]);
    expect(route(s, T0 + seconds(DEFAULT_POLICY.declineCooldownSeconds)).offers).to.deep.equal({ c1: 'ann' });
  });

  it('re-offers to another rep once the offer deadline has passed', () => {
    const s = state({ reps: [rep('ann'), rep('bob', { activeCount: 1 })], conversations: [waiting('c1')] });
    const first = route(s, T0);
    expect(nextOffers(first.state, T0 + seconds(29))).to.deep.equal([], 'before the deadline nothing changes');
    const late = T0 + seconds(30);
    expect(nextOffers(first.state, late)).to.deep.equal([
      { conversationId: 'c1', event: { type: 'offer-expired' } },
      { conversationId: 'c1', event: { type: 'offer', repId: 'bob' } },
    ]);
    const second = route(first.state, late);
    expect(conversation(second.state, 'c1').declined).to.deep.equal([{ repId: 'ann', at: late, reason: 'expired' }]);
  });

  it('withdraws an offer when the rep signs out, and offers it elsewhere', () => {
    const first = route(state({ reps: [rep('ann'), rep('bob', { activeCount: 1 })], conversations: [waiting('c1')] }), T0);
    const signedOut = { ...first.state, reps: [rep('ann', { presence: 'offline' }), rep('bob', { activeCount: 1 })] };
    const steps = nextOffers(signedOut, T0 + seconds(2));
    expect(steps.map((s) => s.event.type)).to.deep.equal(['offer-withdrawn', 'offer']);
    expect(route(signedOut, T0 + seconds(2)).offers).to.deep.equal({ c1: 'bob' });
  });

  it('serves negative sentiment and long waits first', () => {
    const now = T0 + seconds(600);
    const calmLong = waiting('calm-long', { enqueuedAt: T0 });
    const angry = waiting('angry', { enqueuedAt: now - seconds(60), sentimentTrend: -0.9, frustrated: true });
    const calmShort = waiting('calm-short', { enqueuedAt: now - seconds(120) });
    const happy = waiting('happy', { enqueuedAt: now - seconds(120), sentimentTrend: 0.8 });
    // 600 s waited beats 60 + 0.9 × 300 + 120 = 450; ties (calm-short, happy) go to the earlier arrival, then the id.
    expect(byPriority([happy, calmShort, angry, calmLong], now, DEFAULT_POLICY.priority).map((c) => c.id)).to.deep.equal([
      'calm-long',
      'angry',
      'calm-short',
      'happy',
    ]);
    const s = state({ reps: [rep('ann', { capacity: 1 })], conversations: [calmShort, angry] });
    expect(route(s, now).offers).to.deep.equal({ angry: 'ann' });
  });

  it('uses configured priority weights', () => {
    const now = T0 + seconds(600);
    const conversations = [waiting('long', { enqueuedAt: T0 }), waiting('upset', { enqueuedAt: now, sentimentTrend: -0.5 })];
    const weights = { waitWeight: 0.1, sentimentWeight: 1000, frustratedBonus: 0 };
    expect(byPriority(conversations, now, weights).map((c) => c.id)).to.deep.equal(['upset', 'long']);
  });

  it('is idempotent: a second run over the result offers nothing new', () => {
    const s = state({
      reps: [rep('ann'), rep('bob'), rep('cat', { presence: 'away' })],
      conversations: [waiting('c1'), waiting('c2', { enqueuedAt: T0 + 1 }), waiting('c3', { enqueuedAt: T0 + 2 })],
    });
    const first = route(s, T0);
    expect(Object.keys(first.offers)).to.have.length(2);
    expect(nextOffers(first.state, T0 + 1)).to.deep.equal([]);
  });

  it('lets a permitted rep pick from the queue, within capacity and skills', () => {
    const s = state({
      queues: [queue('billing', { skills: ['billing'] })],
      reps: [
        rep('picker', { skills: ['billing'], presence: 'busy', permissions: { canPickFromQueue: true } }),
        rep('plain', { skills: ['billing'] }),
        rep('full', { skills: ['billing'], activeCount: 2, permissions: { canPickFromQueue: true } }),
        rep('generalist', { permissions: { canPickFromQueue: true } }),
      ],
      conversations: [waiting('c1', { queueId: 'billing' })],
    });
    const picked = pickFromQueue(s, 'picker', 'c1', T0);
    expect(picked.ok && picked.conversation).to.include({ state: 'active', assignedRepId: 'picker', acceptedAt: T0 });
    const codes = ['plain', 'full', 'generalist', 'nobody'].map((id) => {
      const result = pickFromQueue(s, id, 'c1', T0);
      return result.ok ? 'ok' : result.refusal.code;
    });
    expect(codes).to.deep.equal(['not-permitted', 'no-capacity', 'not-qualified', 'unknown-rep']);
  });

  it('lists due deadlines for the scheduler to sweep', () => {
    const conversations = [
      waiting('offered', { state: 'offered', offer: { repId: 'ann', deadline: T0 } }),
      waiting('later', { state: 'offered', offer: { repId: 'bob', deadline: T0 + 1 } }),
      waiting('gone', { state: 'active', assignedRepId: 'cat', reconnectDeadline: T0 - 1 }),
    ];
    expect(dueEvents({ conversations }, T0)).to.deep.equal([
      { conversationId: 'offered', event: { type: 'offer-expired' } },
      { conversationId: 'gone', event: { type: 'reconnect-expired' } },
    ]);
    expect(applySteps(conversations, dueEvents({ conversations }, T0), T0).refusals).to.deep.equal([]);
  });
});
