import { expect } from 'chai';
import type { KnowledgeAnswer, TopicLibrary } from '../../topics/index.ts';
import { Conversation, openDemo } from '../support/topic-runtime.ts';

const RETURNS: KnowledgeAnswer = {
  text: 'Unworn items can be returned within **30 days**.',
  citations: [{ title: 'Returns policy', url: 'https://help.example.com/returns' }],
};
const FALLBACK_REPROMPT = "Sorry, I didn't understand that. Could you rephrase it, or pick one of these?";

describe('TopicRuntime, system topics', () => {
  let demo: TopicLibrary;
  before(async () => {
    demo = (await openDemo()).library;
  });

  describe('Conversation Start', () => {
    it('welcomes the customer by the bot name with suggestions, and then waits for them', () => {
      const c = new Conversation(demo);
      const turn = c.start();
      expect(turn.texts).to.deep.equal(["Hi, I'm **Nora**. I can help with orders, returns, billing and your account. What can I do for you?"]);
      expect(turn.commands.find((x) => x.kind === 'say')).to.deep.include({ suggestions: ['Track my order', 'Returns and refunds', 'Talk to a person'] });
      expect(turn.started).to.deep.equal(['conversation-start']);
      expect(c.state.stack).to.deep.equal([]);
    });

    it('does not welcome again when the chat reopens in the middle of a topic', () => {
      const c = new Conversation(demo);
      c.say('where is my order', { intent: 'order-status' });
      const turn = c.start();
      expect(turn.commands).to.deep.equal([]);
      expect(c.state.stack.map((f) => f.topic)).to.deep.equal(['order-status']);
    });
  });

  it('answers a greeting and a thank-you with their topics', () => {
    const c = new Conversation(demo);
    expect(c.say('hello', { intent: 'greeting' }).texts).to.deep.equal([
      'Hello! I can track orders, help with returns and refunds, billing and sign-in problems. How can I help?',
    ]);
    expect(c.say('thanks a lot', { intent: 'thank-you' }).texts).to.deep.equal(["You're welcome! Is there anything else I can do?"]);
    expect(c.state.stack).to.deep.equal([]);
  });

  describe('Goodbye and End of Conversation', () => {
    it('says goodbye, asks for a 1–5 rating and a comment, stores both and ends the conversation', () => {
      const c = new Conversation(demo);
      const bye = c.say('bye', { intent: 'goodbye' });
      expect(bye.texts[0]).to.equal('Thanks for chatting with us, goodbye!');
      expect(bye.asked).to.deep.include({
        text: 'Before you go, how would you rate this conversation, from 1 (poor) to 5 (excellent)?',
        suggestions: ['1', '2', '3', '4', '5'],
      });
      expect(bye.ended).to.equal(false);

      expect(c.say('4').asked?.text).to.equal('Thank you! Is there anything you\'d like to tell us? (Or say "no".)');
      const last = c.say('Quick and friendly');
      expect(last.texts).to.deep.equal(['Thanks for your feedback. Have a great day!']);
      expect(last.commands.filter((x) => x.kind !== 'trace').at(-1)).to.deep.equal({ kind: 'end-conversation' });
      expect(c.state.global).to.deep.equal({ csatScore: '4', csatComment: 'Quick and friendly' });
      expect(c.state.stack).to.deep.equal([]);
    });

    it('re-asks a rating that is not 1–5, then ends without a comment when it still is not', () => {
      const c = new Conversation(demo);
      c.say('bye', { intent: 'goodbye' });
      expect(c.say('brilliant').asked?.text).to.equal('Please pick a number from 1 to 5.');
      const turn = c.say('very good');
      expect(turn.texts).to.deep.equal(['Thanks for your feedback. Have a great day!']);
      expect(turn.ended).to.equal(true);
      expect(c.state.global).to.deep.equal({});
    });

    it('asks for the rating again in a later conversation (skipIfKnown: false)', () => {
      const c = new Conversation(demo);
      c.say('bye', { intent: 'goodbye' });
      c.say('5');
      c.say('no');
      expect(c.say('bye', { intent: 'goodbye' }).asked?.text).to.match(/^Before you go, how would you rate/);
    });
  });

  describe('Fallback', () => {
    it('searches the knowledge base with the message first and says the answer with its source', () => {
      const queries: string[] = [];
      const c = new Conversation(demo, { knowledge: (q) => (queries.push(q), RETURNS) });
      const turn = c.say('how long do I have to send stuff back');
      expect(turn.started).to.deep.equal(['fallback']);
      expect(turn.effects).to.deep.equal([{ kind: 'knowledge', query: 'how long do I have to send stuff back' }]);
      expect(queries).to.deep.equal(['how long do I have to send stuff back']);
      expect(turn.texts).to.deep.equal([
        'Unworn items can be returned within **30 days**.\n\nSource: [Returns policy](https://help.example.com/returns)',
      ]);
      expect(c.state.unrecognised).to.equal(0);
      expect(c.state.stack).to.deep.equal([]);
    });

    it('lists several sources, escapes their titles and keeps brackets in a URL from ending the link', () => {
      const answer: KnowledgeAnswer = {
        text: 'Yes.',
        citations: [
          { title: 'Returns [EU]', url: 'https://help.example.com/a)b c', version: 'v2' },
          { title: 'Internal note' },
        ],
      };
      const c = new Conversation(demo, { knowledge: () => answer });
      expect(c.say('returns in europe?').texts).to.deep.equal([
        'Yes.\n\nSources:\n1. [Returns \\[EU\\] (v2)](https://help.example.com/a%29b%20c)\n2. Internal note',
      ]);
    });

    it('asks to rephrase when the knowledge base has no answer, and hands over on the second miss in a row', () => {
      const c = new Conversation(demo);
      const first = c.say('blorp');
      expect(first.texts).to.deep.equal([FALLBACK_REPROMPT]);
      expect(c.state.unrecognised).to.equal(1);

      const second = c.say('zzz qqq');
      expect(second.effects.map((e) => e.kind)).to.deep.equal(['knowledge']);
      expect(second.texts).to.deep.equal([
        "I'm sorry I couldn't help with that myself.",
        "I'm connecting you to a person now. They will see our conversation so far, so you won't need to repeat yourself.",
      ]);
      expect(second.handoff).to.deep.include({ reason: 'fallback-exhausted', topic: 'escalate', topics: ['fallback', 'escalate'], queue: 'general' });
      expect(second.handoff?.agentMessage).to.equal('Last message: "zzz qqq"');
      expect(c.state.stack).to.deep.equal([]);
      expect(c.state.escalation).to.equal(undefined);
    });

    it('starts counting again after a knowledge answer or a recognised topic', () => {
      let answer: KnowledgeAnswer | null = null;
      const c = new Conversation(demo, { knowledge: () => answer });
      c.say('blorp');
      answer = RETURNS;
      c.say('return window?');
      expect(c.state.unrecognised).to.equal(0);
      answer = null;
      expect(c.say('blorp again').handoff).to.equal(undefined);
      c.say('hi', { intent: 'greeting' });
      expect(c.say('blorp once more').handoff).to.equal(undefined);
      expect(c.say('and again').handoff?.reason).to.equal('fallback-exhausted');
    });
  });

  describe('Escalate', () => {
    it('hands over with reason customer-asked when the customer asks for a person', () => {
      const c = new Conversation(demo);
      const turn = c.say('get me a human', { intent: 'escalate' });
      expect(turn.handoff).to.deep.include({ reason: 'customer-asked', topic: 'escalate', topics: ['escalate'] });
      expect(c.state.stack).to.deep.equal([]);
    });

    it('treats a click on the "Talk to a person" suggestion as asking for a person, whatever the NLU thought', () => {
      const c = new Conversation(demo);
      expect(c.say('Talk to a person', { intent: 'billing', confidence: 0.2 }).handoff?.reason).to.equal('customer-asked');
    });
  });

  describe('Start over', () => {
    it('forgets topics, the suspended topic and Global variables in the middle of a question, and welcomes again', () => {
      const c = new Conversation(demo);
      c.say('bye', { intent: 'goodbye' });
      c.say('3');
      c.say('where is my order', { intent: 'order-status' }); // Interrupts the comment question.
      expect(c.state.suspended).to.have.length(1);
      expect(c.state.global).to.deep.equal({ csatScore: '3' });

      const turn = c.say('start over', { intent: 'start-over' });
      expect(turn.texts).to.deep.equal([
        "OK, let's start over.",
        "Hi, I'm **Nora**. I can help with orders, returns, billing and your account. What can I do for you?",
      ]);
      expect(turn.started).to.deep.equal(['start-over', 'conversation-start']);
      expect(c.state).to.deep.include({ stack: [], global: {}, unrecognised: 0, resumeOffered: false });
      expect(c.state.suspended).to.equal(undefined);
    });

    it('wins over a pending question even when its answer would be valid text', () => {
      const c = new Conversation(demo);
      c.say('bye', { intent: 'goodbye' });
      c.say('5');
      const turn = c.say('restart', { intent: 'start-over', confidence: 0.7 });
      expect(turn.started[0]).to.equal('start-over');
      expect(c.state.global).to.deep.equal({});
    });
  });

  describe('Multiple Topics Matched', () => {
    const ambiguous = { intent: 'order-status', confidence: 0.41, ambiguous: true, ranking: [['order-status', 0.41], ['returns-refunds', 0.4], ['billing', 0.1]] as const };

    it('offers the matching topics by name, and a click on a name starts that topic', () => {
      const c = new Conversation(demo);
      const turn = c.say('my parcel came back', ambiguous);
      expect(turn.started).to.deep.equal(['multiple-topics-matched']);
      expect(turn.commands.find((x) => x.kind === 'say')).to.deep.equal({
        kind: 'say',
        text: 'I can help with a few things that match that. Which did you mean?',
        suggestions: ['Track my order', 'Returns and refunds', 'Billing', 'None of these'],
      });

      const click = c.say('Returns and refunds', { intent: 'returns-refunds', confidence: 0.3 });
      expect(click.started).to.deep.equal(['returns-refunds']);
      expect(click.effects).to.deep.equal([{ kind: 'knowledge', query: 'Returns and refunds' }]);
    });

    it('starts the top topic when fewer than two matches are topics customers can start', () => {
      const c = new Conversation(demo);
      const turn = c.say('hmm', { ...ambiguous, ranking: [['order-status', 0.41], ['no-such-topic', 0.4]] });
      expect(turn.started).to.deep.equal(['order-status']);
    });
  });
});
