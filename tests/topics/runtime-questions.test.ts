import { expect } from 'chai';
import type { TopicLibrary, Value } from '../../topics/index.ts';
import { TopicFolders, yaml } from '../support/topic-files.ts';
import { Conversation, libraryOf, openDemo, type Understood } from '../support/topic-runtime.ts';

const folders = new TopicFolders();
after(() => folders.cleanup());

/** A topic `ask` ("ask me") with one question into Global.answer (`fields` completes it), then a message saying what it stored. */
function asking(fields: Record<string, unknown>): Record<string, string> {
  const topic = {
    name: 'Ask',
    triggers: ['ask me'],
    nodes: [
      { kind: 'question', prompt: 'Your answer?', retryPrompt: 'Try again.', variable: 'Global.answer', ...fields },
      { kind: 'message', text: 'Got {coalesce(Global.answer, "nothing")}.' },
    ],
  };
  return { 'ask.yaml': JSON.stringify(topic) }; // JSON is YAML.
}

/** Starts `ask` and gives `answers` in turn; `stored` is what the question stored (undefined while it is still asking). */
async function answer(fields: Record<string, unknown>, ...answers: (string | [string, Understood])[]): Promise<{ c: Conversation; stored: Value | undefined }> {
  const c = new Conversation(await libraryOf(folders, asking(fields)));
  expect(c.say('ask me', { intent: 'ask' }).asked?.text).to.equal('Your answer?');
  for (const a of answers) {
    const [text, u] = typeof a === 'string' ? [a, {}] : a;
    c.say(text, u);
  }
  return { c, stored: c.state.global.answer };
}

