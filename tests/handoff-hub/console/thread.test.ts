import { expect } from 'chai';
import { Thread } from '../../../handoff-hub/console/app/thread.ts';
import { CustomerTyping } from '../../../handoff-hub/console/app/typing.ts';
import type { ChatMessage } from '../../../handoff-hub/protocol.ts';

const message = (seq: number, kind: ChatMessage['from']['kind'] = 'customer', text = `m${seq}`): ChatMessage => ({
  conversationId: 'c1',
  id: `id-${seq}`,
  seq,
  from: { kind, id: kind, name: kind },
  text,
  internal: false,
  at: new Date(Date.UTC(2026, 0, 1, 10, 0, seq)).toISOString(),
});

describe('Console thread', () => {
  it('keeps each message once, in seq order, however often and in whatever order it arrives', () => {
    const t = new Thread('c1');
    expect([t.add(message(1)), t.add(message(2)), t.add(message(2))]).to.deep.equal(['new', 'new', 'duplicate']);
    expect(t.add(message(4))).to.equal('gap');
    expect(t.lastSeq).to.equal(2);
    expect(t.add(message(3))).to.equal('new');
    expect(t.lastSeq).to.equal(4);
    expect(t.messages.map((m) => m.seq)).to.deep.equal([1, 2, 3, 4]);
  });

  it('counts unread customer messages after the read mark', () => {
    const t = new Thread('c1');
    t.add(message(1, 'bot'));
    t.add(message(2));
    expect(t.unread).to.equal(1);
    expect(t.markRead()).to.equal(true);
    expect(t.markRead()).to.equal(false);
    t.add(message(3, 'rep'));
    t.add(message(4));
    t.add(message(5));
    expect(t.unread).to.equal(2);
  });

  it('marks sent messages delivered, earlier ones too, even when the mark overtakes the acknowledgement', () => {
    const t = new Thread('c1');
    t.add(message(1, 'rep'));
    t.markDelivered('id-3');
    t.sent(message(2, 'rep'));
    expect(t.delivery(message(2, 'rep'))).to.equal('sent');
    t.sent(message(3, 'rep'));
    expect(t.messages.map((m) => t.delivery(m))).to.deep.equal(['delivered', 'delivered', 'delivered']);
  });

  it('says nothing of the delivery of history it did not send', () => {
    const t = new Thread('c1');
    t.add(message(1, 'rep'));
    expect(t.delivery(message(1, 'rep'))).to.equal(null);
  });

  it('drops a pending copy when the hub broadcasts the message before acknowledging it', () => {
    const t = new Thread('c1');
    t.pending.set('k1', { clientId: 'k1', text: 'On it', internal: false, status: 'sending' });
    t.add(message(1, 'rep', 'On it'));
    expect(t.pending.size).to.equal(0);
  });
});

describe('Customer typing indicator', () => {
  it('shows for a few seconds after a notice and goes when the message arrives', () => {
    let now = 0;
    const typing = new CustomerTyping(() => now);
    expect(typing.typed('c1')).to.equal(true);
    expect(typing.isTyping('c1')).to.equal(true);
    now = 2000;
    expect(typing.wrote('c1')).to.equal(true);
    expect(typing.isTyping('c1')).to.equal(false);
  });

  it('ignores a notice that lands just after the message it belonged to, and expires old ones', () => {
    let now = 10_000;
    const typing = new CustomerTyping(() => now);
    typing.wrote('c1');
    now += 500;
    expect(typing.typed('c1')).to.equal(false);
    now += 2000;
    expect(typing.typed('c1')).to.equal(true);
    now += 5000;
    expect(typing.expire()).to.equal(true);
    expect(typing.isTyping('c1')).to.equal(false);
  });
});
