import { expect } from 'chai';
import type { Activity } from 'botframework-directlinejs';
import { advance, BOT, initialOf, type Phase, placeText, type Signal, signalOf } from '../../web/widget/handoff.ts';
import { Transcript } from '../../web/widget/transcript.ts';

const from = { id: 'bot', name: 'Support Bot', role: 'bot' };
const event = (name: string, value: unknown, channelData?: unknown) => ({ type: 'event', id: `c|${name}`, name, value, from, channelData }) as unknown as Activity;
const message = (text: string, channelData?: unknown) => ({ type: 'message', id: 'c|m', text, from, channelData }) as unknown as Activity;
const run = (signals: Signal[], start: Phase = BOT) => signals.reduce(advance, start);

describe('Handoff phase (widget)', () => {
  describe('signalOf', () => {
    it('reads the handoff events and the bot messages that carry channelData.handoff', () => {
      expect(signalOf(event('handoff.initiate', {}))).to.deep.equal({ kind: 'initiated' });
      expect(signalOf(event('handoff.queue', { position: 3, estimatedWaitSeconds: 420, queueName: 'General support', unavailable: null, first: false }))).to.deep.equal({
        kind: 'queue',
        notice: { position: 3, estimatedWaitSeconds: 420, unavailable: null },
      });
      const first = message("You're number 2 in the queue", { handoff: { state: 'queued', position: 2, estimatedWaitSeconds: null, queueName: 'General support', unavailable: null, first: true } });
      expect(signalOf(first)).to.deep.equal({ kind: 'queue', notice: { position: 2, estimatedWaitSeconds: null, unavailable: null } });
      expect(signalOf(event('handoff.status', { state: 'accepted' }, { rep: { id: 'r1', name: 'Ana' } }))).to.deep.equal({ kind: 'accepted', rep: { id: 'r1', name: 'Ana' } });
      expect(signalOf(message('Ana from our team has joined the chat.', { handoff: { state: 'accepted', rep: { id: 'r1', name: 'Ana' } } }))).to.deep.equal({
        kind: 'accepted',
        rep: { id: 'r1', name: 'Ana' },
      });
      expect(signalOf(event('handoff.status', { state: 'completed' }))).to.deep.equal({ kind: 'completed' });
      expect(signalOf(event('handoff.status', { state: 'failed', message: 'x' }))).to.deep.equal({ kind: 'failed' });
    });

    it('ignores other activities and malformed handoff data instead of throwing', () => {
      expect(signalOf(message('Hello'))).to.equal(null);
      expect(signalOf(event('knowledge.feedback', { helpful: true }))).to.equal(null);
      expect(signalOf(event('handoff.queue', { position: 'two' }))).to.equal(null);
      expect(signalOf(event('handoff.queue', null))).to.equal(null);
      expect(signalOf(message('x', { handoff: 'queued' }))).to.equal(null);
      expect(signalOf(event('handoff.status', { state: 'accepted' }))).to.deep.equal({ kind: 'accepted', rep: { id: undefined, name: 'Support agent' } });
      expect(signalOf(event('handoff.queue', { position: 1, unavailable: 'on-the-moon' }))).to.deep.equal({
        kind: 'queue',
        notice: { position: 1, estimatedWaitSeconds: null, unavailable: null },
      });
    });
  });

  describe('advance', () => {
    it('waits from handoff.initiate, follows the queue, and stops waiting when a person joins', () => {
      const waiting = run([{ kind: 'initiated' }]);
      expect(waiting).to.deep.equal({ kind: 'waiting', position: null, estimatedWaitSeconds: null });
      const second = advance(waiting, { kind: 'queue', notice: { position: 2, estimatedWaitSeconds: 300, unavailable: null } });
      expect(second).to.deep.equal({ kind: 'waiting', position: 2, estimatedWaitSeconds: 300 });
      expect(advance(second, { kind: 'queue', notice: { position: 2, estimatedWaitSeconds: 300, unavailable: null } })).to.equal(second);
      const rep = { id: 'r1', name: 'Ana' };
      expect(advance(second, { kind: 'accepted', rep })).to.deep.equal({ kind: 'with-rep', rep });
    });

    it('keeps what the hub said when the bot\'s handoff.initiate arrives after it', () => {
      const closed = run([{ kind: 'queue', notice: { position: 1, estimatedWaitSeconds: null, unavailable: 'out-of-hours' } }, { kind: 'initiated' }]);
      expect(closed).to.deep.equal({ kind: 'unavailable', reason: 'out-of-hours' });
      const placed = run([{ kind: 'queue', notice: { position: 2, estimatedWaitSeconds: 300, unavailable: null } }, { kind: 'initiated' }]);
      expect(placed).to.deep.equal({ kind: 'waiting', position: 2, estimatedWaitSeconds: 300 });
    });

    it('is back with the bot when the handoff completes or fails', () => {
      const withRep = run([{ kind: 'initiated' }, { kind: 'accepted', rep: { id: 'r1', name: 'Ana' } }]);
      expect(advance(withRep, { kind: 'completed' })).to.equal(BOT);
      expect(advance(withRep, { kind: 'failed' })).to.equal(BOT);
      expect(advance(withRep, { kind: 'customer', text: 'Back to the bot' }), 'a person has the chat').to.equal(withRep);
    });

    it('offers leaving a message when nobody can serve, and ends the wait once it is left', () => {
      const closed = run([{ kind: 'initiated' }, { kind: 'queue', notice: { position: 1, estimatedWaitSeconds: null, unavailable: 'out-of-hours' } }]);
      expect(closed).to.deep.equal({ kind: 'unavailable', reason: 'out-of-hours' });
      const leaving = advance(closed, { kind: 'customer', text: ' leave a MESSAGE ' });
      expect(leaving).to.deep.equal({ kind: 'leaving-message' });
      expect(advance(leaving, { kind: 'queue', notice: { position: 1, estimatedWaitSeconds: 60, unavailable: null } })).to.equal(leaving);
      expect(advance(leaving, { kind: 'customer', text: 'Please call me back' })).to.equal(BOT);
    });

    it('goes back to the bot when the customer says so while waiting', () => {
      const waiting = run([{ kind: 'initiated' }]);
      expect(advance(waiting, { kind: 'customer', text: 'Back to the bot' })).to.equal(BOT);
      expect(advance(waiting, { kind: 'customer', text: 'how long will it take?' })).to.equal(waiting);
    });
  });

  it('words the place in the queue for the banner', () => {
    expect(placeText({ position: null, estimatedWaitSeconds: null })).to.equal(null);
    expect(placeText({ position: 2, estimatedWaitSeconds: 300 })).to.equal('You’re number 2 · about 5 min');
    expect(placeText({ position: 1, estimatedWaitSeconds: 20 })).to.equal('You’re next · less than a minute');
    expect(placeText({ position: 4, estimatedWaitSeconds: null })).to.equal('You’re number 4');
  });

  it('takes the first letter of a name for the avatar', () => {
    expect(initialOf(' ana')).to.equal('A');
    expect(initialOf('Émile')).to.equal('É');
    expect(initialOf('')).to.equal('?');
  });
});

describe('Transcript (widget) during a handoff', () => {
  it('keeps a rep message plain text even when it does not say so', () => {
    const transcript = new Transcript('Support');
    const received = transcript.receive(message('[x](javascript:alert(1)) **hi**', { sender: { kind: 'rep', id: 'r1', name: 'Ana' } }));
    expect(received.kind === 'message' && received.entry).to.deep.include({ markdown: false, text: '[x](javascript:alert(1)) **hi**', sender: { kind: 'rep', name: 'Ana' } });
  });

  it('passes each bot event on once, however often the stream replays it, and never the customer\'s own', () => {
    const transcript = new Transcript('Support');
    transcript.setUserId('dl_customer');
    const status = event('handoff.status', { state: 'completed' });
    expect(transcript.receive(status).kind).to.equal('event');
    expect(transcript.receive(status).kind).to.equal('ignored');
    const own = { type: 'event', id: 'c|9', name: 'knowledge.feedback', value: {}, from: { id: 'dl_customer', role: 'user' } } as unknown as Activity;
    expect(transcript.receive(own).kind).to.equal('ignored');
  });
});
