import { expect } from 'chai';
import { DEFAULT_RUNTIME_SETTINGS, initialState, type RuntimeState, runTurn, type TopicLibrary } from '../../topics/index.ts';
import { TopicFolders, yaml } from '../support/topic-files.ts';
import { Conversation, ENV, libraryOf, openDemo, understanding } from '../support/topic-runtime.ts';

const folders = new TopicFolders();
after(() => folders.cleanup());

/** Whether `value` is plain JSON data (what a conversation store can keep). */
function plainJson(value: unknown): boolean {
  if (value === null || value === undefined || ['string', 'boolean'].includes(typeof value)) return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(plainJson);
  return Object.getPrototypeOf(value) === Object.prototype && Object.values(value as object).every(plainJson);
}

const ASK = yaml`
  name: Ask
  triggers: [ask me]
  nodes:
    - kind: message
      text: Hello.
    - kind: question
      id: colour
      prompt: Which colour?
      variable: Topic.colour
      type: choice
      choices: [Red, Green]
    - kind: message
      text: 'You chose {Topic.colour}.'
`;

describe('TopicRuntime, state', () => {
  describe('restart safety', () => {
    let demo: TopicLibrary;
    before(async () => {
      demo = (await openDemo()).library;
    });

    it('returns plain JSON state, and a pending question continues from it after a restart', () => {
      const first = runTurn(demo, initialState(), { kind: 'message', text: 'where is my order', understanding: understanding({ intent: 'order-status' }) }, ENV);
      expect(plainJson(first.state)).to.equal(true);
      const restored = JSON.parse(JSON.stringify(first.state)) as RuntimeState;
      const next = runTurn(demo, restored, { kind: 'message', text: 'NW-12345', understanding: understanding() }, ENV);
      expect(next.commands.at(-1)).to.deep.equal({ kind: 'effect', effect: { kind: 'action', name: 'order_status', inputs: { orderNumber: 'NW-12345' } } });
      const after = runTurn(demo, JSON.parse(JSON.stringify(next.state)), { kind: 'effect-result', result: { kind: 'action', ok: true, output: { found: false } } }, ENV);
      expect(after.commands.filter((c) => c.kind === 'say').map((c) => c.text)).to.deep.equal([
        "I couldn't find an order **NW-12345**. Please check the number in your confirmation email.",
        'Is there anything else I can help with?',
      ]);
    });

    it('never changes the state it is given, on any path', () => {
      const c = new Conversation(demo, { knowledge: () => ({ text: 'Answer.', citations: [] }) });
      c.start();
      c.say('where is my order', { intent: 'order-status' });
      c.say('what about returns', { intent: 'returns-refunds' }); // Interruption.
      c.say('no'); // Did that answer your question?
      c.say('no'); // Would you like to talk to a person? Then the resume offer.
      c.say('no'); // Resume offer declined.
      c.say('blorp'); // Fallback.
      c.say('bye', { intent: 'goodbye' });
      c.result({ kind: 'knowledge', answer: null }); // An error.
      c.say('start over', { intent: 'start-over' });
      expect(c.untouched()).to.equal(true);

      const state = initialState();
      const snapshot = JSON.stringify(state);
      runTurn(demo, state, { kind: 'message', text: 'bye', understanding: understanding({ intent: 'goodbye' }) }, ENV);
      expect(JSON.stringify(state)).to.equal(snapshot);
    });
  });

  describe('System variables', () => {
    it('gives topics the bot, the conversation, the message, its intent, sentiment and latest entities', async () => {
      const lib = await libraryOf(folders, {
        'echo.yaml': yaml`
          name: Echo
          triggers: [echo]
          nodes:
            - kind: message
              text: '{System.botName} {System.conversationId} {System.now} "{System.lastMessage}" {System.intent} {System.confidence} {System.sentiment} {System.frustrated} {System.entities.email}'
        `,
      });
      const c = new Conversation(lib);
      const entities = [
        { type: 'email', text: 'old@example.com', value: 'old@example.com' },
        { type: 'email', text: 'new@example.com', value: 'new@example.com' },
      ];
      const turn = c.say('echo old@example.com, no, new@example.com', { intent: 'echo', confidence: 0.8, entities, sentiment: { label: 'negative', frustrated: true } });
      expect(turn.texts).to.deep.equal([
        'Nora conv-1 2025-03-01T10:00:00.000Z "echo old@example.com, no, new@example.com" echo 0.8 negative true new@example.com',
      ]);
    });
  });

  describe('topics edited during a conversation', () => {
    const edited = (from: string, to: string) => {
      expect(ASK).to.include(from);
      return ASK.replace(from, to);
    };

    async function waitingAtColour(): Promise<Conversation> {
      const c = new Conversation(await libraryOf(folders, { 'ask.yaml': ASK }));
      expect(c.say('ask me', { intent: 'ask' }).asked?.text).to.equal('Which colour?');
      return c;
    }

    for (const [change, text] of [
      ['changed', edited('Which colour?', 'Which colour do you like?')],
      ['removed', 'name: Ask\ntriggers: [ask me]\nnodes:\n  - kind: message\n    text: Hello.\n'],
    ] as const) {
      it(`ends the topic politely when the question it waits at was ${change}`, async () => {
        const c = await waitingAtColour();
        c.library = await libraryOf(folders, { 'ask.yaml': text });
        const turn = c.say('Red');
        expect(turn.texts).to.deep.equal([DEFAULT_RUNTIME_SETTINGS.texts.topicChanged]);
        expect(turn.traces('node-missing')).to.deep.equal([{ event: 'node-missing', topic: 'ask', detail: 'colour' }]);
        expect(c.state.stack).to.deep.equal([]);
      });
    }

    it('ends the topic politely when its whole file was removed', async () => {
      const c = await waitingAtColour();
      c.library = await libraryOf(folders, { 'other.yaml': 'name: Other\nnodes:\n  - kind: end-topic\n' });
      expect(c.say('Red').traces('node-missing')).to.have.length(1);
    });

    it('carries on when only other nodes of the topic were edited', async () => {
      const c = await waitingAtColour();
      c.library = await libraryOf(folders, { 'ask.yaml': edited('text: Hello.', 'text: Hello there.') });
      expect(c.say('Red').texts).to.deep.equal(['You chose Red.']);
    });

    it('ends politely when the action an effect result is for was edited', async () => {
      const action = (name: string) => `name: Act\ntriggers: [act]\nnodes:\n  - kind: action\n    action: ${name}\n`;
      const c = new Conversation(await libraryOf(folders, { 'act.yaml': action('first') }));
      c.say('act', { intent: 'act' });
      c.library = await libraryOf(folders, { 'act.yaml': action('second') });
      const turn = c.result({ kind: 'action', ok: true, output: null });
      expect(turn.texts).to.deep.equal([DEFAULT_RUNTIME_SETTINGS.texts.topicChanged]);
      expect(turn.traces('node-missing')).to.have.length(1);
    });
  });
});