describe('TopicRuntime, questions', () => {
  describe('recognising answers by type', () => {
    it('takes any non-blank text, trimmed', async () => {
      expect((await answer({ type: 'text' }, '   ', '  my parcel is wet  ')).stored).to.equal('my parcel is wet');
    });

    it('takes a number within min and max, from the text or an amount entity', async () => {
      const { c } = await answer({ type: 'number', min: 1, max: 10 }, 'twelve', '12');
      expect(c.state.stack[0]?.waiting).to.deep.equal({ kind: 'question', retries: 2 });
      expect((await answer({ type: 'number', min: 1, max: 10 }, 'about 7 I think')).stored).to.equal(7);
      expect((await answer({ type: 'number', min: 1, max: 10 }, '0')).stored).to.equal(undefined);
      expect((await answer({ type: 'number' }, '2,5 kilos')).stored).to.equal(2.5);
      const amount: Understood = { entities: [{ type: 'amount', text: '€3.50', value: { amount: 3.5, currency: 'EUR' } }] };
      expect((await answer({ type: 'number', max: 10 }, ['€3.50', amount])).stored).to.equal(3.5);
    });

    it('takes an email address from the email entity, or finds one in the text and lower-cases it', async () => {
      const entity: Understood = { entities: [{ type: 'email', text: 'x', value: 'jane@example.com' }] };
      expect((await answer({ type: 'email' }, ['it is jane at example dot com', entity])).stored).to.equal('jane@example.com');
      expect((await answer({ type: 'email' }, 'Mine is Jane.Doe@Example.COM thanks')).stored).to.equal('jane.doe@example.com');
      expect((await answer({ type: 'email' }, 'jane at example')).stored).to.equal(undefined);
    });

    it('takes a phone number only from the phone entity', async () => {
      expect((await answer({ type: 'phone' }, '020 7946 0958')).stored).to.equal(undefined);
      const phone: Understood = { entities: [{ type: 'phone', text: '020 7946 0958', value: '+442079460958' }] };
      expect((await answer({ type: 'phone' }, ['020 7946 0958', phone])).stored).to.equal('+442079460958');
    });

    it('takes a date from the date entity, or an ISO date in the text', async () => {
      const friday: Understood = { entities: [{ type: 'date', text: 'next Friday', value: '2025-03-07' }] };
      expect((await answer({ type: 'date' }, ['next Friday', friday])).stored).to.equal('2025-03-07');
      expect((await answer({ type: 'date' }, 'on 2025-04-01 please')).stored).to.equal('2025-04-01');
      expect((await answer({ type: 'date' }, 'soonish')).stored).to.equal(undefined);
    });

    it('takes a choice by its text, its position or a single choice named in a sentence, and offers the choices', async () => {
      const colours = { type: 'choice', choices: ['Red', 'Green', 'Light blue'] };
      const c = new Conversation(await libraryOf(folders, asking(colours)));
      expect(c.say('ask me', { intent: 'ask' }).asked?.suggestions).to.deep.equal(['Red', 'Green', 'Light blue']);
      expect((await answer(colours, 'GREEN')).stored).to.equal('Green');
      expect((await answer(colours, '3')).stored).to.equal('Light blue');
      expect((await answer(colours, 'the light-blue one, please')).stored).to.equal('Light blue');
      expect((await answer(colours, '4')).stored).to.equal(undefined);
      expect((await answer(colours, 'red or green')).stored).to.equal(undefined);
    });

    it('takes yes and no in their common forms, and offers Yes and No', async () => {
      const c = new Conversation(await libraryOf(folders, asking({ type: 'boolean' })));
      expect(c.say('ask me', { intent: 'ask' }).asked?.suggestions).to.deep.equal(['Yes', 'No']);
      expect((await answer({ type: 'boolean' }, 'Yes please!')).stored).to.equal(true);
      expect((await answer({ type: 'boolean' }, 'yep')).stored).to.equal(true);
      expect((await answer({ type: 'boolean' }, 'No thanks')).stored).to.equal(false);
      expect((await answer({ type: 'boolean' }, 'nope')).stored).to.equal(false);
      expect((await answer({ type: 'boolean' }, 'maybe')).stored).to.equal(undefined);
    });

    it('takes the part of the answer that matches a pattern', async () => {
      const order = { type: 'pattern', pattern: '[A-Z]{2}-?\\d{5,8}' };
      expect((await answer(order, 'it is NW-123456 I think')).stored).to.equal('NW-123456');
      expect((await answer(order, 'NW-12')).stored).to.equal(undefined);
    });
  });

  describe('invalid answers', () => {
    it('re-asks with the retry prompt and a reprompt trace', async () => {
      const { c } = await answer({ type: 'number' });
      const turn = c.say('lots');
      expect(turn.asked?.text).to.equal('Try again.');
      expect(turn.traces('reprompt')).to.deep.equal([{ event: 'reprompt', topic: 'ask', detail: '#0' }]);
    });

    it('re-asks with the prompt when there is no retry prompt', async () => {
      const c = new Conversation(await libraryOf(folders, asking({ type: 'number', retryPrompt: undefined })));
      c.say('ask me', { intent: 'ask' });
      expect(c.say('lots').asked?.text).to.equal('Your answer?');
    });

    it('escalates with reason question-retries-exhausted when retries run out', async () => {
      const { c } = await answer({ type: 'number', retries: 1 }, 'lots');
      const turn = c.say('many');
      expect(turn.texts).to.deep.equal([
        "I'm connecting you to a person now. They will see our conversation so far, so you won't need to repeat yourself.",
      ]);
      expect(turn.handoff).to.deep.include({ reason: 'question-retries-exhausted', topic: 'escalate' });
      expect(c.state.stack).to.deep.equal([]);
    });

    it('gives up on the first invalid answer with retries: 0', async () => {
      const { c } = await answer({ type: 'number', retries: 0 });
      expect(c.say('lots').handoff?.reason).to.equal('question-retries-exhausted');
    });

    it('continues with the variable unset when retries run out and the question says continue', async () => {
      const { c } = await answer({ type: 'number', retries: 1, whenRetriesRunOut: 'continue' }, 'lots');
      expect(c.say('many').texts).to.deep.equal(['Got nothing.']);
    });
  });

  describe('skipIfKnown', () => {
    const files = {
      'profile.yaml': yaml`
        name: Profile
        triggers: [update my profile]
        nodes:
          - kind: question
            prompt: Your email?
            variable: User.email
            type: email
          - kind: question
            prompt: Your nickname?
            variable: Global.nickname
            type: text
          - kind: question
            prompt: Your nickname, again?
            variable: Global.nickname
            type: text
            skipIfKnown: false
          - kind: message
            text: 'Saved {User.email} as {Global.nickname}.'
      `,
    };

    it('skips a question whose variable is already set, unless skipIfKnown is false', async () => {
      const c = new Conversation(await libraryOf(folders, files));
      c.say('update my profile', { intent: 'profile' });
      c.say('me@example.com');
      expect(c.say('Jo').asked?.text).to.equal('Your nickname, again?');
      expect(c.say('Joanna').texts).to.deep.equal(['Saved me@example.com as Joanna.']);
      expect(c.say('update my profile', { intent: 'profile' }).asked?.text).to.equal('Your nickname, again?');
    });
  });

  describe('answered in passing', () => {
    let demo: TopicLibrary;
    before(async () => {
      demo = (await openDemo()).library;
    });

    it('fills a pattern question from the message that started the topic, without asking', () => {
      const c = new Conversation(demo);
      const turn = c.say('where is order NW-12345', { intent: 'order-status' });
      expect(turn.commands.some((x) => x.kind === 'ask')).to.equal(false);
      expect(turn.effects).to.deep.equal([{ kind: 'action', name: 'order_status', inputs: { orderNumber: 'NW-12345' } }]);
    });

    it('fills a single choice named in the starting message, but never a text, number or yes/no question', async () => {
      const start = (fields: Record<string, unknown>, text: string) =>
        libraryOf(folders, asking(fields)).then((lib) => new Conversation(lib).say(text, { intent: 'ask' }).texts);
      expect(await start({ type: 'choice', choices: ['Red', 'Green'] }, 'ask me about green')).to.deep.equal(['Got Green.']);
      expect(await start({ type: 'text' }, 'ask me something')).to.deep.equal(['Your answer?']);
      expect(await start({ type: 'number' }, 'ask me 3 things')).to.deep.equal(['Your answer?']);
      expect(await start({ type: 'boolean' }, 'yes ask me')).to.deep.equal(['Your answer?']);
    });

    it('asks when the topic was redirected to rather than started by the message', async () => {
      const lib = await libraryOf(folders, {
        ...asking({ type: 'pattern', pattern: 'NW-\\d+' }),
        'front.yaml': yaml`
          name: Front
          triggers: [front door]
          nodes:
            - kind: redirect
              topic: ask
        `,
      });
      expect(new Conversation(lib).say('front door NW-123', { intent: 'front' }).asked?.text).to.equal('Your answer?');
    });
  });

  describe('Markdown in answers', () => {
    it('escapes what the customer typed when it is put into a message', async () => {
      const c = new Conversation(await libraryOf(folders, asking({ type: 'text' })));
      c.say('ask me', { intent: 'ask' });
      expect(c.say('[x](javascript:alert(1)) **bold** <b>').texts).to.deep.equal([
        'Got \\[x\\]\\(javascript:alert\\(1\\)\\) \\*\\*bold\\*\\* \\<b\\>.',
      ]);
    });
  });
});
