import { expect } from 'chai';
import { formatYamlIssue } from '../../core/yaml.ts';
import { MAX_TOPIC_FILE_BYTES } from '../../topics/load/read-files.ts';
import { validateTopicsDir } from '../../topics/load/validate.ts';
import type { TopicProblem } from '../../topics/topic.ts';
import { TopicFolders, yaml } from '../support/topic-files.ts';

const folders = new TopicFolders();
after(() => folders.cleanup());

/** A good topic beside every bad file: one broken file must not stop the others from loading. */
const GOOD = yaml`
  name: Good
  nodes:
    - kind: message
      text: fine
`;

/** Loads `bad.yaml` (or `name`) next to a good topic; returns the bad file's problems. */
async function problemsOf(text: string | Buffer, name = 'bad.yaml'): Promise<TopicProblem[]> {
  const { topics, problems } = await validateTopicsDir(await folders.write({ [name]: text, 'good.yaml': GOOD }));
  expect(topics.map((t) => t.id)).to.deep.equal(['good']);
  const own = problems.filter((p) => p.file.endsWith(name));
  expect(own, 'the bad file has problems').to.not.be.empty;
  for (const p of own) expect(p.severity).to.equal('error');
  return own;
}

/** One problem with a message matching `pattern`, at `line` of the file. */
function expectProblem(problems: readonly TopicProblem[], pattern: RegExp, line: number, path?: string): TopicProblem {
  const problem = problems.find((p) => pattern.test(p.message) && (path === undefined || p.path === path));
  expect(problem, `${pattern} in ${JSON.stringify(problems.map(formatYamlIssue))}`).to.not.equal(undefined);
  expect(problem!.line, formatYamlIssue(problem!)).to.equal(line);
  expect(problem!.col).to.be.a('number');
  if (path !== undefined) expect(problem!.path).to.equal(path);
  return problem!;
}

describe('Topic files, bad input', () => {
  afterEach('nothing reached a prototype', () => {
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    expect(Object.prototype).to.not.have.property('polluted');
  });

  it('reports a YAML syntax error with its line', async () => {
    const problems = await problemsOf('name: A\nnodes:\n  - kind: message\n    text: "unclosed\n');
    expectProblem(problems, /quote/i, 5);
  });

  it('reports schema errors at the offending key, all of them', async () => {
    const problems = await problemsOf(yaml`
      nodes:
        - kind: question
          prompt: Which plan?
          variable: plan
          type: choice
          retries: lots
          colour: blue
    `);
    expectProblem(problems, /expected string/, 1, 'name');
    expectProblem(problems, /expected Topic\.<name>/, 4, 'nodes[0].variable');
    expectProblem(problems, /expected int|expected number/, 6, 'nodes[0].retries');
    expectProblem(problems, /Unrecognized key: "colour"/, 7, 'nodes[0]');
  });

  it('names the known kinds when a node kind is unknown', async () => {
    const problems = await problemsOf('name: A\nnodes:\n  - kind: shout\n    text: hi\n');
    expectProblem(problems, /'message' \| 'question'/, 3, 'nodes[0].kind');
  });

  it('reports an expression error with where it is in the expression', async () => {
    const problems = await problemsOf('name: A\nnodes:\n  - kind: condition\n    branches:\n      - when: Topic.x ==\n        goto: end\n');
    expectProblem(problems, /at character 11 of the expression/, 5, 'nodes[0].branches[0].when');
  });

  it('refuses duplicate keys rather than keeping the last', async () => {
    const problems = await problemsOf('name: A\nnodes:\n  - kind: message\n    text: one\n    text: two\n');
    expectProblem(problems, /unique/, 5);
  });

  it('caps alias expansion (billion laughs) and says where it starts', async () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [i, name] of [...'bcdefghi'].entries()) lines.push(`${name}: &${name} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`);
    const problems = await problemsOf(`${lines.join('\n')}\nname: A\nnodes: [{ kind: message, text: hi }]\n`);
    expectProblem(problems, /alias/i, 2);
  });

  it('refuses __proto__, constructor and prototype keys anywhere', async () => {
    const proto = await problemsOf('name: A\nnodes:\n  - kind: message\n    text: hi\n    __proto__:\n      polluted: true\n');
    expectProblem(proto, /not allowed/, 5, 'nodes[0].__proto__');
    const flow = await problemsOf('name: A\n{ "__proto__": { polluted: yes } }: 1\nnodes: [{ kind: message, text: hi }]\n');
    expect(flow.map(formatYamlIssue).join('\n')).to.match(/bad\.yaml/);
    const ctor = await problemsOf('name: A\nconstructor: { prototype: { polluted: true } }\nnodes: [{ kind: end-topic }]\n');
    expectProblem(ctor, /not allowed/, 2, 'constructor');
    expectProblem(ctor, /not allowed/, 2, 'constructor.prototype');
  });

  it('refuses variables named __proto__', async () => {
    const problems = await problemsOf('name: A\nnodes:\n  - kind: set\n    variable: Global.__proto__\n    value: "1"\n');
    expectProblem(problems, /expected Topic\.<name>/, 4, 'nodes[0].variable');
  });

  it('refuses a 5 MB file by its size, before parsing it', async () => {
    const file = Buffer.concat([Buffer.from('name: A\nnodes: [{ kind: end-topic }]\n'), Buffer.alloc(5 * 1024 * 1024, '# padding\n')]);
    const [problem] = await problemsOf(file);
    expect(problem!.message).to.equal(`file is ${file.length} bytes; the limit is ${MAX_TOPIC_FILE_BYTES}`);
  });

  it('explains an empty file, a list instead of a topic and a file name that is no topic id', async () => {
    expect((await problemsOf(''))[0]!.message).to.match(/expected object, received null/);
    expectProblem(await problemsOf('- kind: message\n- text: hi\n'), /expected object, received array/, 1);
    expect((await problemsOf(GOOD, 'Bad Name.yaml'))[0]!.message).to.match(/not a topic id/);
  });

  it('reports a redirect cycle by file and line and does not loop', async () => {
    const dir = await folders.write({
      'ping.yaml': 'name: Ping\nnodes:\n  - kind: redirect\n    topic: pong\n',
      'pong.yaml': 'name: Pong\nnodes:\n  - kind: redirect\n    topic: ping\n',
    });
    const { problems } = await validateTopicsDir(dir);
    expect(problems.map(formatYamlIssue)).to.have.length(1);
    expect(formatYamlIssue(problems[0]!)).to.match(/ping\.yaml:4:12 nodes\[0\]\.topic: redirect cycle ping → pong → ping/);
  });
});
