import { expect } from 'chai';
import type { Activity } from 'botframework-directlinejs';
import { Transcript } from '../../web/widget/transcript.ts';

const USER = 'dl_customer';
const bot = (id: string, text: string, extra: object = {}): Activity =>
  ({ type: 'message', id, text, from: { id: 'bot', name: 'Support Bot', role: 'bot' }, timestamp: '2026-01-01T10:00:00.000Z', ...extra }) as Activity;
const echo = (id: string, text: string, clientActivityID: string): Activity =>
  ({ type: 'message', id, text, from: { id: USER, role: 'user' }, channelData: { clientActivityID }, timestamp: '2026-01-01T10:00:01.000Z' }) as Activity;

describe('Transcript (widget)', () => {
  let transcript: Transcript;
  beforeEach(() => {
    transcript = new Transcript('Support');
    transcript.setUserId(USER);
  });

  it('adds a bot message once, however often the stream replays it', () => {
    expect(transcript.receive(bot('c|1', 'Hi')).kind).to.equal('message');
    expect(transcript.receive(bot('c|1', 'Hi')).kind).to.equal('ignored');
  });

  it('marks our message sent when the POST answers, and ignores the echo that follows', () => {
    transcript.outgoing('cid-1', 'hello', '2026-01-01T10:00:00.000Z');
    expect(transcript.delivered('cid-1', 'c|2')).to.include({ delivery: 'sent', id: 'c|2' });
    expect(transcript.receive(echo('c|2', 'hello', 'cid-1')).kind).to.equal('ignored');
  });

  it('marks our message sent when the echo arrives before the POST answers', () => {
    transcript.outgoing('cid-1', 'hello', '2026-01-01T10:00:00.000Z');
    const received = transcript.receive(echo('c|2', 'hello', 'cid-1'));
    expect(received).to.deep.include({ kind: 'update' });
    expect(transcript.get('cid-1')).to.include({ delivery: 'sent', id: 'c|2' });
    expect(transcript.delivered('cid-1', 'c|2')).to.equal(null);
  });

  it('heals a message marked failed when its echo arrives after all', () => {
    transcript.outgoing('cid-1', 'hello', '2026-01-01T10:00:00.000Z');
    transcript.failed('cid-1');
    transcript.receive(echo('c|2', 'hello', 'cid-1'));
    expect(transcript.get('cid-1')).to.include({ delivery: 'sent' });
  });

  it('shows a retried message once even if the server stored both attempts', () => {
    transcript.outgoing('cid-1', 'hello', '2026-01-01T10:00:00.000Z');
    transcript.receive(echo('c|2', 'hello', 'cid-1'));
    expect(transcript.receive(echo('c|3', 'hello', 'cid-1')).kind).to.equal('ignored');
  });

  it('adds our own messages from a replayed history as sent customer messages', () => {
    const received = transcript.receive(echo('c|2', 'from before the reload', 'cid-old'));
    expect(received.kind).to.equal('message');
    expect(received.kind === 'message' && received.entry).to.deep.include({ key: 'cid-old', delivery: 'sent', markdown: false, sender: { kind: 'customer' } });
  });

  it('treats bot text as markdown unless it says plain', () => {
    const md = transcript.receive(bot('c|1', '**hi**'));
    const plain = transcript.receive(bot('c|2', '**hi**', { textFormat: 'plain' }));
    expect(md.kind === 'message' && md.entry?.markdown).to.equal(true);
    expect(plain.kind === 'message' && plain.entry?.markdown).to.equal(false);
  });

  it("names a person speaking through the bot from channelData.sender", () => {
    const received = transcript.receive(bot('c|1', 'Dana here', { channelData: { sender: { kind: 'rep', name: 'Dana' } } }));
    expect(received.kind === 'message' && received.entry?.sender).to.deep.equal({ kind: 'rep', name: 'Dana' });
  });

  it('turns imBack suggested actions into suggestions and skips ones that open URLs', () => {
    const received = transcript.receive(
      bot('c|1', 'Pick one', {
        suggestedActions: {
          actions: [
            { type: 'imBack', title: 'Talk to a person', value: 'Talk to a person' },
            { type: 'openUrl', title: 'Docs', value: 'https://example.com' },
          ],
        },
      }),
    );
    expect(received.kind === 'message' && received.suggestions).to.deep.equal([{ title: 'Talk to a person', value: 'Talk to a person' }]);
  });

  it('reports typing from the bot but not from the customer', () => {
    expect(transcript.receive({ type: 'typing', from: { id: 'bot', name: 'Support Bot' } } as Activity)).to.deep.equal({ kind: 'typing', name: 'Support Bot' });
    expect(transcript.receive({ type: 'typing', from: { id: USER } } as Activity).kind).to.equal('ignored');
  });
});
