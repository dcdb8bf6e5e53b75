import { expect } from 'chai';
import { DirectLineStore } from '../../bot/directline/store.ts';
import { migrate, type Sql } from '../../core/storage/index.ts';
import { bothEngines, pgliteEngine } from '../support/engines.ts';
import { quietPeriod, waitFor } from '../support/wait.ts';
import { type LocalNode, openStream, startLocalNode } from './local-directline-node.ts';

const rep = (text: string, clientActivityID: string) => ({
  type: 'message',
  text,
  channelData: { clientActivityID, sender: { kind: 'rep', id: 'rep-1', name: 'Ana' } },
});

describe('Local Direct Line, activities the bot sends', function () {
  this.timeout(60_000);
  const engine = pgliteEngine();
  let sql: Sql;
  let node: LocalNode;

  before(async function () {
    sql = await engine.open(this);
    await migrate(sql);
    node = await startLocalNode(sql);
  });
  after(async () => {
    await node.close();
    await engine.dispose();
  });

  const stored = (conversationId: string) => new DirectLineStore(sql).listAfter(conversationId, -1);

  it('stores a message re-sent with the same clientActivityID once and answers with the first id', async () => {
    const { conversationId } = await node.reserve();
    const first = await node.botSend(conversationId, rep('Hello, Ana here', 'hub-msg-1'));
    const again = await node.botSend(conversationId, rep('Hello, Ana here', 'hub-msg-1'));
    expect([first.status, again.status]).to.deep.equal([200, 200]);
    expect(again.id).to.equal(first.id);
    expect((await stored(conversationId)).map((s) => s.activity.id)).to.deep.equal([first.id]);
  });

  it('stores messages without a clientActivityID, or with different ones, every time', async () => {
    const { conversationId } = await node.reserve();
    const ids = [
      (await node.botSend(conversationId, { type: 'message', text: 'same words' })).id,
      (await node.botSend(conversationId, { type: 'message', text: 'same words' })).id,
      (await node.botSend(conversationId, rep('one', 'hub-msg-a'))).id,
      (await node.botSend(conversationId, rep('two', 'hub-msg-b'))).id,
    ];
    expect(new Set(ids).size).to.equal(4);
    expect(await stored(conversationId)).to.have.length(4);
  });

  it('shows a re-sent message on an open stream once', async () => {
    const { conversationId, token } = await node.reserve();
    const stream = await openStream(node.streamUrl(conversationId, token));
    await node.botSend(conversationId, rep('only once', 'hub-msg-2'));
    await node.botSend(conversationId, rep('only once', 'hub-msg-2'));
    await node.botSend(conversationId, { type: 'message', text: 'after it' });
    await waitFor(() => stream.activities.some((a) => a.text === 'after it'), 'the following message');
    await quietPeriod(100);
    expect(stream.activities.map((a) => a.text)).to.deep.equal(['only once', 'after it']);
    stream.ws.close();
  });

  it('answers concurrent re-sends with one id and one stored copy', async () => {
    const { conversationId } = await node.reserve();
    const answers = await Promise.all([1, 2, 3].map(() => node.botSend(conversationId, rep('racing', 'hub-msg-3'))));
    expect(answers.map((a) => a.status)).to.deep.equal([200, 200, 200]);
    expect(new Set(answers.map((a) => a.id)).size).to.equal(1);
    expect(await stored(conversationId)).to.have.length(1);
  });
});

describe('DirectLineStore clientActivityID', () => {
  for (const engine of bothEngines()) {
    describe(engine.name, () => {
      let store: DirectLineStore;

      before(async function () {
        const sql = await engine.open(this);
        await migrate(sql);
        store = new DirectLineStore(sql);
      });
      after(() => engine.dispose());

      it('keeps a bot activity apart from a customer activity that carries the same clientActivityID', async () => {
        await store.createConversation({ id: 'conv-shared-id', userId: 'dl_u1' });
        const channelData = { clientActivityID: 'same-id' };
        const user = await store.append('conv-shared-id', { type: 'message', text: 'customer', channelData }, 'user');
        const bot = await store.append('conv-shared-id', { type: 'message', text: 'bot', channelData }, 'bot');
        const botAgain = await store.append('conv-shared-id', { type: 'message', text: 'bot', channelData }, 'bot');
        const userAgain = await store.append('conv-shared-id', { type: 'message', text: 'customer', channelData }, 'user');
        expect([user.duplicate, bot.duplicate, botAgain.duplicate, userAgain.duplicate]).to.deep.equal([false, false, true, true]);
        expect(botAgain.seq).to.equal(bot.seq);
        expect(userAgain.seq).to.equal(user.seq);
        expect((await store.listAfter('conv-shared-id', -1)).map((s) => s.activity.text)).to.deep.equal(['customer', 'bot']);
      });

      it('stores one copy when the same bot activity is appended concurrently', async () => {
        await store.createConversation({ id: 'conv-race', userId: 'dl_u2' });
        const activity = { type: 'message', text: 'racing', channelData: { clientActivityID: 'race-1' } };
        const results = await Promise.all([1, 2, 3, 4].map(() => store.append('conv-race', activity, 'bot')));
        expect(new Set(results.map((r) => r.seq)).size).to.equal(1);
        expect(results.filter((r) => !r.duplicate)).to.have.length(1);
        expect(await store.listAfter('conv-race', -1)).to.have.length(1);
      });
    });
  }
});
