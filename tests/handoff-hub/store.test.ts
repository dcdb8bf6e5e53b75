import { expect } from 'chai';
import { HANDOFF_CONTEXT_VERSION, type HandoffContext } from '../../core/handoff/index.ts';
import { migrate, type Sql } from '../../core/storage/index.ts';
import { newConversation, transition, type Conversation } from '../../handoff-hub/routing/index.ts';
import { ConversationStore, MessageStore, OutboxStore } from '../../handoff-hub/store/index.ts';
import { bothEngines } from '../support/engines.ts';

const context: HandoffContext = {
  va_Scope: 'bot', va_LastTopic: 'Track my order', va_Topics: [], va_LastPhrases: 'help', va_Phrases: ['help'], va_ConversationId: 'dl-1',
  va_AgentMessage: '', va_Language: 'en-US', va_BotId: 'bot', va_BotName: 'Support Bot', version: HANDOFF_CONTEXT_VERSION, reason: 'customer-asked',
  variables: {}, intents: [], sentiment: { trend: 0, series: [], signals: [] }, entities: [], summary: '', queue: 'general', skills: [],
  customer: { id: 'u1', name: null, email: null, phone: null },
};
const customer = { kind: 'customer' as const, id: 'u1', name: 'Customer' };

function queued(id: string, queueId: string): Conversation {
  const result = transition(newConversation(id), { type: 'escalate', queueId }, Date.now());
  if (!result.ok) throw new Error(result.refusal.message);
  return result.conversation;
}

