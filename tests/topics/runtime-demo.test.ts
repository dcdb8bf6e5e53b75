import { expect } from 'chai';
import type { EffectResult, TopicLibrary } from '../../topics/index.ts';
import { Conversation, openDemo } from '../support/topic-runtime.ts';

const SHIPPED: EffectResult = {
  kind: 'action',
  ok: true,
  output: {
    found: true,
    orderNumber: 'NW-12345',
    status: 'shipped',
    carrier: 'DHL',
    estimatedDelivery: '2025-03-04',
    trackingUrl: 'https://track.example.com/NW-12345',
  },
};

/** The demo topics end to end, as a maker would try them in the chat. */
describe('TopicRuntime, demo topics', () => {
  let demo: TopicLibrary;
  before(async () => {
    demo = (await openDemo()).library;
  });

  it('tracks an order: apologises to a frustrated customer, looks the order up and says where it is', () => {
    const looked: Record<string, string>[] = [];
    const c = new Conversation(demo, { actions: { order_status: (inputs) => (looked.push({ ...inputs }), SHIPPED) } });
    const ask = c.say('my order STILL has not arrived', { intent: 'order-status', sentiment: { label: 'negative', frustrated: true } });
    expect(ask.texts[0]).to.equal("I'm sorry this has been frustrating. Let's find your order right away.");
    const turn = c.say('nw12345');
    expect(looked).to.deep.equal([{ orderNumber: 'nw12345' }]);
    expect(turn.texts).to.deep.equal([
      'Order **NW-12345** has shipped with DHL and should arrive by **2025-03-04**. [Follow your parcel](https://track.example.com/NW-12345).',
      'Is there anything else I can help with?',
    ]);
  });

  it('hands an order lookup that failed to a person with reason action-failed', () => {
    const c = new Conversation(demo, { actions: { order_status: () => ({ kind: 'action', ok: false, error: 'order API answered 503' }) } });
    const turn = c.say('where is NW-12345', { intent: 'order-status' });
    expect(turn.texts[0]).to.equal("Sorry, I can't reach our order system right now.");
    expect(turn.handoff).to.deep.include({ reason: 'action-failed', topic: 'escalate', topics: ['order-status', 'escalate'] });
  });

  it('escalates an order number asked for three times with reason question-retries-exhausted', () => {
    const c = new Conversation(demo);
    c.say('where is my order', { intent: 'order-status' });
    c.say('I do not know');
    c.say('no idea');
    // Escalate runs on top of the topic that gave up, so the rep sees where the customer was.
    expect(c.say('still no idea').handoff).to.deep.include({ reason: 'question-retries-exhausted', topics: ['order-status', 'escalate'] });
  });

  it('sends a billing question it cannot answer to the billing queue with what it learnt', () => {
    const c = new Conversation(demo);
    c.say('there is a charge I do not recognise', { intent: 'billing' });
    expect(c.say('1').asked?.text).to.match(/^Which order is the charge for\?/);
    const turn = c.say('It was NW-777777');
    expect(turn.texts).to.deep.equal(['Let me connect you with our billing team.']);
    expect(turn.handoff).to.deep.equal({
      reason: 'topic-transfer',
      topic: 'billing',
      topics: ['billing'],
      agentMessage: "Billing: A charge I don't recognise, order NW-777777.",
      queue: 'billing',
      skills: ['billing'],
      variables: { 'Topic.subject': "A charge I don't recognise", 'Topic.orderNumber': 'NW-777777' },
    });
  });

  it('asks for the account email when a password reset did not work, and keeps it in the customer profile', () => {
    const c = new Conversation(demo);
    expect(c.say('I forgot my password', { intent: 'password-reset' }).asked?.text).to.equal('Did that work?');
    expect(c.say('no').asked?.text).to.match(/^Which email address/);
    const turn = c.say('sam@example.com');
    expect(turn.handoff).to.deep.include({ queue: 'accounts', agentMessage: 'Password reset did not work for sam@example.com.' });
    expect(c.state.user).to.deep.equal({ email: 'sam@example.com' });
  });

  it('offers a person for returns when the knowledge base has no answer', () => {
    const c = new Conversation(demo);
    const turn = c.say('can I return boots', { intent: 'returns-refunds' });
    expect(turn.texts[0]).to.match(/^You can return unworn items within \*\*30 days\*\*/);
    expect(turn.asked?.text).to.equal('Would you like to talk to a person about your return?');
    expect(c.say('yes please').handoff?.reason).to.equal('no-knowledge-answer');
  });
});
