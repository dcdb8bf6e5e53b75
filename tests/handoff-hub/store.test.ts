import { expect } from 'chai';
import { HANDOFF_CONTEXT_VERSION, type HandoffContext } from '../../core/handoff/index.ts';
import { migrate } from '../../core/storage/index.ts';
import { ConversationStore, MessageStore } from '../../handoff-hub/store/index.ts';
import { bothEngines } from '../support/engines.ts';

const context: HandoffContext = {
  va_Scope: 'bot', va_LastTopic: 'Track my order', va_Topics: [], va_LastPhrases: 'help', va_Phrases: ['help'], va_ConversationId: 'dl-1',
  va_AgentMessage: '', va_Language: 'en-US', va_BotId: 'bot', va_BotName: 'Support Bot', version: HANDOFF_CONTEXT_VERSION, reason: 'customer-asked',
  variables: {}, intents: [], sentiment: { trend: 0, series: [], signals: [] }, entities: [], summary: '', queue: 'general', skills: [],
  customer: { id: 'u1', name: null, email: null, phone: null },
};
const customer = { kind: 'customer' as const, id: 'u1', name: 'Customer' };

for (const engine of bothEngines()) {
  describe(`Hub stores on ${engine.name}`, () => {
    let conversations: ConversationStore;
    let messages: MessageStore;
    let n = 0;
    const fresh = async () => (await conversations.create({ id: `h${++n}`, botRef: { conversation: { id: 'dl-1' } }, context, state: 'queued', queueId: 'general', enqueuedAt: new Date() })).conversation;

    before(async function () {
      const sql = await engine.open(this);
      await migrate(sql);
      conversations = new ConversationStore(sql);
      messages = new MessageStore(sql);
    });
    after(() => engine.dispose());

    it('stores a handoff once, even when it is sent twice', async () => {
      const first = await conversations.create({ id: 'same', botRef: {}, context, state: 'queued', queueId: 'general', enqueuedAt: new Date() });
      const again = await conversations.create({ id: 'same', botRef: {}, context, state: 'queued', queueId: 'billing', enqueuedAt: new Date() });
      expect([first.created, again.created]).to.deep.equal([true, false]);
      expect(again.conversation.queueId).to.equal('general');
    });

    it('numbers messages 1, 2, 3… without gaps or repeats, even when they arrive at once', async () => {
      const c = await fresh();
      const sent = await Promise.all(Array.from({ length: 20 }, (_, i) => messages.append({ conversationId: c.id, clientId: `k${i}`, from: customer, text: `m${i}`, internal: false, at: new Date() })));
      expect(sent.map((s) => s.message.seq).sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 20 }, (_, i) => i + 1));
      expect((await messages.after(c.id, 15, { includeInternal: true })).map((m) => m.seq)).to.deep.equal([16, 17, 18, 19, 20]);
    });

    it('stores a retried message once and answers the retry with the first one', async () => {
      const c = await fresh();
      const send = () => messages.append({ conversationId: c.id, clientId: 'same', from: customer, text: 'hello', internal: false, at: new Date() });
      const [first, retry] = await Promise.all([send(), send()]); // the retry races the original
      expect([first.duplicate, retry.duplicate].sort()).to.deep.equal([false, true]);
      expect(retry.message).to.deep.equal(first.message);
      expect(await messages.after(c.id, 0, { includeInternal: true })).to.have.length(1);
    });

    it('keeps internal notes from clients that may not see them', async () => {
      const c = await fresh();
      await messages.append({ conversationId: c.id, clientId: 'a', from: { kind: 'rep', id: 'r1', name: 'Ana' }, text: 'VIP customer', internal: true, at: new Date() });
      await messages.append({ conversationId: c.id, clientId: 'b', from: customer, text: 'hi', internal: false, at: new Date() });
      expect((await messages.after(c.id, 0, { includeInternal: false })).map((m) => m.text)).to.deep.equal(['hi']);
    });

    it('lets exactly one of two reps who accept at the same moment have the conversation', async () => {
      const c = await fresh();
      const accept = (repId: string) => conversations.update(c.id, c.version, { state: 'active', repId, offer: null, acceptedAt: new Date().toISOString() });
      const results = await Promise.all([accept('r1'), accept('r2')]);
      const winners = results.filter((r) => r !== null);
      expect(winners).to.have.length(1);
      expect((await conversations.get(c.id))!.repId).to.equal(winners[0]!.repId);
    });
  });
}
