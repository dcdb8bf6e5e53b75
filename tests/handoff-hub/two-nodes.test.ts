import { expect } from 'chai';
import type { TestApp } from '../support/app.ts';
import { startHubCluster, type HubCluster } from '../support/cluster.ts';
import { exchange } from '../support/conversation.ts';
import { isHandoffEvent, joined, say, seen } from '../support/customer.ts';
import { type Conversation, history, startConversation, textOf } from '../support/directline-client.ts';
import { createStaff, RepConsole, type Staff } from '../support/hub.ts';
import { quietPeriod, waitFor } from '../support/wait.ts';

/**
 * Two whole servers over one PostgreSQL schema and one Redis: what a customer says on one node reaches a rep on the
 * other and back, and two nodes deciding about the same conversation at once cannot both win.
 */
describe('Hub on two nodes (shared PostgreSQL and Redis)', function () {
  this.timeout(120_000);
  let cluster: HubCluster | undefined;
  let a: TestApp;
  let b: TestApp;
  const consoles: RepConsole[] = [];
  const connect = async (node: TestApp, staff: Staff) => {
    consoles.push(await RepConsole.connect(node.url, staff));
    return consoles.at(-1)!;
  };
  /** A customer on node A who asked for a person; the hub has queued (or offered) the conversation. */
  const customerAsksForAPerson = async (): Promise<Conversation> => {
    const c = await startConversation(a.url);
    await exchange(c, 'I want to speak to a human', (r) => r.some(isHandoffEvent));
    return c;
  };

  before(async function () {
    cluster = await startHubCluster(this, 2);
    [a, b] = cluster.nodes as [TestApp, TestApp];
  });
  afterEach(async () => {
    for (const rep of consoles.splice(0)) rep.close();
    await quietPeriod(100);
  });
  after(() => cluster?.stop());

  it('relays a customer on node A and a rep on node B both ways', async () => {
    const bea = await createStaff(b.url, { name: 'Bea' });
    const rep = await connect(b, bea);

    const c = await customerAsksForAPerson();
    const offer = await rep.nextOffer();
    const accepted = await rep.send<{ conversation: { state: string } }>('offer:accept', { conversationId: offer.conversationId, offerId: offer.offerId });
    expect(accepted.ok && accepted.conversation.state).to.equal('active');
    await seen(c, joined('Bea'), 'the rep joining, told on node A');
    const joinedRoom = await rep.send('conversation:join', { conversationId: offer.conversationId, afterSeq: 0 });
    expect(joinedRoom.ok).to.equal(true);

    await say(c, 'my parcel never arrived');
    const relayed = await rep.message((m) => m.text === 'my parcel never arrived', 'the customer message from node A at the rep on node B');
    expect(relayed.from.kind).to.equal('customer');

    const sent = await rep.send('message:send', { conversationId: offer.conversationId, clientId: 'b1', text: 'Sorry about that! Checking now.' });
    expect(sent.ok).to.equal(true);
    const shown = await seen(c, (x) => textOf(x) === 'Sorry about that! Checking now.', 'the rep message from node B at the customer on node A');
    expect((shown as { channelData?: unknown }).channelData).to.deep.include({ sender: { kind: 'rep', id: bea.accountId, name: 'Bea' } });

    // A second round trip, so neither direction worked only once by luck of timing.
    await say(c, 'thank you');
    await rep.message((m) => m.text === 'thank you', 'the second customer message at the rep');
    expect((await rep.send('message:send', { conversationId: offer.conversationId, clientId: 'b2', text: 'Re-sent today.' })).ok).to.equal(true);
    await seen(c, (x) => textOf(x) === 'Re-sent today.', 'the second rep message at the customer');

    const closed = await rep.send('close', { conversationId: offer.conversationId });
    expect(closed.ok).to.equal(true);
  });

  it('lets exactly one of two supervisors on different nodes pick the same waiting conversation', async () => {
    // Both busy right after connecting: online (they may pick) but not offered anything, so the conversation waits.
    const sam = await connect(a, await createStaff(a.url, { role: 'supervisor', name: 'Sam' }));
    const sue = await connect(b, await createStaff(b.url, { role: 'supervisor', name: 'Sue' }));
    for (const supervisor of [sam, sue]) expect((await supervisor.send('presence:set', { presence: 'busy' })).ok).to.equal(true);

    for (let round = 1; round <= 3; round++) {
      for (const supervisor of [sam, sue]) supervisor.states.splice(0); // what earlier rounds told them
      const c = await customerAsksForAPerson();
      const { conversationId } = await waitFor(() => sue.states.find((s) => s.state === 'queued'), `round ${round}: the queued conversation, told on node B`);
      await waitFor(() => sam.states.some((s) => s.conversationId === conversationId && s.state === 'queued'), `round ${round}: … and on node A`);

      type Picked = { conversation: { state: string; repId: string | null } };
      const answers = await Promise.all([sam.send<Picked>('queue:pick', { conversationId }), sue.send<Picked>('queue:pick', { conversationId })]);
      const what = `round ${round}: ${JSON.stringify(answers)}`
      expect(answers.filter((x) => x.ok), what).to.have.length(1);
      const lost = answers.find((x) => !x.ok);
      expect(lost && !lost.ok && lost.error.code, what).to.equal('conflict');

      const [winner, name] = answers[0]!.ok ? ([sam, 'Sam'] as const) : ([sue, 'Sue'] as const);
      const won = answers.find((x) => x.ok);
      expect(won?.ok && won.conversation, what).to.include({ state: 'active', repId: winner.accountId });
      await seen(c, joined(name), `round ${round}: the customer told who joined`);
      await quietPeriod(300);
      const announced = (await history(c)).filter((x) => joined('Sam')(x) || joined('Sue')(x));
      expect(announced.map(textOf), `round ${round}: one person joined`).to.deep.equal([`${name} from our team has joined the chat.`]);
      expect((await winner.send('close', { conversationId })).ok).to.equal(true);
    }
  });
});
