import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { TopicFolders, yaml } from '../support/topic-files.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const folders = new TopicFolders();
after(() => folders.cleanup());

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI as `npm run topics:validate` does, from the repository root. */
function validate(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  const { TOPICS_DIR: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', '--no-deprecation', 'scripts/topics-validate.ts', ...args], {
    cwd: root,
    env: { ...inherited, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const CLEAN = yaml`
  # yaml-language-server: $schema=../topic.schema.json
  name: Order status
  triggers: [where is my order]
  nodes:
    - kind: question
      prompt: What is your order number?
      variable: Topic.order
      type: text
    - kind: message
      text: "Looking up {Topic.order}."
`;

const BROKEN = yaml`
  name: Broken
  nodes:
    - kind: message
      text: "Hi {Global.nobody}"
      next: nowhere
    - kind: action
      action: order_status
`;

describe('npm run topics:validate', () => {
  it('prints each problem as file:line:col path: message, errors first, and exits 1 on errors', async () => {
    const dir = await folders.write({ 'broken.yaml': BROKEN, 'order-status.yaml': CLEAN });
    const run = await validate([dir]);
    expect(run.code, run.stderr).to.equal(1);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).to.match(/^error +\S*broken\.yaml:5:11 nodes\[0\]\.next: no node with id 'nowhere'/);
    expect(lines[1]).to.match(/^warning +\S*broken\.yaml:4:11 nodes\[0\]\.text: Global\.nobody is read but no topic sets it$/);
    expect(lines.at(-1)).to.equal('2 topics, 1 errors, 1 warnings');
  });

  it('exits 0 for a clean folder, sub-folders included', async () => {
    const dir = await folders.write({ 'order-status.yaml': CLEAN, 'system/greeting.yaml': 'name: Greeting\nsystem: greeting\nnodes: [{ kind: message, text: Hello }]\n' });
    const run = await validate([dir]);
    expect(run.code, run.stdout + run.stderr).to.equal(0);
    expect(run.stdout).to.equal('2 topics, 0 errors, 0 warnings\n');
  });

  it('exits 0 when there are only warnings', async () => {
    const dir = await folders.write({ 'a.yaml': 'name: A\nnodes: [{ kind: message, text: "{Global.x}" }]\n' });
    const run = await validate([dir]);
    expect(run.code).to.equal(0);
    expect(run.stdout).to.match(/^warning .*Global\.x/m).and.match(/1 topics, 0 errors, 1 warnings\n$/);
  });

  it('reads the folder from TOPICS_DIR when none is given', async () => {
    const dir = await folders.write({ 'broken.yaml': BROKEN });
    const run = await validate([], { TOPICS_DIR: dir });
    expect(run.code).to.equal(1);
    expect(run.stdout).to.match(/broken\.yaml:5:11/);
  });

  it('checks action names against the shipped actions, or against --actions', async () => {
    const dir = await folders.write({ 'a.yaml': 'name: A\nnodes: [{ kind: action, action: mystery, onError: end }]\n' });
    const shipped = await validate([dir]);
    expect(shipped.code).to.equal(1);
    expect(shipped.stdout).to.match(/nodes\[0\]\.action: unknown action 'mystery' \(known: order_status\)/);
    const listed = await validate([dir, '--actions', 'lookup-order,reset-password']);
    expect(listed.code).to.equal(1);
    expect(listed.stdout).to.match(/unknown action 'mystery' \(known: lookup-order, reset-password\)/);
    expect((await validate([dir, '--actions=mystery'])).code).to.equal(0);
  });

  it('gives one clear line and exit code 2 for a folder that does not exist', async () => {
    const run = await validate([join(root, 'no-such-topics-folder')]);
    expect(run.code).to.equal(2);
    expect(run.stdout).to.equal('');
    expect(run.stderr.trim().split('\n')).to.have.length(1);
    expect(run.stderr).to.match(/no-such-topics-folder: no such topics folder/);
  });
});
