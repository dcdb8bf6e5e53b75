import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../support/app.ts';
import { call } from '../support/directline-client.ts';
import { waitFor } from '../support/wait.ts';

/** The running server watches the knowledge folder, and its operator API wants the admin token once one is set. */
describe('Knowledge folder watched by the running server', function () {
  this.timeout(120_000);
  const TOKEN = 'an-admin-token-of-at-least-24-chars';
  let dir: string;
  let t: TestApp;
  const auth = { authorization: `Bearer ${TOKEN}` };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kb-watch-'));
    await writeFile(join(dir, 'returns.md'), '---\ntitle: Returns\n---\nYou can return unworn items within 30 days of delivery.\n');
    t = await startTestApp({ KNOWLEDGE_DIR: dir, KNOWLEDGE_WATCH_MS: '200', ADMIN_TOKEN: TOKEN });
  });
  after(async () => {
    await t.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('indexes a file added while it runs, within seconds and without a restart', async () => {
    expect((await call('GET', `${t.url}/api/knowledge/status`, { headers: auth })).body).to.deep.include({ documents: 1 });
    await writeFile(join(dir, 'gift-cards.md'), '---\ntitle: Gift cards\n---\nGift cards never expire and work on every order in the web shop.\n');
    await waitFor(async () => ((await call('GET', `${t.url}/api/knowledge/status`, { headers: auth })).body.documents === 2 ? true : undefined), 'the new file indexed', 10_000);
    const query = await call('GET', `${t.url}/api/knowledge/query?q=${encodeURIComponent('do gift cards expire')}`, { headers: auth });
    expect(query.body.results[0]).to.include({ title: 'Gift cards' });
  });

  it('refuses the operator API without the admin token', async () => {
    const refused = await call('GET', `${t.url}/api/knowledge/status`);
    expect(refused.status).to.equal(401);
    expect((await call('GET', `${t.url}/api/topics/status`, { headers: { authorization: 'Bearer wrong-token-wrong-token-wrong' } })).status).to.equal(401);
    expect((await call('GET', `${t.url}/api/topics/status`, { headers: auth })).status).to.equal(200);
  });
});
