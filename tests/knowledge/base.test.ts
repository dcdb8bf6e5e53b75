import { expect } from 'chai';
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeChatModel } from '../../core/ai/index.ts';
import { createLogger } from '../../core/logger.ts';
import { migrate, type Sql } from '../../core/storage/index.ts';
import { loadWordVectors } from '../../core/text/index.ts';
import { createKnowledgeBase, type KnowledgeBase, type KnowledgeCloud, SHIPPED_SYNONYMS } from '../../knowledge/index.ts';
import { pgliteEngine } from '../support/engines.ts';
import { zeroBomb } from './fixtures/zips.ts';

const log = createLogger({ level: 'silent' });

const FILES: Record<string, string> = {
  'returns.md': `---
title: Returns and refunds
type: faq
---
## How long does a refund take?
Refunds reach your card 5 to 10 working days after we receive the parcel back at our warehouse.

## Can I exchange an item for another size?
Yes. Start a return from My orders and choose Exchange; we send the new size as soon as the parcel is scanned.
`,
  'jacket-2024.md': `---
title: Washing the Stormbreak Jacket
product: Stormbreak Jacket
version: "2024"
---
Wash the Stormbreak Jacket at 30 degrees with a mild detergent and hang it to dry. Do not tumble dry.
`,
  'jacket-2025.md': `---
title: Washing the Stormbreak Jacket
product: Stormbreak Jacket
version: "2025"
---
Wash the Stormbreak Jacket at 40 degrees, then tumble dry on low heat to restore the waterproof coating.
`,
  'goodwill.md': `---
title: Issuing goodwill refunds
audience: internal
---
Reps may issue a goodwill refund of up to 20 euros without approval when a delivery arrives more than five days late.
`,
};

