import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startTestApp, type TestApp } from '../support/app.ts';

const run = promisify(execFile);

/** `npm run knowledge -- …`, as an operator types it: with the server down, and against the running server. */
describe('knowledge CLI', function () {
  this.timeout(120_000);
  let dir: string;
  let dataDir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kb-cli-'));
    dataDir = await mkdtemp(join(tmpdir(), 'kb-cli-data-'));
    await writeFile(join(dir, 'returns.md'), '---\ntitle: Returns\ntype: faq\n---\n## How long does a refund take?\nRefunds reach your card within 5 to 10 working days.\n');
    await writeFile(join(dir, 'notes.md'), Buffer.from([0, 1, 2, 3, 0, 0, 0xff, 0xfe]));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  });

  function cli(args: string[], env: Record<string, string> = {}) {
    return run(process.execPath, ['--import', 'tsx', '--no-deprecation', 'scripts/knowledge.ts', ...args], {
      env: { ...process.env, KNOWLEDGE_DIR: dir, DATA_DIR: dataDir, PORT: '1', LOG_LEVEL: 'silent', ...env },
    });
  }

  it('syncs, reports skipped files with their reason, and queries the data folder when no server runs', async () => {
    const sync = await cli(['sync']);
    expect(sync.stdout).to.match(/^files: 1 added, 0 updated, 0 removed, 0 unchanged, 1 skipped/m);
    const status = await cli(['status']);
    expect(status.stdout).to.match(/skipped notes\.md: .+/);
    await writeFile(join(dataDir, 'queries.txt'), 'how long does a refund take\nwhat is the capital of mongolia\n');
    const { stdout } = await cli(['query', '--file', join(dataDir, 'queries.txt'), '--json']);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as { query: string; results: { id: string; title: string; source: string; score: number }[]; answer: string | null; confident: boolean });
    expect(lines.map((l) => l.query)).to.deep.equal(['how long does a refund take', 'what is the capital of mongolia']);
    expect(lines[0]!.results[0]).to.include({ id: 'files:returns.md#0', title: 'How long does a refund take?', source: 'files' });
    expect(Object.keys(lines[0]!)).to.deep.equal(['query', 'results', 'answer', 'confident']);
    expect(lines[1]).to.deep.include({ answer: null, confident: false });
  });

  it('goes through the running server, which holds the data folder', async () => {
    let t: TestApp | undefined;
    try {
      t = await startTestApp({ KNOWLEDGE_DIR: dir });
      const status = JSON.parse((await cli(['status', '--json', '--url', t.url], { DATA_DIR: t.config.dataDir })).stdout) as { documents: number };
      expect(status.documents).to.equal(1);
      const sync = await cli(['sync', '--url', t.url], { DATA_DIR: t.config.dataDir });
      expect(sync.stdout).to.match(/^files: 0 added, 0 updated, 0 removed, 2 unchanged, 0 skipped/m);
    } finally {
      await t?.stop();
    }
  });

  it('explains bad arguments with the usage and exit code 2', async () => {
    const error = await cli(['frobnicate']).catch((e: { code: number; stderr: string }) => e);
    expect(error).to.include({ code: 2 });
    expect((error as { stderr: string }).stderr).to.match(/^usage: knowledge/);
  });
});
