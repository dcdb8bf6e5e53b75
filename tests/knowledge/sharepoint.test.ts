import { expect } from 'chai';
import { createGraphClient } from '../../knowledge/sources/graph-client.ts';
import {
  createSharePointSource,
  type KnowledgeSource,
  type SharePointSourceOptions,
  type SourceChange,
  type SourceItem,
} from '../../knowledge/sources/index.ts';
import { type FakeGraph, startFakeGraph } from '../support/fake-graph.ts';

const signal = new AbortController().signal;

describe('SharePoint knowledge source', () => {
  let fake: FakeGraph;
  let waits: number[];

  beforeEach(async () => {
    fake = await startFakeGraph({ libraries: ['Documents', 'Site Assets'] });
    waits = [];
  });
  afterEach(() => fake.close());

  function source(options: Partial<SharePointSourceOptions> = {}): KnowledgeSource {
    return createSharePointSource({
      siteUrl: fake.siteUrl,
      library: 'Documents',
      credential: fake.credential,
      graphBaseUrl: fake.baseUrl,
      sleep: async (ms) => void waits.push(ms),
      ...options,
    });
  }
  const upserts = (changes: readonly SourceChange[]): SourceItem[] => changes.flatMap((c) => (c.kind === 'upsert' ? [c.item] : []));
  const named = (changes: readonly SourceChange[], name: string) => upserts(changes).find((i) => i.name === name)!;
  const deltaRequests = () => fake.requests.filter((r) => r.path.includes('/root/delta')).length;

  describe('changes', () => {
    it('lists every file on the first sync, skipping folders, with columns mapped to metadata', async () => {
      const docs = fake.drive('Documents');
      const faq = docs.addFile('FAQ/Billing.md', '# Billing', {
        Title: 'Billing questions',
        Product: 'Support Hub',
        ProductVersion: 2,
        Audience: 'Internal',
        ArticleType: 'FAQ',
        Tags: ['billing', 'invoices'],
      });
      docs.addFile('Install.md', '# Install');
      docs.addFile('Guides/Deep/Setup.docx', 'docx bytes', { Article_x0020_Type: 'Customer Service', Version0: '3.1', Keywords: 'setup; first run', Audience: 'Partners' });

      const batch = await source().changes(undefined, signal);

      expect(batch.complete).to.equal(true);
      expect(batch.cursor).to.be.a('string').and.match(/^http:\/\/127\.0\.0\.1:\d+\/v1\.0\/drives\//);
      expect(upserts(batch.changes).map((i) => i.name)).to.have.members(['Billing.md', 'Install.md', 'Setup.docx']);
      expect(batch.changes).to.have.length(3);
      const billing = named(batch.changes, 'Billing.md');
      expect(billing).to.include({ key: faq, size: 9, url: billing.location });
      expect(billing.location).to.equal('https://contoso.sharepoint.com/sites/support/Shared%20Documents/FAQ/Billing.md');
      expect(billing.meta).to.deep.equal({
        title: 'Billing questions',
        product: 'Support Hub',
        version: '2',
        audience: 'internal',
        type: 'faq',
        tags: ['billing', 'invoices'],
      });
      // Loose column names match; a value outside the allowed set (Audience: Partners) is dropped, not guessed.
      expect(named(batch.changes, 'Setup.docx').meta).to.deep.equal({ type: 'customer-service', version: '3.1', tags: ['setup', 'first run'] });
      // SharePoint's built-in fields (FileLeafRef, _UIVersionString, ContentType) do not leak into metadata.
      expect(named(batch.changes, 'Install.md').meta).to.equal(undefined);
    });

    it('continues from the stored cursor with only what was added, modified and deleted', async () => {
      const docs = fake.drive('Documents');
      const install = docs.addFile('Install.md', 'v1');
      const billing = docs.addFile('FAQ/Billing.md', 'faq', { Audience: 'External' });
      const old = docs.addFile('Old.txt', 'old');
      docs.addFile('Stable.md', 'stable');
      const sp = source();
      const first = await sp.changes(undefined, signal);
      const versions = new Map(upserts(first.changes).map((i) => [i.key, i.version]));

      const added = docs.addFile('Guides/New.md', 'new');
      docs.update(install, { content: 'v2' });
      docs.update(billing, { fields: { Audience: 'Internal' } }); // a column edit alone
      docs.remove(old);
      const second = await sp.changes(first.cursor, signal);

      expect(second.complete).to.equal(false);
      expect(second.changes.filter((c) => c.kind === 'delete')).to.deep.equal([{ kind: 'delete', key: old }]);
      expect(upserts(second.changes).map((i) => i.key)).to.have.members([added, install, billing]);
      expect(named(second.changes, 'Install.md').version).to.not.equal(versions.get(install));
      // The version moves on a column edit too, so the knowledge base picks up the new audience.
      expect(named(second.changes, 'Billing.md').version).to.not.equal(versions.get(billing));
      expect(named(second.changes, 'Billing.md').meta).to.deep.equal({ audience: 'internal' });

      const third = await sp.changes(second.cursor, signal);
      expect(third).to.include({ complete: false });
      expect(third.changes).to.deep.equal([]);
    });

    it('follows nextLink pages until the deltaLink', async () => {
      fake.pageSize = 2;
      const docs = fake.drive('Documents');
      for (let i = 0; i < 7; i += 1) docs.addFile(`Folder${i % 3}/Doc${i}.md`, `doc ${i}`);
      const batch = await source().changes(undefined, signal);

      // 7 files + 3 folders + the root = 11 items, 2 a page.
      expect(deltaRequests()).to.equal(6);
      expect(upserts(batch.changes).map((i) => i.name).sort()).to.deep.equal(['Doc0.md', 'Doc1.md', 'Doc2.md', 'Doc3.md', 'Doc4.md', 'Doc5.md', 'Doc6.md']);
      expect(batch.complete).to.equal(true);
    });

    it('lists everything again, as complete, when the delta link has expired (410 Gone)', async () => {
      const docs = fake.drive('Documents');
      const kept = docs.addFile('Kept.md', 'kept');
      const gone = docs.addFile('Gone.md', 'gone');
      const sp = source();
      const first = await sp.changes(undefined, signal);
      docs.remove(gone);
      const added = docs.addFile('Added.md', 'added');
      docs.expireCursors();

      const resync = await sp.changes(first.cursor, signal);
      expect(resync.complete).to.equal(true);
      expect(upserts(resync.changes).map((i) => i.key)).to.have.members([kept, added]);
      expect(resync.changes).to.have.length(2);

      const next = await sp.changes(resync.cursor, signal);
      expect(next).to.deep.equal({ changes: [], complete: false, cursor: next.cursor });
    });

    it('starts over, as complete, from a cursor for another Graph host (the token never goes there)', async () => {
      fake.drive('Documents').addFile('A.md', 'a');
      const batch = await source().changes('https://elsewhere.example/v1.0/drives/x/root/delta?token=abc', signal);
      expect(batch.complete).to.equal(true);
      expect(upserts(batch.changes)).to.have.length(1);
    });

    it('names the libraries the site has when the configured one does not exist', async () => {
      const failure = await source({ library: 'Policies' }).changes(undefined, signal).catch((e: Error) => e);
      expect(failure).to.be.instanceOf(Error);
      expect((failure as Error).message).to.equal(
        `SharePoint library "Policies" not found on ${fake.siteUrl}; its libraries are: "Documents", "Site Assets"`,
      );
    });

    it('accepts the library by its URL name ("Shared Documents") too', async () => {
      fake.drive('Documents').addFile('A.md', 'a');
      const batch = await source({ library: 'Shared Documents' }).changes(undefined, signal);
      expect(upserts(batch.changes)).to.have.length(1);
    });
  });

  describe('throttling and failures', () => {
    it('waits as long as Retry-After says on a 429, then succeeds', async () => {
      fake.drive('Documents').addFile('A.md', 'a');
      fake.fail({ match: '/root/delta', status: 429, retryAfter: '1' });
      const batch = await source().changes(undefined, signal);
      expect(waits).to.deep.equal([1000]);
      expect(upserts(batch.changes)).to.have.length(1);
      expect(deltaRequests()).to.equal(2);
    });

    it('reads Retry-After as an HTTP date on a 503', async () => {
      const now = Date.parse('2026-03-01T10:00:00Z');
      fake.fail({ status: 503, retryAfter: new Date(now + 7000).toUTCString() });
      await source({ now: () => now }).changes(undefined, signal);
      expect(waits).to.deep.equal([7000]);
      expect(fake.pendingFaults).to.equal(0);
    });

    it('really sleeps for Retry-After when no sleep is injected', async () => {
      fake.fail({ match: '/root/delta', status: 503, retryAfter: '1' });
      const started = performance.now();
      await source({ sleep: undefined }).changes(undefined, signal);
      expect(performance.now() - started).to.be.within(950, 5000);
    });

    it('retries dropped connections and 5xx with backoff', async () => {
      fake.fail({ hangUp: true }, { status: 500 }, { status: 502 });
      const batch = await source().changes(undefined, signal);
      expect(batch.complete).to.equal(true);
      expect(waits).to.have.length(3);
      for (const ms of waits) expect(ms).to.be.greaterThan(0);
    });

    it('gives up with a clear error after maxRetries', async () => {
      fake.fail(...Array.from({ length: 3 }, () => ({ match: '/root/delta', status: 503, retryAfter: '1' })));
      const failure = await source({ maxRetries: 2 }).changes(undefined, signal).catch((e: Error) => e);
      expect((failure as Error).message).to.match(/^GET http:\/\/127\.0\.0\.1:\d+\/v1\.0\/drives\/.+\/root\/delta: 503 serviceNotAvailable: Fake fault\. \(gave up after 3 attempts\)$/);
      expect(waits).to.deep.equal([1000, 1000]);
    });

    it('stops waiting when the caller’s deadline passes, however long Retry-After is', async () => {
      fake.fail({ status: 429, retryAfter: '120' });
      const started = performance.now();
      const failure = await source({ sleep: undefined }).changes(undefined, AbortSignal.timeout(200)).catch((e: Error) => e);
      expect((failure as Error).name).to.equal('TimeoutError');
      expect(performance.now() - started).to.be.below(2000);
    });

    it('fails the sync when a file’s columns cannot be read, rather than index it without its audience', async () => {
      fake.drive('Documents').addFile('Internal.md', 'secret', { Audience: 'Internal' });
      fake.fail({ match: '/listItem', status: 403, code: 'accessDenied' });
      const failure = await source().changes(undefined, signal).catch((e: Error) => e);
      expect((failure as Error).message).to.match(/listItem: 403 accessDenied/);
    });

    it('does not retry a refused token', async () => {
      const credential = { getToken: async () => ({ token: 'wrong', expiresOnTimestamp: Date.now() + 3_600_000 }) };
      const failure = await source({ credential }).changes(undefined, signal).catch((e: Error) => e);
      expect((failure as Error).message).to.match(/401 InvalidAuthenticationToken/);
      expect(fake.requests).to.have.length(1);
    });
  });

  describe('read', () => {
    it('downloads through the 302 without sending the token to the pre-authenticated URL', async () => {
      fake.drive('Documents').addFile('Guide.md', '# The guide');
      const [change] = (await source().changes(undefined, signal)).changes;
      const bytes = await (change as { item: SourceItem }).item.read(signal);

      expect(bytes.toString()).to.equal('# The guide');
      const content = fake.requests.find((r) => r.path.endsWith('/content'))!;
      const download = fake.requests.find((r) => r.path.startsWith('/download/'))!;
      expect(content.authorization).to.equal(`Bearer ${fake.token}`);
      expect(download.authorization).to.equal(undefined);
    });

    it('refuses a file over the size cap without downloading it', async () => {
      fake.drive('Documents').addFile('Big.pdf', Buffer.alloc(64));
      const [change] = (await source({ maxBytes: 10 }).changes(undefined, signal)).changes;
      const failure = await (change as { item: SourceItem }).item.read(signal).catch((e: Error) => e);
      expect((failure as Error).message).to.match(/64 bytes, over the 10-byte limit/);
      expect(fake.requests.some((r) => r.path.endsWith('/content'))).to.equal(false);
    });

    for (const declared of [true, false]) {
      it(`stops a download that turns out larger than the cap (${declared ? 'declared' : 'no'} Content-Length)`, async () => {
        const id = fake.drive('Documents').addFile('Big.pdf', Buffer.alloc(256 * 1024));
        // Without Content-Length the cap is enforced while streaming.
        const strip: typeof fetch = async (input, init) => {
          const response = await fetch(input, init);
          if (declared || !String(input).includes('/download/')) return response;
          return new Response(response.body, { status: response.status, headers: { 'content-type': 'application/octet-stream' } });
        };
        const graph = createGraphClient({ credential: fake.credential, baseUrl: fake.baseUrl, fetch: strip });
        const path = `/drives/${fake.drive('Documents').id}/items/${id}/content`;
        const failure = await graph.download(path, signal, 1000).catch((e: Error) => e);
        expect((failure as Error).message).to.match(/larger than the 1000-byte limit$/);
        expect(fake.requests.at(-1)!.path).to.match(/^\/download\//);
      });
    }
  });
});
