import { expect } from 'chai';
import { chatMessageSchema, clientEvents } from '../../handoff-hub/protocol.ts';

/** The hub's wire: payloads are checked once, here, for server and browsers alike. */
describe('Hub protocol', () => {
  it('accepts a rep message with its client id, and refuses empty, oversized or unexpected fields', () => {
    const send = clientEvents['message:send'];
    expect(send.parse({ conversationId: 'c1', clientId: 'k1', text: ' hello ' })).to.deep.equal({ conversationId: 'c1', clientId: 'k1', text: 'hello', internal: false });
    expect(send.safeParse({ conversationId: 'c1', clientId: 'k1', text: '   ' }).success).to.equal(false);
    expect(send.safeParse({ conversationId: 'c1', clientId: 'k1', text: 'x'.repeat(4001) }).success).to.equal(false);
    expect(send.safeParse({ conversationId: 'c1', clientId: 'k1', text: 'hi', seq: 9 }).success).to.equal(false);
  });

  it('resumes from a sequence number, and transfers to a rep or a queue but not both', () => {
    expect(clientEvents['conversation:join'].safeParse({ conversationId: 'c1', afterSeq: -1 }).success).to.equal(false);
    const transfer = clientEvents.transfer;
    expect(transfer.safeParse({ conversationId: 'c1', to: { queueId: 'billing' } }).success).to.equal(true);
    expect(transfer.safeParse({ conversationId: 'c1', to: { queueId: 'billing', repId: 'r1' } }).success).to.equal(false);
  });

  it('describes stored messages with a positive sequence and an ISO time', () => {
    const message = { conversationId: 'c1', id: 'm1', seq: 1, from: { kind: 'rep', id: 'r1', name: 'Ana' }, text: 'Hi', internal: false, at: '2026-11-21T12:00:00.000Z' };
    expect(chatMessageSchema.parse(message)).to.deep.equal(message);
    expect(chatMessageSchema.safeParse({ ...message, seq: 0 }).success).to.equal(false);
  });
});
