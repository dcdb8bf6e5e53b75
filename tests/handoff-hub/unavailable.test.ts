import { expect } from 'chai';
import type { TestApp } from '../support/app.ts';
import { exchange, suggestionsOf, texts } from '../support/conversation.ts';
import { type Activity, history, startConversation, textOf } from '../support/directline-client.ts';
import { CLOSED_QUEUES, queuesFile, startHubApp } from '../support/hub.ts';
import { waitFor } from '../support/wait.ts';

const CLOSED = CLOSED_QUEUES;

const handoffEvent = (a: Activity) => a.type === 'event' && (a as { name?: string }).name === 'handoff.initiate';

/** Out of hours (or nobody online, or a wait over the maximum) the customer is told and offered a way on. */
describe('Handoff when nobody can take the chat', function () {
  this.timeout(60_000);
  let t: TestApp;
  before(async () => {
    t = await startHubApp({ HUB_QUEUES_FILE: queuesFile(CLOSED) });
  });
  after(() => t.stop());

  const toldClosed = async (c: Awaited<ReturnType<typeof startConversation>>) =>
    waitFor(async () => (await history(c)).find((a) => /Our team is closed right now/.test(textOf(a))), 'the out-of-hours notice');

  it('tells the customer the team is closed and takes a message for a follow-up', async () => {
    const c = await startConversation(t.url);
    await exchange(c, 'talk to a person', (r) => r.some(handoffEvent));
    const notice = await toldClosed(c);
    expect(suggestionsOf(notice)).to.deep.equal(['Leave a message', 'Back to the bot']);

    expect(texts(await exchange(c, 'Leave a message', (r) => r.length > 0))[0]).to.match(/write your message/);
    const thanks = await exchange(c, 'Please call me back about invoice 42 on 020 7946 0000', (r) => r.length > 0);
    expect(texts(thanks)[0]).to.match(/your message is with our team/);

    // The hub keeps the message with the conversation, closed as a message left (the follow-up case's source).
    const hubId = (await t.app.sql.query<{ id: string; state: string; routing: { outcome?: string } }>("SELECT id, state, routing FROM hub_conversations WHERE customer_key LIKE $1", [`%/${c.conversationId}`]))[0]!;
    expect(hubId.state).to.equal('closed');
    expect(hubId.routing.outcome).to.equal('left-message');
    const lines = await t.app.hub.deps.messages.after(hubId.id, 0, { includeInternal: true });
    expect(lines.map((m) => m.text)).to.include('Please call me back about invoice 42 on 020 7946 0000');

    // The bot answers again.
    expect(texts(await exchange(c, 'hello', (r) => r.length > 0))[0]).to.match(/^Hello!/);
  });

  it('lets the customer go back to the bot instead', async () => {
    const c = await startConversation(t.url);
    await exchange(c, 'talk to a person', (r) => r.some(handoffEvent));
    await toldClosed(c);
    expect(texts(await exchange(c, 'Back to the bot', (r) => r.length > 0))[0]).to.match(/back with me/);
    const [row] = await t.app.sql.query<{ state: string }>('SELECT state FROM hub_conversations WHERE customer_key LIKE $1', [`%/${c.conversationId}`]);
    expect(row!.state).to.equal('bot');
    expect(texts(await exchange(c, 'hello', (r) => r.length > 0))[0]).to.match(/^Hello!/);
  });
});
