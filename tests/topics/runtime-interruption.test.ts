import { expect } from 'chai';
import type { KnowledgeAnswer, TopicLibrary } from '../../topics/index.ts';
import { Conversation, openDemo } from '../support/topic-runtime.ts';

const ORDER_PROMPT = "Sure, I can check that. What's your order number? It looks like **NW-12345** and is in your confirmation email.";
const ORDER_RETRY = "That doesn't look like an order number. It's two letters and five or more digits, like **NW-12345**.";
const RETURNS: KnowledgeAnswer = { text: 'You have 30 days.', citations: [] };

describe('TopicRuntime, interruptions', () => {
  let demo: TopicLibrary;
  before(async () => {
    demo = (await openDemo()).library;
  });

  /** Waiting for an order number, then interrupted by a clear question about returns. */
  function interrupted(): Conversation {
    const c = new Conversation(demo, { knowledge: () => RETURNS });
    expect(c.say('where is my order', { intent: 'order-status' }).asked?.text).to.equal(ORDER_PROMPT);
    const turn = c.say('actually, what is your return policy?', { intent: 'returns-refunds', confidence: 0.85 });
    expect(turn.traces('interrupted')).to.deep.equal([{ event: 'interrupted', topic: 'order-status', detail: 'returns-refunds' }]);
    expect(turn.texts).to.deep.equal(['You have 30 days.', 'Did that answer your question?']);
    expect(c.state.suspended?.map((f) => f.topic)).to.deep.equal(['order-status']);
    return c;
  }

  it('switches to a strongly matched topic and offers to go back when it ends', () => {
    const c = interrupted();
    const turn = c.say('yes');
    expect(turn.texts).to.deep.equal(['Great! Anything else?', 'Shall we go back to **Track my order**?']);
    expect(turn.asked?.suggestions).to.deep.equal(['Yes', 'No']);
    expect(c.state.resumeOffered).to.equal(true);
  });

  it('re-asks the pending question on yes, and carries on from its answer', () => {
    const c = interrupted();
    c.say('yes');
    const back = c.say('Yes please');
    expect(back.texts).to.deep.equal([ORDER_PROMPT]);
    expect(back.traces('resumed')).to.deep.equal([{ event: 'resumed', topic: 'order-status' }]);
    expect(c.state).to.deep.include({ resumeOffered: false, suspended: undefined });
    expect(c.say('NW-12345').effects).to.deep.equal([{ kind: 'action', name: 'order_status', inputs: { orderNumber: 'NW-12345' } }]);
  });

  it('drops the pending question on no', () => {
    const c = interrupted();
    c.say('yes');
    const turn = c.say('no');
    expect(turn.texts).to.deep.equal(['OK. What else can I help with?']);
    expect(c.state).to.deep.include({ stack: [], resumeOffered: false, suspended: undefined });
  });

  it('drops the pending question and handles anything else as a new message', () => {
    const c = interrupted();
    c.say('yes');
    const turn = c.say('hello', { intent: 'greeting', confidence: 0.4 });
    expect(turn.started).to.deep.equal(['greeting']);
    expect(c.state).to.deep.include({ stack: [], resumeOffered: false, suspended: undefined });
  });

  it('takes a weak match while a question is pending as an attempt to answer it', () => {
    const c = new Conversation(demo);
    c.say('where is my order', { intent: 'order-status' });
    const turn = c.say('I want a refund', { intent: 'returns-refunds', confidence: 0.59 });
    expect(turn.texts).to.deep.equal([ORDER_RETRY]);
    expect(turn.traces('interrupted')).to.deep.equal([]);
    expect(c.state.suspended).to.equal(undefined);
  });

  it('takes an ambiguous match as an attempt to answer, however confident', () => {
    const c = new Conversation(demo);
    c.say('where is my order', { intent: 'order-status' });
    const ranking = [['returns-refunds', 0.9], ['billing', 0.89]] as const;
    expect(c.say('refund my invoice', { intent: 'returns-refunds', confidence: 0.9, ambiguous: true, ranking }).texts).to.deep.equal([ORDER_RETRY]);
  });

  it('prefers a valid answer to a strong match for another topic, except for a text question', () => {
    const c = new Conversation(demo);
    c.say('I have a billing problem', { intent: 'billing' });
    const turn = c.say('Payment methods', { intent: 'returns-refunds', confidence: 0.95 });
    expect(turn.texts[0]).to.match(/^We accept Visa/);
    expect(turn.traces('interrupted')).to.deep.equal([]);

    c.say('bye', { intent: 'goodbye' });
    c.say('4');
    // The comment question takes any text, so a strong match leaves it.
    const comment = c.say('where is my order', { intent: 'order-status', confidence: 0.95 });
    expect(comment.traces('interrupted')).to.have.length(1);
    expect(c.state.global.csatComment).to.equal(undefined);
  });

  it('does not interrupt a topic for itself', () => {
    const c = new Conversation(demo);
    c.say('where is my order', { intent: 'order-status' });
    expect(c.say('track my order please', { intent: 'order-status', confidence: 0.95 }).texts).to.deep.equal([ORDER_RETRY]);
  });

  it('hands over at once when the customer asks for a person in the middle of a question, forgetting the question', () => {
    const c = new Conversation(demo);
    c.say('where is my order', { intent: 'order-status' });
    const turn = c.say('just get me a human', { intent: 'escalate', confidence: 0.9 });
    expect(turn.handoff?.reason).to.equal('customer-asked');
    expect(c.state).to.deep.include({ stack: [], suspended: undefined });
  });

  it('interrupts for a clicked topic name whatever its confidence', () => {
    const c = new Conversation(demo, { knowledge: () => RETURNS });
    c.say('where is my order', { intent: 'order-status' });
    const turn = c.say('Returns and refunds', { intent: 'order-status', confidence: 0.1 });
    expect(turn.started).to.deep.equal(['returns-refunds']);
    expect(c.state.suspended?.map((f) => f.topic)).to.deep.equal(['order-status']);
  });
});
