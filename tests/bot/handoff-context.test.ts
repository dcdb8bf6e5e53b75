import { expect } from 'chai';
import { handoffContextSchema } from '../../core/handoff/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { exchange, texts } from '../support/conversation.ts';
import { type Activity, startConversation } from '../support/directline-client.ts';

type HandoffEvent = Activity & { name?: string; value?: unknown; attachments?: { name?: string; content?: { activities?: Activity[] } }[] };

/** The Transfer node's handoff.initiate: Copilot Studio's keys, ours, and the transcript, valid by the shared schema. */
describe('Handoff context sent by the bot', function () {
  this.timeout(120_000);
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.stop());

  const handoffIn = (replies: Activity[]) => replies.find((a) => a.type === 'event') as HandoffEvent | undefined;

  it('carries the topics, the customer’s words, what the bot noted, the reason and the transcript', async () => {
    const c = await startConversation(t.url);
    await exchange(c, 'THIS IS THE THIRD TIME I ASK!!! Where is my order?', (r) => texts(r).some((x) => /order number/.test(x)));
    await exchange(c, 'no idea', (r) => r.length > 0);
    await exchange(c, 'still no idea', (r) => r.length > 0);
    const replies = await exchange(c, 'I really do not know it', (r) => r.some((a) => a.type === 'event'));
    const event = handoffIn(replies)!;
    expect(event.name).to.equal('handoff.initiate');
    const context = handoffContextSchema.parse(event.value);
    expect(context).to.deep.include({
      va_Scope: 'bot',
      va_LastTopic: 'Track my order',
      va_LastPhrases: 'I really do not know it',
      va_ConversationId: c.conversationId,
      va_BotName: t.config.bot.name,
      reason: 'question-retries-exhausted',
      queue: 'general',
    });
    expect(context.va_Topics).to.deep.equal(['Conversation Start', 'Track my order', 'Talk to a person']);
    expect(context.va_Phrases).to.deep.equal(['THIS IS THE THIRD TIME I ASK!!! Where is my order?', 'no idea', 'still no idea', 'I really do not know it']);
    expect(context.sentiment.series.length).to.be.greaterThan(0);
    expect(context.sentiment.signals).to.include('shouting');
    expect(context.summary).to.match(/could not give an answer the bot accepted/).and.match(/Track my order → Talk to a person/);
    expect(context.intents[0]).to.have.property('intent');
    const transcript = event.attachments?.find((a) => a.name === 'Transcript')?.content?.activities ?? [];
    expect(transcript.filter((a) => a.type === 'message').map((a) => a.text)).to.include.members(['no idea', 'still no idea']);
  });

  it('says why: the customer asked, with the private note for the rep', async () => {
    const c = await startConversation(t.url);
    const replies = await exchange(c, 'get me a live agent', (r) => r.some((a) => a.type === 'event'));
    const context = handoffContextSchema.parse(handoffIn(replies)!.value);
    expect(context.reason).to.equal('customer-asked');
    expect(context.va_AgentMessage).to.equal('Last message: "get me a live agent"');
    expect(context.customer.id).to.be.a('string').and.not.equal('');
  });
});
