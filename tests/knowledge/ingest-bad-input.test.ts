import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { DEFAULT_INGEST_LIMITS, parseFile, type IngestLimits } from '../../knowledge/ingest/index.ts';
import { PDF_OPTIONS } from '../../knowledge/ingest/pdf.ts';
import { renderDocx, renderPdf } from '../../scripts/build-demo-knowledge.ts';
import { docxLike, manyEntries, withDeclaredSizes, zeroBomb } from './fixtures/zips.ts';

const demo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'knowledge', 'demo');

/** Parses `bytes` as `name` and expects a refusal whose reason matches `reason`; returns it and how long it took. */
async function refused(name: string, bytes: Buffer | string, reason: RegExp, limits?: IngestLimits): Promise<{ reason: string; ms: number }> {
  const started = performance.now();
  const result = await parseFile(name, Buffer.from(bytes), limits);
  const ms = performance.now() - started;
  if (result.ok) expect.fail(`${name} was accepted; expected a refusal matching ${reason}`);
  expect(result.reason).to.match(reason);
  expect(result.reason, 'one line').to.not.include('\n');
  return { reason: result.reason, ms };
}

describe('Ingest: bad input', () => {
  describe('any format', () => {
    it('refuses an empty file', async () => {
      await refused('empty.md', '', /^the file is empty$/);
      await refused('blank.txt', '  \n\n \n', /^no text in the file$/);
    });

    it('refuses a file over the size cap without reading it', async () => {
      const { reason } = await refused('huge.txt', Buffer.alloc(DEFAULT_INGEST_LIMITS.maxBytes + 1, 'a'), /^larger than 20 MB$/);
      expect(reason).to.equal('larger than 20 MB');
    });

    it('refuses more text than the text cap', async () => {
      await refused('long.md', 'word '.repeat(3000), /^more than 1,000 characters of text$/, { ...DEFAULT_INGEST_LIMITS, maxTextChars: 1000 });
    });

    it('names an unsupported type', async () => {
      await refused('setup.exe', 'MZ', /^unsupported file type \.exe$/);
      await refused('README', 'text', /^unsupported file type \(no extension\)$/);
    });
  });

  describe('text formats', () => {
    it('refuses binary content named .md', async () => {
      const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
      await refused('logo.md', png, /^binary content in a \.md file$/);
      const noNul = Buffer.from(Array.from({ length: 4096 }, (_, i) => ((i * 7919) % 255) + 1));
      await refused('noise.html', noNul, /^binary content in a \.html file$/);
    });

    it('names the front matter line and the problem', async () => {
      await refused('a.md', '---\ntitle: Returns\ntype: manual\n---\n# Returns\n\nText.', /^front matter line 3: type: expected one of faq, resolution, guidance/);
      await refused('b.md', '---\ntitle: Returns\ncolour: blue\n---\nText.', /^front matter line 3: Unrecognized key: "colour"$/);
      await refused('c.md', '---\ntitle: [unclosed\n---\nText.', /^front matter line \d: /);
      await refused('d.md', '---\ntitle: Returns\nText without a closing line.', /^front matter line 1: not closed/);
      await refused('e.md', '---\ntitle: Returns\nurl: javascript:alert(1)\n---\nText.', /^front matter line 3: url: must start with http/);
      await refused('f.md', '---\ntitle: Returns\n__proto__: { polluted: 1 }\n---\nText.', /^front matter line 3: .*not allowed/);
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    });
  });

  describe('PDF', () => {
    it('refuses a damaged PDF', async () => {
      const garbage = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(4000, 'not a pdf body ')]);
      await refused('broken.pdf', garbage, /^not a PDF: the file is damaged \(Invalid PDF structure\)$/);
      const pdf = await readFile(join(demo, 'Tent setup guide.pdf'));
      await refused('truncated.pdf', pdf.subarray(0, 300), /^not a PDF: the file is damaged/);
    });

    it('refuses a file that is not a PDF at all (a renamed executable)', async () => {
      await refused('setup.pdf', Buffer.from('MZ\x90\x00\x03\x00\x00\x00 This program cannot be run in DOS mode.'), /^not a PDF: the file does not start with %PDF-$/);
    });

    it('refuses more pages than the page cap', async () => {
      const pdf = Buffer.from(await renderPdf('Long', [{ p: 'One.' }, { page: true }, { p: 'Two.' }, { page: true }, { p: 'Three.' }]));
      await refused('long.pdf', pdf, /^the PDF has 3 pages; the limit is 2$/, { ...DEFAULT_INGEST_LIMITS, maxPages: 2 });
    });

    it('refuses a PDF without text (a scan)', async () => {
      await refused('scan.pdf', Buffer.from(await renderPdf('Scan', [])), /^no text in the PDF/);
    });

    it('runs pdf.js with eval disabled (CVE-2024-4367) and without loading fonts', () => {
      expect(PDF_OPTIONS).to.include({ isEvalSupported: false, disableFontFace: true, useSystemFonts: false, enableXfa: false });
      expect(Object.isFrozen(PDF_OPTIONS)).to.equal(true);
    });
  });

  describe('DOCX', () => {
    it('refuses a damaged DOCX', async () => {
      const docx = await renderDocx('Gift cards', [{ h1: 'Gift cards' }, { p: 'Valid for 24 months.' }]);
      await refused('truncated.docx', docx.subarray(0, docx.length - 100), /^not a DOCX: the file is damaged or truncated/);
      await refused('random.docx', Buffer.alloc(5000, 'PK\x03\x04 garbage '), /^not a DOCX: the file is damaged or truncated/);
      await refused('legacy.docx', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), /^not a DOCX: the file is not a zip package/);
      await refused('empty-package.docx', docxLike({ 'readme.txt': 'hi' }), /^not a DOCX: word\/document\.xml is missing$/);
    });

    it('refuses a zip bomb by its compression ratio, quickly, from the central directory alone', async () => {
      const bomb = zeroBomb(20);
      expect(bomb.length).to.be.below(100_000);
      const { reason, ms } = await refused('bomb.docx', bomb, /^the DOCX contains word\/document\.xml compressed \d+:1; the limit is 100:1 \(a zip bomb\?\)$/);
      expect(ms, reason).to.be.below(500);
    });

    it('refuses a package that declares more than 50 MB, without inflating anything', async () => {
      // The data is not even valid: had anything tried to inflate it, the reason would be a damaged entry.
      const lying = withDeclaredSizes(docxLike({ 'word/document.xml': 'not deflate data at all' }), 'word/document.xml', { uncompressed: 0xfffffff0 });
      const { ms } = await refused('claims.docx', lying, /^the DOCX unpacks to more than 50 MB \(a zip bomb\?\)$/);
      expect(ms).to.be.below(500);
    });

    it('refuses an entry that inflates to more than it declares, as soon as it passes the declared size', async () => {
      const lying = withDeclaredSizes(zeroBomb(20), 'word/document.xml', { uncompressed: 1000 });
      const { ms } = await refused('lies.docx', lying, /^not a DOCX: word\/document\.xml in the zip package is damaged \(too many bytes in the stream/);
      expect(ms).to.be.below(500);
    });

    it('refuses too many entries, names that climb out of the package, and nested archives', async () => {
      await refused('many.docx', manyEntries(1200), /^the DOCX holds 1202 files; the limit is 1000$/);
      await refused('slip.docx', docxLike({ 'word/document.xml': '<x/>', '../../etc/cron.d/x': 'evil' }), /^not a DOCX: .*invalid relative path: \.\.\/\.\.\/etc\/cron\.d\/x/);
      await refused('nested.docx', docxLike({ 'word/document.xml': '<x/>', 'word/inner.zip': 'PK' }), /^the DOCX contains another archive \(word\/inner\.zip\)$/);
    });
  });
});
