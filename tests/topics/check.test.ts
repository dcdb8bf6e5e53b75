import { expect } from 'chai';
import type { TopicProblem } from '../../topics/topic.ts';
import { normaliseTrigger } from '../../topics/load/check.ts';
import { validateTopicsDir } from '../../topics/load/validate.ts';
import { TopicFolders, yaml } from '../support/topic-files.ts';

const folders = new TopicFolders();
after(() => folders.cleanup());

/** The cross-check problems for a folder of topic files (none of which may fail on its own). */
async function check(files: Record<string, string>, knownActions?: readonly string[]): Promise<TopicProblem[]> {
  const { topics, problems } = await validateTopicsDir(await folders.write(files), knownActions ? { knownActions } : {});
  expect(topics, `every file reads: ${JSON.stringify(problems)}`).to.have.length(Object.keys(files).length);
  return [...problems];
}

const summary = (problems: readonly TopicProblem[]) => problems.map((p) => `${p.severity} ${p.path}: ${p.message}`);

function only(problems: readonly TopicProblem[], pattern: RegExp): TopicProblem {
  const matching = problems.filter((p) => pattern.test(p.message));
  expect(matching, `one problem matching ${pattern} in ${JSON.stringify(summary(problems))}`).to.have.length(1);
  return matching[0]!;
}

const say = (text: string, more = '') => `  - kind: message\n    text: "${text}"\n${more}`;

