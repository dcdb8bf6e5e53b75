import { expect } from 'chai';
import {
  dueEvents,
  EVENT_TYPES,
  newConversation,
  transition,
  type Conversation,
  type ConversationEvent,
  type ConversationState,
  type EventType,
  type TransitionResult,
} from '../../../handoff-hub/routing/index.ts';
import { rep, route, seconds, state, T0, waiting } from './fixtures.ts';

/** The table as the issue describes it, written out independently of TRANSITIONS. */
const ALLOWED = [
  'bot -escalate-> queued',
  'queued -offer-> offered',
  'queued -pick-> active',
  'queued -overflow-> queued',
  'queued -customer-left-> closed',
  'queued -leave-message-> closed',
  'queued -hand-back-> bot',
  'offered -accept-> active',
  'offered -decline-> queued',
  'offered -offer-expired-> queued',
  'offered -offer-withdrawn-> queued',
  'offered -customer-left-> closed',
  'offered -leave-message-> closed',
  'offered -hand-back-> bot',
  'active -transfer-to-queue-> queued',
  'active -transfer-to-rep-> offered',
  'active -customer-disconnected-> active',
  'active -customer-reconnected-> active',
  'active -reconnect-expired-> wrap-up',
  'active -end-> wrap-up',
  'active -customer-left-> wrap-up',
  'active -hand-back-> bot',
  'wrap-up -close-> closed',
];

const STATES: ConversationState[] = ['bot', 'queued', 'offered', 'active', 'wrap-up', 'closed'];

/** One conversation per state, with every timer already due at T0, so only the table decides. */
const sampleIn: Record<ConversationState, Conversation> = {
  bot: newConversation('c'),
  queued: waiting('c'),
  offered: waiting('c', { state: 'offered', offer: { repId: 'ann', deadline: T0 } }),
  active: waiting('c', { state: 'active', assignedRepId: 'ann', acceptedAt: T0, reconnectDeadline: T0 }),
  'wrap-up': waiting('c', { state: 'wrap-up', assignedRepId: 'ann' }),
  closed: waiting('c', { state: 'closed', assignedRepId: 'ann', outcome: 'resolved', closedAt: T0 }),
};

const sampleEvent: Record<EventType, ConversationEvent> = {
  escalate: { type: 'escalate', queueId: 'general' },
  offer: { type: 'offer', repId: 'bob' },
  accept: { type: 'accept', repId: 'ann' },
  decline: { type: 'decline', repId: 'ann' },
  'offer-expired': { type: 'offer-expired' },
  'offer-withdrawn': { type: 'offer-withdrawn' },
  pick: { type: 'pick', repId: 'bob' },
  overflow: { type: 'overflow', queueId: 'general' },
  'transfer-to-queue': { type: 'transfer-to-queue', queueId: 'billing', note: 'refund question' },
  'transfer-to-rep': { type: 'transfer-to-rep', repId: 'bob', note: 'needs a supervisor' },
  'customer-disconnected': { type: 'customer-disconnected' },
  'customer-reconnected': { type: 'customer-reconnected' },
  'reconnect-expired': { type: 'reconnect-expired' },
  end: { type: 'end' },
  'customer-left': { type: 'customer-left' },
  'leave-message': { type: 'leave-message' },
  'hand-back': { type: 'hand-back' },
  close: { type: 'close' },
};

function expectOk(result: TransitionResult): Conversation {
  if (!result.ok) expect.fail(result.refusal.message);
  return result.conversation;
}

