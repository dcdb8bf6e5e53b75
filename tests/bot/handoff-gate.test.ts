import { expect } from 'chai';
import type { Activity, ConversationReference } from 'botbuilder';
import { HandoffRefused, type HubGateway } from '../../bot/index.ts';
import { handoffContextSchema } from '../../core/handoff/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { exchange, texts } from '../support/conversation.ts';
import { history, startConversation, textOf } from '../support/directline-client.ts';
import { quietPeriod, waitFor } from '../support/wait.ts';

/** A hub stand-in on the bot's gateway: records what the bot hands it, and refuses when told to. */
class FakeHub implements HubGateway {
  readonly handed: { event: Partial<Activity>; reference: Partial<ConversationReference> }[] = [];
  readonly messages: { hubConversationId: string; text: string }[] = [];
  refuse = false;

  async initiate(event: Partial<Activity>, reference: Partial<ConversationReference>) {
    if (this.refuse) throw new HandoffRefused('queue closed');
    this.handed.push({ event, reference });
    return { hubConversationId: `hub-${this.handed.length}` };
  }

  async customerMessage(hubConversationId: string, message: { text: string }) {
    this.messages.push({ hubConversationId, text: message.text });
    return { accepted: true };
  }

  async customerChoice() {
    return { done: true };
  }
}

/** While a person has the conversation the bot stays silent; rep messages and status reach the customer through it. */
describe('Handoff through the bot (hub gateway)', function () {
  this.timeout(120_000);
  const hub = new FakeHub();
  let t: TestApp;
  before(async () => {
    t = await startTestApp({}, { hub });
  });
  after(() => t.stop());

  it('hands over, stays silent while a person has it, shows the rep by name, and resumes with the survey', async () => {
    const c = await startConversation(t.url);
    await exchange(c, 'I want to speak to a human', (r) => r.some((a) => a.type === 'event'));
    expect(hub.handed).to.have.length(1);
    expect(handoffContextSchema.parse(hub.handed[0]!.event.value).reason).to.equal('customer-asked');
    const reference = hub.handed[0]!.reference;

    // Queued: the customer's message goes to the hub, and the bot says nothing.
    const before = (await history(c)).length;
    await exchange(c, 'hello? anyone there?', () => true);
    await waitFor(() => (hub.messages.some((m) => m.text === 'hello? anyone there?') ? true : undefined), 'the message at the hub');
    await quietPeriod(500);
    expect((await history(c)).length, 'only the customer message was added').to.equal(before + 1);

    await t.app.customerChannel.status(reference, { state: 'accepted', rep: { id: 'r1', name: 'Ana' } }, { id: 'hub-1', hubConversationId: 'hub-1' });
    await t.app.customerChannel.deliver(reference, { id: 'hub-2', text: 'Hi, I am Ana. <b>How</b> can I help?', from: { id: 'r1', name: 'Ana' } });
    const fromAna = await waitFor(async () => (await history(c)).find((a) => textOf(a).startsWith('Hi, I am Ana')), "Ana's message");
    expect((fromAna as { channelData?: unknown }).channelData).to.deep.include({ sender: { kind: 'rep', id: 'r1', name: 'Ana' } });
    // A repeat of the same hub id (after a crash) is not shown twice.
    await t.app.customerChannel.deliver(reference, { id: 'hub-2', text: 'Hi, I am Ana. <b>How</b> can I help?', from: { id: 'r1', name: 'Ana' } });
    expect((await history(c)).filter((a) => textOf(a).startsWith('Hi, I am Ana'))).to.have.length(1);
    expect((fromAna as { textFormat?: string }).textFormat).to.equal('plain');
    expect(texts(await history(c))).to.include('Ana from our team has joined the chat.');

    await exchange(c, 'my parcel is lost', () => true);
    await waitFor(() => (hub.messages.some((m) => m.text === 'my parcel is lost') ? true : undefined), 'the second message at the hub');

    await t.app.customerChannel.status(reference, { state: 'completed', outcome: 'resolved' }, { id: 'hub-3', hubConversationId: 'hub-1' });
    await waitFor(async () => (texts(await history(c)).some((x) => /how would you rate this conversation/.test(x)) ? true : undefined), 'the survey');
    // The bot answers again.
    expect(texts(await exchange(c, '5', (r) => r.length > 0))[0]).to.match(/anything you'd like to tell us/);
  });

  it('tells the customer when the hub will not take the conversation, and keeps answering', async () => {
    hub.refuse = true;
    try {
      const c = await startConversation(t.url);
      const replies = await exchange(c, 'get me a live agent', (r) => texts(r).some((x) => /can't connect you to a person right now/.test(x)));
      expect(replies.some((a) => a.type === 'event'), 'the handoff event is still on record').to.equal(true);
      expect(texts(await exchange(c, 'hello', (r) => r.length > 0))[0]).to.match(/^Hello!/);
    } finally {
      hub.refuse = false;
    }
  });
});