describe('KnowledgeBase (folder source, PGlite)', function () {
  this.timeout(60_000);
  const engine = pgliteEngine();
  let sql: Sql;
  let dir: string;
  let kb: KnowledgeBase;

  const open = async (cloud?: KnowledgeCloud) =>
    createKnowledgeBase({ dir, synonymsFile: SHIPPED_SYNONYMS, threshold: undefined }, { sql, log, wordVectors: await loadWordVectors(), ...(cloud ? { cloud } : {}) });

  before(async function () {
    sql = await engine.open(this);
    await migrate(sql);
  });
  after(() => engine.dispose());

  beforeEach(async () => {
    await sql.exec('DELETE FROM kb_documents; DELETE FROM kb_sources; DELETE FROM kb_skipped; DELETE FROM kb_feedback;');
    dir = await mkdtemp(join(tmpdir(), 'kb-test-'));
    for (const [name, text] of Object.entries(FILES)) await writeFile(join(dir, name), text);
    kb = await open();
  });
  afterEach(async () => {
    await kb.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('indexes a folder, then parses only what changed and drops what was deleted', async () => {
    const [first] = await kb.sync();
    expect(first).to.deep.include({ source: 'files', added: 4, updated: 0, removed: 0, skipped: 0 });
    expect((await kb.sync())[0]).to.deep.include({ added: 0, updated: 0, unchanged: 4 });

    await writeFile(join(dir, 'returns.md'), FILES['returns.md']!.replace('5 to 10', '3 to 5'));
    await unlink(join(dir, 'goodwill.md'));
    await writeFile(join(dir, 'new.txt'), 'Gift cards never expire and can be used on any order in our web shop.');
    expect((await kb.sync())[0]).to.deep.include({ added: 1, updated: 1, removed: 1, unchanged: 2 });
    const answer = await kb.answer('how long does a refund take', { audience: 'external' });
    expect(answer.kind === 'answer' && answer.answer.text).to.include('3 to 5 working days');
  });

  it('skips a file it cannot use, says why in the status, and indexes the rest', async () => {
    await writeFile(join(dir, 'broken.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0, 1, 2, 3]));
    await writeFile(join(dir, 'bad-front-matter.md'), '---\ntitle: [unclosed\n---\nText.\n');
    const [report] = await kb.sync();
    expect(report).to.deep.include({ added: 4, skipped: 2 });
    const status = await kb.status();
    const skipped = status.sources[0]!.skipped;
    expect(skipped.map((s) => s.key)).to.have.members(['broken.md', 'bad-front-matter.md']);
    expect(skipped.every((s) => s.reason.length > 0)).to.equal(true);
    expect(status.sources[0]).to.deep.include({ documents: 4, lastError: null });

    await writeFile(join(dir, 'bad-front-matter.md'), '---\ntitle: Fixed\n---\nNow it parses.\n');
    expect((await kb.sync())[0]).to.deep.include({ added: 1, skipped: 0 });
    expect((await kb.status()).sources[0]!.skipped.map((s) => s.key)).to.deep.equal(['broken.md']);
  });

  it('skips damaged, oversized and hostile files with their reasons, and indexes everything else', async () => {
    await writeFile(join(dir, 'damaged.pdf'), Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(200, 7)]));
    await writeFile(join(dir, 'damaged.docx'), Buffer.from('PK\u0003\u0004 not really a zip'));
    await writeFile(join(dir, 'bomb.docx'), zeroBomb(60));
    await writeFile(join(dir, 'huge.txt'), Buffer.alloc(21 * 1024 * 1024, 'a'));
    const [report] = await kb.sync();
    expect(report).to.deep.include({ added: 4, skipped: 4 });
    const reasons = Object.fromEntries((await kb.status()).sources[0]!.skipped.map((s) => [s.key, s.reason]));
    expect(Object.keys(reasons)).to.have.members(['damaged.pdf', 'damaged.docx', 'bomb.docx', 'huge.txt']);
    expect(reasons['huge.txt']).to.match(/larger than 20 MB/);
    expect(reasons['bomb.docx']).to.match(/MB|ratio|compress/i);
    expect(reasons['damaged.pdf']).to.match(/PDF/);
    expect(reasons['damaged.docx']).to.match(/DOCX|zip/i);
  });

  it('narrows answers to the product the customer named, by its catalog id', async () => {
    await kb.sync();
    const hits = await kb.search('how do I wash it', { audience: 'external', product: 'stormbreak-jacket' });
    expect(hits.length).to.be.greaterThan(0);
    expect(hits.every((h) => h.document.meta.product === undefined || h.document.meta.product === 'Stormbreak Jacket')).to.equal(true);
    expect(await kb.search('how do I wash it', { audience: 'external', product: 'alder-fleece' })).to.satisfy((found: { document: { meta: { product?: string } } }[]) =>
      found.every((h) => h.document.meta.product === undefined),
    );
  });

  it("follows what another node on the same database indexed or removed", async () => {
    const other = await open(); // a second node, started before anything was indexed
    try {
      await kb.sync();
      expect((await other.sync())[0]).to.deep.include({ added: 0, unchanged: 4 });
      expect(other.documentCount, 'loaded from the database, not parsed again').to.equal(4);
      expect((await other.answer('how long does a refund take', { audience: 'external' })).kind).to.equal('answer');
      await unlink(join(dir, 'returns.md'));
      await kb.sync();
      await other.sync();
      expect(other.documentCount).to.equal(3);
    } finally {
      await other.close();
    }
  });

  it('answers after a restart from what it stored, without parsing any file again', async () => {
    await kb.sync();
    await kb.close();
    kb = await open();
    expect(kb.documentCount).to.equal(4);
    expect((await kb.answer('how long does a refund take?', { audience: 'external' })).kind).to.equal('answer');
    expect((await kb.sync())[0]).to.deep.include({ added: 0, updated: 0, unchanged: 4 });
  });

  it('answers with the passage and its citation, and says nothing when nothing matches', async () => {
    await kb.sync();
    const reply = await kb.answer('how many days until I get my money back', { audience: 'external' });
    expect(reply.kind).to.equal('answer');
    if (reply.kind !== 'answer') return;
    expect(reply.answer.text).to.include('5 to 10 working days');
    expect(reply.answer.citations[0]).to.deep.include({ title: 'Returns and refunds › How long does a refund take?' });
    expect(reply.answer.citations[0]!.path).to.match(/returns\.md$/);
    expect(reply.answer.source?.documentId).to.equal('files:returns.md');
    expect(await kb.answer('what is the capital of mongolia', { audience: 'external' })).to.deep.equal({ kind: 'none' });
  });

  it('never shows an internal article to a customer', async () => {
    await kb.sync();
    const question = 'can reps issue a goodwill refund when a delivery is late';
    const external = await kb.answer(question, { audience: 'external' });
    expect(external.kind === 'answer' ? external.answer.source?.documentId : null).to.not.equal('files:goodwill.md');
    expect((await kb.search(question, { audience: 'external' })).map((r) => r.document.id)).to.not.include('files:goodwill.md');
    const internal = await kb.answer(question, { audience: 'internal' });
    expect(internal.kind === 'answer' && internal.answer.source?.documentId).to.equal('files:goodwill.md');
  });

  it('asks which version when the answer differs by version, and answers from the one named', async () => {
    await kb.sync();
    const question = 'how do I wash my Stormbreak jacket';
    expect(await kb.answer(question, { audience: 'external' })).to.deep.equal({ kind: 'ask-version', product: 'Stormbreak Jacket', versions: ['2025', '2024'] });
    const reply = await kb.answer(question, { audience: 'external', version: '2024' });
    expect(reply.kind === 'answer' && reply.answer.text).to.include('30 degrees');
    expect(reply.kind === 'answer' && reply.answer.citations[0]!.version).to.equal('2024');
  });

  it('stores a rating against the article and version the answer quoted', async () => {
    await kb.sync();
    await kb.recordFeedback({ conversationId: 'c1', activityId: 'a1', documentId: 'files:jacket-2024.md', passageId: 'files:jacket-2024.md#0', articleVersion: '2024', helpful: false, at: new Date() });
    await kb.recordFeedback({ conversationId: 'c1', activityId: 'a1', documentId: 'files:jacket-2024.md', passageId: 'files:jacket-2024.md#0', articleVersion: '2024', helpful: true, at: new Date() });
    const rows = await sql.query<{ document_id: string; article_version: string; helpful: boolean }>('SELECT document_id, article_version, helpful FROM kb_feedback');
    expect(rows).to.deep.equal([{ document_id: 'files:jacket-2024.md', article_version: '2024', helpful: true }]);
  });

  describe('with a cloud model', () => {
    it('embeds passages once (stored across restarts) and still answers when query embedding fails', async () => {
      const model = new FakeChatModel({ dimensions: 64 });
      await kb.close();
      kb = await open({ embeddings: { model, modelName: 'fake-embed', minSimilarity: 0.5, queryTimeoutMs: 500 } });
      await kb.sync();
      const [{ count }] = (await sql.query<{ count: number }>('SELECT count(*)::int AS count FROM kb_embeddings')) as [{ count: number }];
      expect(count).to.be.greaterThan(4);
      const calls = model.embedded.length;
      await kb.close();
      kb = await open({ embeddings: { model, modelName: 'fake-embed', minSimilarity: 0.5, queryTimeoutMs: 500 } });
      await new Promise((r) => setTimeout(r, 50));
      expect(model.embedded.length, 'nothing embedded again at start').to.equal(calls);
      expect((await kb.answer('how long does a refund take', { audience: 'external' })).kind).to.equal('answer');
      expect(model.embedded.length, 'the query was embedded').to.equal(calls + 1);
      model.embed = async () => {
        throw new Error('down');
      };
      expect((await kb.answer('how long does a refund take', { audience: 'external' })).kind).to.equal('answer');
    });

    it('writes a grounded answer with renumbered citations, refuses when the model finds no answer, and falls back when it is down', async () => {
      const chat = new FakeChatModel();
      await kb.close();
      kb = await open({ generator: { chat, timeoutMs: 2000 } });
      await kb.sync();
      const question = 'how long does a refund take';
      const ranked = await kb.search(question, { audience: 'external' }, 5);
      const second = ranked.findIndex((r) => r.passage.question === 'How long does a refund take?') + 1;
      chat.script(
        { output: { answered: true, answer: `Refunds take 5 to 10 working days [${second}].`, sources: [second] } },
        { output: { answered: false, answer: '', sources: [] } },
        { fail: 'timeout' },
      );
      const generated = await kb.answer(question, { audience: 'external' });
      expect(generated.kind === 'answer' && generated.answer.text).to.equal('Refunds take 5 to 10 working days [1].');
      expect(generated.kind === 'answer' && generated.answer.citations.map((c) => c.title)).to.deep.equal(['Returns and refunds']);
      expect(chat.requests[0]!.messages[0]!.content).to.include('[1] Returns and refunds');
      expect(await kb.answer(question, { audience: 'external' })).to.deep.equal({ kind: 'none' });
      const fallback = await kb.answer(question, { audience: 'external' });
      expect(fallback.kind === 'answer' && fallback.answer.text).to.include('5 to 10 working days after we receive');
    });
  });
});