describe('Handoff lifecycle', () => {
  for (const from of STATES) {
    for (const type of EVENT_TYPES) {
      const allowed = ALLOWED.find((t) => t.startsWith(`${from} -${type}-> `));
      const title = allowed ? `allows ${allowed}` : `refuses ${type} from ${from}`;
      it(title, () => {
        const result = transition(sampleIn[from], sampleEvent[type], T0);
        if (allowed) expect(expectOk(result).state).to.equal(allowed.split('-> ')[1]);
        else expect(!result.ok && result.refusal).to.include({ code: 'invalid-transition', from, event: type });
      });
    }
  }

  it('lists every event type in the table', () => {
    expect([...EVENT_TYPES].sort()).to.deep.equal(Object.keys(sampleEvent).sort());
  });

  it('says what was refused', () => {
    const result = transition(sampleIn.offered, { type: 'close' }, T0);
    expect(!result.ok && result.refusal.message).to.match(/^invalid transition offered → closed/);
  });

  it('refuses an answer from a rep the offer is not for, and an expiry before the deadline', () => {
    const offered = waiting('c', { state: 'offered', offer: { repId: 'ann', deadline: T0 + seconds(30) } });
    const byBob = transition(offered, { type: 'accept', repId: 'bob' }, T0);
    expect(!byBob.ok && byBob.refusal.code).to.equal('wrong-rep');
    const early = transition(offered, { type: 'offer-expired' }, T0 + seconds(29));
    expect(!early.ok && early.refusal.code).to.equal('too-early');
    expect(expectOk(transition(offered, { type: 'accept', repId: 'ann' }, T0 + seconds(3)))).to.include({ state: 'active', assignedRepId: 'ann' });
  });

  it('carries the bot hints into the queue on escalation', () => {
    const hints = { type: 'escalate', queueId: 'billing', skills: ['billing'], language: 'en-GB', sentimentTrend: -0.4, frustrated: true } as const;
    expect(expectOk(transition(newConversation('c'), hints, T0))).to.deep.include({
      state: 'queued', queueId: 'billing', skills: ['billing'], sentimentTrend: -0.4, frustrated: true, enqueuedAt: T0,
    });
  });

  it('transfers to a queue with a note, and does not offer it back to the transferring rep first', () => {
    const active = waiting('c', { state: 'active', assignedRepId: 'ann' });
    const result = transition(active, { type: 'transfer-to-queue', queueId: 'general', note: 'wants a callback' }, T0);
    expect(result.ok && result.notes).to.deep.equal([{ kind: 'transfer', text: 'Transferred to queue general: wants a callback', at: T0 }]);
    const s = state({ reps: [rep('ann'), rep('bob', { activeCount: 1 })], conversations: [expectOk(result)] });
    expect(route(s, T0).offers).to.deep.equal({ c: 'bob' });
  });

  it('transfers to a rep as an offer; if they decline, the customer waits in the queue', () => {
    const active = waiting('c', { state: 'active', assignedRepId: 'ann' });
    const offered = expectOk(transition(active, { type: 'transfer-to-rep', repId: 'bob', note: 'escalating' }, T0));
    expect(offered).to.deep.include({ state: 'offered', offer: { repId: 'bob', deadline: T0 + seconds(30) } });
    expect(offered.assignedRepId).to.equal(undefined);
    expect(expectOk(transition(offered, { type: 'decline', repId: 'bob' }, T0 + 1))).to.include({ state: 'queued', queueId: 'general' });
    const toSelf = transition(active, { type: 'transfer-to-rep', repId: 'ann', note: '' }, T0);
    expect(!toSelf.ok && toSelf.refusal.code).to.equal('same-rep');
  });

  it('hands back to the bot, which can escalate again later', () => {
    const back = expectOk(transition(waiting('c', { state: 'active', assignedRepId: 'ann' }), { type: 'hand-back' }, T0));
    expect(back).to.deep.equal({ ...newConversation('c'), language: 'en-GB' });
    expect(expectOk(transition(back, { type: 'escalate', queueId: 'general' }, T0 + 1)).state).to.equal('queued');
  });

  it('records how a handoff ended', () => {
    expect(expectOk(transition(waiting('c'), { type: 'customer-left' }, T0))).to.include({ outcome: 'abandoned', closedAt: T0 });
    expect(expectOk(transition(waiting('c'), { type: 'leave-message' }, T0))).to.include({ outcome: 'left-message' });
    expect(expectOk(transition(sampleIn['wrap-up'], { type: 'close' }, T0))).to.include({ outcome: 'resolved', assignedRepId: 'ann' });
  });
});

describe('Reconnect window', () => {
  const active = waiting('c', { state: 'active', assignedRepId: 'ann', acceptedAt: T0 });

  it('keeps the same rep while the customer is away, for 180 s by default', () => {
    const away = expectOk(transition(active, { type: 'customer-disconnected' }, T0));
    expect(away).to.include({ state: 'active', assignedRepId: 'ann', reconnectDeadline: T0 + seconds(180) });
    const again = expectOk(transition(away, { type: 'customer-disconnected' }, T0 + seconds(60)));
    expect(again.reconnectDeadline).to.equal(T0 + seconds(180), 'a repeated disconnect does not stretch the window');
    const back = expectOk(transition(away, { type: 'customer-reconnected' }, T0 + seconds(179)));
    expect(back).to.deep.equal(active);
    expect(dueEvents({ conversations: [back] }, T0 + seconds(500))).to.deep.equal([]);
  });

  it('moves to wrap-up with a system note once the window has passed', () => {
    const away = expectOk(transition(active, { type: 'customer-disconnected' }, T0));
    const early = transition(away, { type: 'reconnect-expired' }, T0 + seconds(179));
    expect(!early.ok && early.refusal.code).to.equal('too-early');
    const deadline = T0 + seconds(180);
    expect(dueEvents({ conversations: [away] }, deadline)).to.deep.equal([{ conversationId: 'c', event: { type: 'reconnect-expired' } }]);
    const result = transition(away, { type: 'reconnect-expired' }, deadline);
    expect(result.ok && result.conversation).to.include({ state: 'wrap-up', assignedRepId: 'ann' });
    expect(result.ok && result.notes).to.deep.equal([
      { kind: 'reconnect-expired', text: 'The customer did not reconnect within 180 s; the conversation moved to wrap-up.', at: deadline },
    ]);
  });

  it('refuses the expiry for a customer who never disconnected', () => {
    const result = transition(active, { type: 'reconnect-expired' }, T0 + seconds(1000));
    expect(!result.ok && result.refusal.code).to.equal('too-early');
  });
});