describe('Topic checks', () => {
  describe('node targets', () => {
    it('reports next, goto, else, onNoAnswer and onError naming no node of the topic, with their line', async () => {
      const problems = await check({
        'a.yaml': yaml`
          name: A
          nodes:
            - kind: message
              text: hi
              next: nowhere
            - kind: condition
              branches:
                - when: "1 == 1"
                  goto: missing-branch
              else: missing-else
            - kind: knowledge
              onNoAnswer: missing-answer
            - kind: action
              id: act
              action: lookup
              onError: missing-error
        `,
      });
      const errors = problems.filter((p) => p.severity === 'error');
      expect(errors.map((p) => p.path)).to.deep.equal(['nodes[0].next', 'nodes[1].branches[0].goto', 'nodes[1].else', 'nodes[2].onNoAnswer', 'nodes[3].onError']);
      expect(errors[0]).to.include({ line: 5, col: 11 });
      expect(errors[0]!.message).to.equal("no node with id 'nowhere' in this topic (node ids here: act, or end)");
      expect(errors[0]!.file).to.match(/a\.yaml$/);
    });

    it('accepts targets that name a node or end', async () => {
      const problems = await check({
        'a.yaml': yaml`
          name: A
          nodes:
            - kind: condition
              branches: [{ when: "System.intent == 'x'", goto: done }]
            - kind: message
              text: not x
            - kind: end-topic
              id: done
        `,
      });
      expect(summary(problems)).to.deep.equal([]);
    });
  });

  describe('redirects and actions', () => {
    it('reports a redirect to a topic that does not exist, and accepts one that does', async () => {
      const problems = await check({
        'a.yaml': topic(`  - kind: redirect\n    topic: b\n  - kind: redirect\n    topic: nope\n`),
        'b.yaml': topic(say('b')),
      });
      const problem = only(problems, /no topic 'nope'/);
      expect(problem).to.include({ severity: 'error', path: 'nodes[1].topic', line: 6 });
    });

    it('reports an action name the registry does not know, only when the registry is given', async () => {
      const files = { 'a.yaml': topic(`  - kind: action\n    action: lookup-order\n  - kind: action\n    action: mystery\n`) };
      expect(only(await check(files, ['lookup-order']), /unknown action 'mystery'/)).to.include({ severity: 'error', path: 'nodes[1].action' });
      expect(summary(await check(files))).to.deep.equal([]);
    });
  });

  describe('variables', () => {
    it('errs on a Topic variable no node of the topic sets', async () => {
      const problems = await check({ 'a.yaml': topic(say('Order {Topic.order}')) });
      expect(only(problems, /Topic\.order is never set in this topic/)).to.include({ severity: 'error', path: 'nodes[0].text', line: 4 });
    });

    it('warns when a Topic variable is read before any node on the way sets it', async () => {
      const problems = await check({
        'a.yaml': topic(`${say('You asked about {Topic.order}')}  - kind: question\n    prompt: Which order?\n    variable: Topic.order\n    type: text\n`),
      });
      expect(only(problems, /Topic\.order is read before any node sets it/)).to.include({ severity: 'warning', path: 'nodes[0].text' });
    });

    it('accepts a read that some path sets first: one branch, or an earlier turn of a loop', async () => {
      const problems = await check({
        'a.yaml': yaml`
          name: A
          nodes:
            - kind: condition
              id: top
              branches:
                - when: Topic.tries > 2
                  goto: end
                - when: System.intent == "set"
                  goto: setter
            - kind: message
              text: "tries: {Topic.tries}"
            - kind: set
              id: setter
              variable: Topic.tries
              value: coalesce(Topic.tries, 0) + 1
              next: top
        `,
      });
      expect(summary(problems)).to.deep.equal([]);
    });

    it('does not count an action output as set on its onError path', async () => {
      const problems = await check({
        'a.yaml': yaml`
          name: A
          nodes:
            - kind: action
              action: lookup
              output: Topic.result
              onError: failed
            - kind: message
              text: "Found {Topic.result}"
              next: end
            - kind: message
              id: failed
              text: "Could not find {Topic.result}"
        `,
      });
      expect(only(problems, /read before any node sets it/)).to.include({ path: 'nodes[2].text' });
    });

    it('finds reads in every expression and text a node has', async () => {
      const problems = await check({
        'a.yaml': yaml`
          name: A
          nodes:
            - kind: message
              text: "{Topic.a}"
              suggestions: ["{Topic.b}"]
            - kind: question
              prompt: "{Topic.c}"
              retryPrompt: "{Topic.d}"
              variable: Global.answer
              type: text
            - kind: condition
              branches: [{ when: Topic.e, goto: end }]
            - kind: set
              variable: Global.x
              value: Topic.f
            - kind: knowledge
              query: "{Topic.g}"
            - kind: action
              action: lookup
              inputs: { id: "{Topic.h}" }
            - kind: transfer
              message: "{Topic.i}"
              agentMessage: "{Topic.j}"
        `,
      });
      expect(problems.filter((p) => /never set/.test(p.message)).map((p) => p.path)).to.deep.equal([
        'nodes[0].text',
        'nodes[0].suggestions[0]',
        'nodes[1].prompt',
        'nodes[1].retryPrompt',
        'nodes[2].branches[0].when',
        'nodes[3].value',
        'nodes[4].query',
        'nodes[5].inputs.id',
        'nodes[6].message',
        'nodes[6].agentMessage',
      ]);
    });

    it('warns on a Global variable no topic sets, and accepts one another topic sets', async () => {
      const problems = await check({
        'a.yaml': topic(say('{Global.plan} {Global.nobody}')),
        'b.yaml': topic(`  - kind: set\n    variable: Global.plan\n    value: '"gold"'\n`),
      });
      expect(only(problems, /Global\.nobody is read but no topic sets it/)).to.include({ severity: 'warning' });
      expect(problems.filter((p) => /Global\.plan/.test(p.message))).to.deep.equal([]);
    });

    it('errs on an unknown System variable, checking only its first name', async () => {
      const problems = await check({ 'a.yaml': topic(say('{System.intent} {System.entities.order} {System.mood}')) });
      expect(only(problems, /System\.mood/)).to.include({ severity: 'error', path: 'nodes[0].text' });
      expect(only(problems, /System\.mood/).message).to.match(/^unknown variable System\.mood; System has botName/);
      expect(problems).to.have.length(1);
    });

    it('leaves User fields alone: the customer profile may already hold them', async () => {
      expect(summary(await check({ 'a.yaml': topic(say('Hi {User.name}')) }))).to.deep.equal([]);
    });
  });

  describe('reachability', () => {
    it('warns once per run of nodes nothing leads to', async () => {
      const problems = await check({
        'a.yaml': topic(`${say('hi', '    next: tail\n')}${say('one')}${say('two')}${say('tail', '    id: tail\n')}  - kind: end-conversation\n${say('three')}`),
      });
      expect(summary(problems)).to.deep.equal([
        'warning nodes[1]: unreachable: no path from the first node leads here (nor nodes[2] below it)',
        'warning nodes[5]: unreachable: no path from the first node leads here',
      ]);
    });

    it('counts nodes reached by onNoAnswer and onError', async () => {
      const problems = await check({
        'a.yaml': yaml`
          name: A
          nodes:
            - kind: knowledge
              onNoAnswer: no-answer
              next: end
            - kind: action
              id: no-answer
              action: lookup
              onError: failed
              next: end
            - kind: transfer
              id: failed
        `,
      });
      expect(summary(problems)).to.deep.equal([]);
    });

    it('checks disabled topics too', async () => {
      const problems = await check({ 'a.yaml': topic(`  - kind: end-topic\n${say('never')}`, 'enabled: false\n') });
      expect(only(problems, /unreachable/)).to.include({ path: 'nodes[1]' });
    });
  });

  describe('trigger phrases', () => {
    it('compares phrases ignoring case, repeated spaces and trailing punctuation', () => {
      expect(normaliseTrigger('  Where   is my ORDER?! ')).to.equal('where is my order');
      expect(normaliseTrigger('C++ help')).to.equal('c++ help');
    });

    it('warns when two topics share a phrase, naming both topics and files', async () => {
      const problems = await check({
        'a.yaml': topic(say('a'), 'triggers: ["Where is my order?", "track it"]\n'),
        'b.yaml': topic(say('b'), 'triggers: ["where  is my ORDER", "refund"]\n'),
      });
      const problem = only(problems, /also a trigger/);
      expect(problem).to.include({ severity: 'warning', path: 'triggers[0]', line: 2 });
      expect(problem.file).to.match(/b\.yaml$/);
      expect(problem.message).to.match(/topic 'a' \(.*a\.yaml\).*'b'/);
    });

    it('does not mind a phrase repeated within one topic', async () => {
      expect(summary(await check({ 'a.yaml': topic(say('a'), 'triggers: ["help", "Help!"]\n') }))).to.deep.equal([]);
    });
  });

  describe('redirect cycles', () => {
    it('errs on two topics redirecting to each other with no question between, naming the cycle once', async () => {
      const problems = await check({
        'a.yaml': topic(`${say('a')}  - kind: redirect\n    topic: b\n`),
        'b.yaml': topic(`  - kind: redirect\n    topic: a\n`),
      });
      const problem = only(problems, /redirect cycle/);
      expect(problem.message).to.equal('redirect cycle a → b → a with no question in between: it would loop until the step budget');
      expect(problem).to.include({ severity: 'error', path: 'nodes[1].topic' });
      expect(problem.file).to.match(/a\.yaml$/);
    });

    it('errs on a topic redirecting to itself, and on longer cycles', async () => {
      const self = await check({ 'a.yaml': topic(`  - kind: redirect\n    topic: a\n`) });
      expect(only(self, /redirect cycle/).message).to.match(/^redirect cycle a → a /);
      const three = await check({
        'x.yaml': topic(`  - kind: redirect\n    topic: y\n`),
        'y.yaml': topic(`  - kind: redirect\n    topic: z\n`),
        'z.yaml': topic(`  - kind: redirect\n    topic: x\n`),
      });
      expect(only(three, /redirect cycle/).message).to.match(/^redirect cycle x → y → z → x /);
    });

    it('accepts a cycle that passes a question: the customer is asked each time round', async () => {
      const question = '  - kind: question\n    prompt: Again?\n    variable: Topic.again\n    type: boolean\n    skipIfKnown: false\n';
      const problems = await check({
        'a.yaml': topic(`${question}  - kind: redirect\n    topic: b\n`),
        'b.yaml': topic(`  - kind: redirect\n    topic: a\n`),
      });
      expect(problems.filter((p) => /redirect cycle/.test(p.message))).to.deep.equal([]);
    });

    it('errs when the only question is one skipIfKnown skips the second time round', async () => {
      const question = '  - kind: question\n    prompt: Email?\n    variable: User.email\n    type: email\n';
      const problems = await check({ 'a.yaml': topic(`${question}  - kind: redirect\n    topic: a\n`) });
      expect(only(problems, /redirect cycle/).message).to.match(/^redirect cycle a → a /);
    });

    it('accepts a redirect that no path reaches', async () => {
      const problems = await check({ 'a.yaml': topic(`  - kind: end-topic\n  - kind: redirect\n    topic: a\n`) });
      expect(problems.filter((p) => /redirect cycle/.test(p.message))).to.deep.equal([]);
    });
  });

  it('still reports a system role two topics claim', async () => {
    const problems = await check({ 'a.yaml': topic(say('a'), 'system: greeting\n'), 'b.yaml': topic(say('b'), 'system: greeting\n') });
    expect(only(problems, /already the greeting topic/)).to.include({ severity: 'error', path: 'system' });
  });
});

/** A topic file with `extra` top-level lines and the given node list. */
function topic(nodes: string, extra = ''): string {
  return `name: Test\n${extra}nodes:\n${nodes}`;
}
