import { expect } from 'chai';
import { DEFAULT_RUNTIME_SETTINGS, type TopicLibrary } from '../../topics/index.ts';
import { TopicFolders, yaml } from '../support/topic-files.ts';
import { Conversation, libraryOf } from '../support/topic-runtime.ts';

const folders = new TopicFolders();
after(() => folders.cleanup());

const ON_ERROR = ['Sorry, something went wrong on my side.', 'Would you like to talk to a person?'];

describe('TopicRuntime, flow', () => {
  describe('redirect and return', () => {
    let lib: TopicLibrary;
    before(async () => {
      lib = await libraryOf(folders, {
        'caller.yaml': yaml`
          name: Caller
          triggers: [call]
          nodes:
            - kind: set
              variable: Topic.who
              value: '"caller"'
            - kind: redirect
              topic: callee
            - kind: message
              text: 'Back in the caller, who is {Topic.who}; shared is {Global.shared}.'
        `,
        'callee.yaml': yaml`
          name: Callee
          triggers: [callee]
          nodes:
            - kind: message
              text: 'The callee sees who = {coalesce(Topic.who, "nothing")}.'
            - kind: question
              prompt: Anything to share?
              variable: Topic.who
              type: text
            - kind: set
              variable: Global.shared
              value: Topic.who
            - kind: end-topic
            - kind: message
              text: never said
        `,
      });
    });

    it('runs the callee with fresh Topic variables, then the caller after the redirect with its own intact', () => {
      const c = new Conversation(lib);
      const first = c.say('call', { intent: 'caller' });
      expect(first.texts).to.deep.equal(['The callee sees who = nothing.', 'Anything to share?']);
      expect(c.state.stack.map((f) => [f.topic, f.node])).to.deep.equal([['caller', '#2'], ['callee', '#1']]);

      const second = c.say('a secret');
      expect(second.texts).to.deep.equal(['Back in the caller, who is caller; shared is a secret.']);
      expect(second.traces().map((t) => `${t.event} ${t.topic}`)).to.deep.equal(['topic-ended callee', 'topic-ended caller']);
      expect(c.state.global).to.deep.equal({ shared: 'a secret' });
    });
  });

  describe('conditions, set and next', () => {
    let lib: TopicLibrary;
    before(async () => {
      lib = await libraryOf(folders, {
        'size.yaml': yaml`
          name: Size
          triggers: [size]
          nodes:
            - kind: question
              prompt: How many?
              variable: Topic.n
              type: number
            - kind: set
              variable: Topic.double
              value: Topic.n * 2
            - kind: condition
              branches:
                - when: Topic.double > 20
                  goto: big
                - when: Topic.double > 6
                  goto: medium
              else: small
            - kind: message
              id: big
              text: 'Big: {Topic.double}.'
              next: end
            - kind: message
              id: medium
              text: 'Medium: {Topic.double}.'
            - kind: message
              text: Medium is also this.
              next: end
            - kind: message
              id: small
              text: 'Small: {Topic.double}.'
        `,
      });
    });

    for (const [n, said] of [
      ['11', ['Big: 22.']],
      ['4', ['Medium: 8.', 'Medium is also this.']],
      ['3', ['Small: 6.']],
    ] as const) {
      it(`takes the first branch that holds, else the else target, and stops at next: end (n = ${n})`, () => {
        const c = new Conversation(lib);
        c.say('size', { intent: 'size' });
        expect(c.say(n).texts).to.deep.equal(said);
        expect(c.state.stack).to.deep.equal([]);
      });
    }
  });

  describe('actions', () => {
    let lib: TopicLibrary;
    before(async () => {
      lib = await libraryOf(folders, {
        'lookup.yaml': yaml`
          name: Lookup
          triggers: [look it up]
          nodes:
            - kind: question
              prompt: What should I look up?
              variable: Topic.q
              type: text
            - kind: action
              action: search
              inputs:
                query: '{Topic.q}'
                where: 'conversation {System.conversationId}'
              output: Topic.result
              onError: failed
            - kind: message
              text: 'Found {Topic.result.count} for {Topic.q}.'
              next: end
            - kind: message
              id: failed
              text: 'The search failed: {System.error}'
        `,
        'strict.yaml': yaml`
          name: Strict
          triggers: [strict]
          nodes:
            - kind: action
              action: search
            - kind: message
              text: not reached
        `,
      });
    });

    it('asks the host to run the action with its inputs rendered but not Markdown-escaped, and stores the output', () => {
      const c = new Conversation(lib);
      c.say('look it up', { intent: 'lookup' });
      const pending = c.say('**NW_1** [x](y)');
      expect(pending.effects).to.deep.equal([{ kind: 'action', name: 'search', inputs: { query: '**NW_1** [x](y)', where: 'conversation conv-1' } }]);
      expect(pending.commands.at(-1)?.kind).to.equal('effect');
      expect(c.state.stack[0]?.waiting).to.deep.equal({ kind: 'effect' });

      const done = c.result({ kind: 'action', ok: true, output: { count: 3 } });
      expect(done.texts).to.deep.equal(['Found 3 for \\*\\*NW\\_1\\*\\* \\[x\\]\\(y\\).']);
    });

    it('goes to onError with the failure in System.error', () => {
      const c = new Conversation(lib, { actions: { search: () => ({ kind: 'action', ok: false, error: 'index offline' }) } });
      c.say('look it up', { intent: 'lookup' });
      expect(c.say('boots').texts).to.deep.equal(['The search failed: index offline']);
    });

    it('runs On Error when an action without onError fails, and escalates with action-failed if the customer wants', () => {
      const c = new Conversation(lib, { actions: { search: () => ({ kind: 'action', ok: false, error: 'timeout' }) } });
      const turn = c.say('strict', { intent: 'strict' });
      expect(turn.texts).to.deep.equal(ON_ERROR);
      expect(turn.traces('error')).to.deep.equal([{ event: 'error', topic: 'strict', detail: 'action search failed: timeout' }]);
      expect(c.state.stack.map((f) => f.topic)).to.deep.equal(['on-error']);
      expect(c.say('yes').handoff?.reason).to.equal('action-failed');
    });

    it('recovers through On Error from an effect result nothing waits for', () => {
      const c = new Conversation(lib);
      const turn = c.result({ kind: 'knowledge', answer: null });
      expect(turn.texts).to.deep.equal(ON_ERROR);
    });

    it('starts afresh when a message arrives while an effect is outstanding (the host lost it)', () => {
      const c = new Conversation(lib);
      c.say('strict', { intent: 'strict' });
      expect(c.state.stack[0]?.waiting).to.deep.equal({ kind: 'effect' });
      expect(c.say('look it up', { intent: 'lookup' }).texts).to.deep.equal(['What should I look up?']);
      expect(c.state.stack.map((f) => f.topic)).to.deep.equal(['lookup']);
    });
  });

  describe('broken topics', () => {
    let lib: TopicLibrary;
    before(async () => {
      lib = await libraryOf(
        folders,
        {
          'spin.yaml': yaml`
            name: Spin
            triggers: [spin]
            nodes:
              - kind: message
                id: again
                text: round and round
                next: again
          `,
          'lost.yaml': yaml`
            name: Lost
            triggers: [lost]
            nodes:
              - kind: message
                text: Let me take you there.
              - kind: redirect
                topic: nowhere
          `,
          'ping.yaml': 'name: Ping\ntriggers: [ping]\nnodes:\n  - kind: redirect\n    topic: pong\n',
          'pong.yaml': 'name: Pong\nnodes:\n  - kind: redirect\n    topic: ping\n',
        },
        { errors: true },
      );
    });

    it('stops a loop at the step budget, drops its repetitions and runs On Error on a budget of its own', () => {
      const c = new Conversation(lib, {}, { ...DEFAULT_RUNTIME_SETTINGS, stepBudget: 5 });
      const turn = c.say('spin', { intent: 'spin' });
      expect(turn.texts).to.deep.equal(ON_ERROR);
      expect(turn.traces('error')[0]?.detail).to.equal('more than 5 steps in one turn (a loop in the topics?)');
      expect(c.state.error).to.equal('more than 5 steps in one turn (a loop in the topics?)');
    });

    it('runs On Error when a redirect names a topic that does not exist', () => {
      const c = new Conversation(lib);
      const turn = c.say('lost', { intent: 'lost' });
      expect(turn.texts).to.deep.equal(['Let me take you there.', ...ON_ERROR]);
      expect(turn.traces('error')[0]?.detail).to.match(/lost\.yaml: redirect to a topic that does not exist: nowhere$/);
    });

    it('runs On Error when topics redirect into one another deeper than maxDepth', () => {
      const c = new Conversation(lib);
      const turn = c.say('ping', { intent: 'ping' });
      expect(turn.texts).to.deep.equal(ON_ERROR);
      expect(turn.traces('error')[0]?.detail).to.equal('more than 10 topics redirected into one another');
    });

    it('still replies when the On Error topic itself fails', async () => {
      const broken = await libraryOf(
        folders,
        {
          'lost.yaml': 'name: Lost\ntriggers: [lost]\nnodes:\n  - kind: redirect\n    topic: nowhere\n',
          'oops.yaml': 'name: Oops\nsystem: on-error\nnodes:\n  - kind: redirect\n    topic: nowhere-either\n',
        },
        { errors: true },
      );
      const c = new Conversation(broken);
      const turn = c.say('lost', { intent: 'lost' });
      expect(turn.texts).to.deep.equal(['Sorry, something went wrong on my side.']);
      expect(c.state.stack).to.deep.equal([]);
    });
  });
});
