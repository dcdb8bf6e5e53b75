import { expect } from 'chai';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../support/app.ts';
import { exchange, texts } from '../support/conversation.ts';
import { call, startConversation } from '../support/directline-client.ts';
import { waitFor } from '../support/wait.ts';

/** Makers edit topic files while the bot runs: edits apply to new turns, broken edits never take a topic away. */
describe('Topic hot reload (running server)', function () {
  this.timeout(120_000);
  let t: TestApp;
  let dir: string;
  const greeting = () => join(dir, 'system', 'greeting.yaml');
  const status = async () => (await call('GET', `${t.url}/api/topics/status`)).body as { version: number; errors: string[]; topics: { id: string }[] };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'topics-reload-'));
    await cp('topics/demo', dir, { recursive: true });
    t = await startTestApp({ TOPICS_DIR: dir, TOPICS_WATCH_MS: '100' });
  });
  after(async () => {
    await t.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('reports the topics in service and no errors', async () => {
    const s = await status();
    expect(s.errors).to.deep.equal([]);
    expect(s.topics.map((x) => x.id)).to.include.members(['order-status', 'greeting', 'fallback', 'escalate']);
  });

  it('serves an edited message to the next turn, without a restart', async () => {
    const c = await startConversation(t.url);
    expect(texts(await exchange(c, 'hello', (r) => r.length > 0))[0]).to.match(/^Hello!/);
    const original = await readFile(greeting(), 'utf8');
    await writeFile(greeting(), original.replace('Hello! I can track orders', 'Howdy! I can track orders'));
    await waitFor(async () => /^Howdy!/.test(texts(await exchange(c, 'hello', (r) => r.length > 0))[0] ?? ''), 'the edited greeting', 10_000);
  });

  it('starts a new topic from its trigger phrases once the file appears (the intent model retrains)', async () => {
    await writeFile(
      join(dir, 'loyalty.yaml'),
      [
        'name: Loyalty points',
        'triggers: [how many loyalty points do I have, check my reward points balance, loyalty programme points, points balance]',
        'nodes:',
        '  - kind: message',
        '    text: You have **120** loyalty points.',
      ].join('\n'),
    );
    // A fresh conversation per try: two misses in a row in one conversation would hand it to a person.
    await waitFor(
      async () => texts(await exchange(await startConversation(t.url), 'how many loyalty points do I have', (r) => r.length > 0)).some((x) => /120/.test(x)),
      'the new topic answering',
      10_000,
    );
  });

  it('keeps the last valid version serving when an edit is invalid, and says where the error is', async () => {
    const before = (await status()).version;
    const valid = await readFile(greeting(), 'utf8');
    await writeFile(greeting(), valid.replace('  - kind: message', '  - kind: mesage'));
    const s = await waitFor(async () => ((await status()).version > before ? status() : undefined), 'the reload');
    expect(s.errors.join('\n')).to.match(/greeting\.yaml:\d+:\d+ nodes\[0\]\.kind: /);
    const c = await startConversation(t.url);
    expect(texts(await exchange(c, 'hello', (r) => r.length > 0))[0]).to.match(/^Howdy!/);
    await writeFile(greeting(), valid);
  });

  it('ends a conversation politely when the question it waits at disappears', async () => {
    await waitFor(async () => ((await status()).errors.length === 0 ? true : undefined), 'the greeting fixed');
    const c = await startConversation(t.url);
    expect(texts(await exchange(c, 'track my order', (r) => r.length > 0)).join('\n')).to.match(/order number/);
    const file = join(dir, 'order-status.yaml');
    const before = (await status()).version;
    await writeFile(file, (await readFile(file, 'utf8')).replaceAll('ask_number', 'ask_for_number'));
    // A poll may catch the file half-written (an error, the old version kept); the next one sees all of it.
    await waitFor(async () => {
      const s = await status();
      return s.version > before && s.errors.length === 0 ? true : undefined;
    }, 'the reload');
    expect(texts(await exchange(c, 'NW-10001', (r) => r.length > 0))[0]).to.match(/has just been changed/);
  });
});