for (const engine of bothEngines()) {
  describe(`Hub stores on ${engine.name}`, () => {
    let conversations: ConversationStore;
    let messages: MessageStore;
    let outbox: OutboxStore;
    let sql: Sql;
    let n = 0;
    const create = (id: string, customerKey: string, queueId: string) =>
      sql.transaction((tx) => conversations.create(tx, { id, customerKey, channel: 'bot', botRef: { conversation: { id: customerKey } }, context, routing: queued(id, queueId) }));
    const fresh = async () => (await create(`h${++n}`, `test/dl-${n}`, 'general')).conversation;

    before(async function () {
      sql = await engine.open(this);
      await migrate(sql);
      conversations = new ConversationStore(sql);
      messages = new MessageStore(sql);
      outbox = new OutboxStore(sql);
    });
    after(() => engine.dispose());

    it('keeps one open handoff per bot conversation, even when it is sent twice at once', async () => {
      const [first, again] = await Promise.all([create('same-1', 'test/same', 'general'), create('same-2', 'test/same', 'billing')]);
      expect([first.created, again.created].sort()).to.deep.equal([false, true]);
      expect(again.conversation.id).to.equal(first.conversation.id);
      expect((await conversations.openFor('test/same'))!.routing.queueId).to.equal(first.conversation.routing.queueId);
    });

    it('numbers messages 1, 2, 3… without gaps or repeats, even when they arrive at once', async () => {
      const c = await fresh();
      const sent = await Promise.all(Array.from({ length: 20 }, (_, i) => messages.append({ conversationId: c.id, clientId: `k${i}`, from: customer, text: `m${i}`, internal: false, at: new Date() })));
      expect(sent.map((s) => s.message.seq).sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 20 }, (_, i) => i + 1));
      expect((await messages.after(c.id, 15, { includeInternal: true })).map((m) => m.seq)).to.deep.equal([16, 17, 18, 19, 20]);
    });

    it("reads where a conversation stands, and its last seq, without its context (what a rep's message needs)", async () => {
      const c = await fresh();
      await messages.append({ conversationId: c.id, clientId: 'standing', from: customer, text: 'hi', internal: false, at: new Date() });
      expect(await conversations.routingOf(c.id)).to.deep.equal({ id: c.id, routing: c.routing, lastSeq: 1 });
      expect(await conversations.routingOf('no-such-conversation')).to.equal(undefined);
    });

    it("stores a customer's message under the customer of the handoff context, once however often it is retried", async () => {
      const c = await fresh();
      const send = () => messages.appendFromCustomer({ conversationId: c.id, clientId: 'c:act-1', text: 'where is my order?', at: new Date() });
      const [first, retry] = await Promise.all([send(), send()]);
      expect([first!.duplicate, retry!.duplicate].sort()).to.deep.equal([false, true]);
      expect(retry!.message).to.deep.equal(first!.message);
      // The context names no customer name: the sender is called "Customer", as the console shows it.
      expect(first!.message).to.include({ seq: 1, text: 'where is my order?', internal: false });
      expect(first!.message.from).to.deep.equal(customer);
      expect(first).to.deep.include({ customerKey: c.customerKey, routing: c.routing });
      expect(await messages.after(c.id, 0, { includeInternal: true })).to.have.length(1);
    });

    it('takes no customer message once the conversation has left the hub, nor for one it does not know', async () => {
      let c = await fresh();
      for (const event of [{ type: 'pick', repId: 'r1' }, { type: 'end' }] as const) {
        const next = transition(c.routing, event, Date.now());
        if (!next.ok) throw new Error(next.refusal.message);
        c = (await sql.transaction((tx) => conversations.update(tx, c, next.conversation)))!;
      }
      expect(c.routing.state).to.equal('wrap-up');
      expect(await messages.appendFromCustomer({ conversationId: c.id, clientId: 'c:late', text: 'one more thing', at: new Date() })).to.equal(undefined);
      expect(await messages.after(c.id, 0, { includeInternal: true })).to.deep.equal([]);
      expect((await conversations.routingOf(c.id))!.lastSeq).to.equal(0);
      expect(await messages.appendFromCustomer({ conversationId: 'no-such-conversation', clientId: 'c:x', text: 'hi', at: new Date() })).to.equal(undefined);
    });

    it('stores a retried message once and answers the retry with the first one', async () => {
      const c = await fresh();
      const send = () => messages.append({ conversationId: c.id, clientId: 'same', from: customer, text: 'hello', internal: false, at: new Date() });
      const [first, retry] = await Promise.all([send(), send()]); // the retry races the original
      expect([first.duplicate, retry.duplicate].sort()).to.deep.equal([false, true]);
      expect(retry.message).to.deep.equal(first.message);
      expect(await messages.after(c.id, 0, { includeInternal: true })).to.have.length(1);
    });

    it("puts a rep's message in the customer outbox with it, once however often it is retried", async () => {
      const c = await fresh();
      const rep = { kind: 'rep' as const, id: 'r1', name: 'Ana' };
      const send = () => messages.append({ conversationId: c.id, clientId: 'r-1', from: rep, text: 'On it', internal: false, at: new Date() }, { toCustomer: true });
      const [first, retry] = await Promise.all([send(), send()]);
      await send();
      const claimed = await outbox.claim(c.id);
      expect(claimed.map((p) => p.item)).to.deep.equal([{ kind: 'message', messageId: first.message.id, text: 'On it', from: { id: 'r1', name: 'Ana' } }]);
      expect(retry.message.id).to.equal(first.message.id);
    });

    it('keeps internal notes from clients that may not see them', async () => {
      const c = await fresh();
      await messages.append({ conversationId: c.id, clientId: 'a', from: { kind: 'rep', id: 'r1', name: 'Ana' }, text: 'VIP customer', internal: true, at: new Date() });
      await messages.append({ conversationId: c.id, clientId: 'b', from: customer, text: 'hi', internal: false, at: new Date() });
      expect((await messages.after(c.id, 0, { includeInternal: false })).map((m) => m.text)).to.deep.equal(['hi']);
    });

    it('lets exactly one of two reps who accept at the same moment have the conversation', async () => {
      const c = await fresh();
      const accept = (repId: string) => {
        const picked = transition(c.routing, { type: 'pick', repId }, Date.now());
        if (!picked.ok) throw new Error(picked.refusal.message);
        return sql.transaction((tx) => conversations.update(tx, c, picked.conversation));
      };
      const results = await Promise.all([accept('r1'), accept('r2')]);
      const winners = results.filter((r) => r !== null);
      expect(winners).to.have.length(1);
      expect((await conversations.get(c.id))!.routing.assignedRepId).to.equal(winners[0]!.routing.assignedRepId);
    });
  });
}
