import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import type { ParsedDocument, Passage } from '../../knowledge/model.ts';
import { parseFile, PASSAGE_WORDS, toPassages } from '../../knowledge/ingest/index.ts';
import { renderDocx, renderPdf } from '../../scripts/build-demo-knowledge.ts';

const demo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'knowledge', 'demo');

async function parse(name: string, bytes: Buffer | string): Promise<ParsedDocument> {
  const result = await parseFile(name, Buffer.from(bytes));
  if (!result.ok) expect.fail(`${name} was refused: ${result.reason}`);
  return result.document;
}

const parseDemo = async (name: string) => parse(name, await readFile(join(demo, name)));
const passagesOf = async (name: string): Promise<Passage[]> => toPassages(`demo:${name}`, await parseDemo(name));
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

describe('Ingest: formats', () => {
  describe('Markdown', () => {
    it('reads front matter into the metadata', async () => {
      const doc = await parseDemo('stormbreak-jacket-care-2025.md');
      expect(doc.meta).to.deep.equal({
        title: 'Caring for your Stormbreak Jacket (2025 model)',
        type: 'guidance',
        product: 'Stormbreak Jacket',
        version: '2025',
        tags: ['care', 'washing', 'waterproofing'],
      });
    });

    it('keeps headings as heading blocks and the text readable (no emphasis markers, links as "text (url)")', async () => {
      const doc = await parse('a.md', '# Care\n\nWash at **30 °C** with _tech wash_ &amp; see [our guide](https://example.com/care).\n\n## Drying\n\n- Line dry\n- No `tumble` dryer\n');
      expect(doc.blocks).to.deep.equal([
        { kind: 'heading', level: 1, text: 'Care' },
        { kind: 'text', text: 'Wash at 30 °C with tech wash & see our guide (https://example.com/care).' },
        { kind: 'heading', level: 2, text: 'Drying' },
        { kind: 'text', text: '- Line dry\n- No tumble dryer' },
      ]);
    });

    it('takes the title from front matter, else the first H1, else the file name', async () => {
      expect((await parse('x.md', '---\ntitle: From front matter\n---\n# From H1\n\ntext')).meta.title).to.equal('From front matter');
      expect((await parse('x.md', '## Not a title\n\ntext\n\n# From H1\n\nmore')).meta.title).to.equal('From H1');
      expect((await parse('delivery-times.md', 'Just text.')).meta.title).to.equal('Delivery times');
    });

    it('makes each question of a type: faq file one qa passage with its answer', async () => {
      const passages = await passagesOf('returns-and-refunds.md');
      const questions = passages.filter((p) => p.question).map((p) => p.question);
      expect(questions).to.include.members(['How long does a refund take?', 'Can I exchange for a different size?', 'How do I print a return label?']);
      const refund = passages.find((p) => p.question === 'How long does a refund take?')!;
      expect(refund.headings).to.deep.equal(['Returns and refunds']);
      expect(refund.text).to.match(/^We refund you within 5 working days/).and.to.include('original payment method');
      expect(refund.text).to.not.include('exchange', 'the answer stops at the next question');
    });

    it('treats every answered heading at the questions’ level of a declared FAQ as a question', async () => {
      const passages = await passagesOf('account-and-password.md');
      expect(passages.map((p) => p.question)).to.include("I didn't get the password reset email.");
    });

    it('recognises an undeclared FAQ from its question headings, and marks it as one', async () => {
      const doc = await parse('faq.md', '# Help\n\n## Do you ship abroad?\n\nYes, to 40 countries.\n\n## Can I pay later?\n\nWith Klarna.\n');
      expect(doc.meta.type).to.equal('faq');
      expect(doc.blocks.filter((b) => b.kind === 'qa')).to.have.length(2);
    });

    it('leaves a guide with one question heading as a guide', async () => {
      const doc = await parse('guide.md', '# Sizes\n\n## Jackets\n\nChest sizes.\n\n## Boots\n\nFoot length.\n\n## Still not sure?\n\nExchange it.\n');
      expect(doc.meta.type).to.equal(undefined);
      expect(doc.blocks.some((b) => b.kind === 'qa')).to.equal(false);
    });

    it('reads a Windows-1252 file rather than refusing it', async () => {
      const doc = await parse('café.md', Buffer.from('# Café\n\nCrème brûlée is on the menu again this week.', 'latin1'));
      expect(doc.meta.title).to.equal('Café');
    });
  });

  describe('HTML', () => {
    it('keeps headings, lists and tables, and drops scripts, styles and navigation', async () => {
      const doc = await parseDemo('sizing-guide.html');
      expect(doc.meta.title).to.equal('Size guide');
      const text = doc.blocks.map((b) => (b.kind === 'heading' ? `#${b.level} ${b.text}` : b.kind === 'text' ? b.text : '')).join('\n');
      expect(text).to.include('#2 How to measure yourself').and.include('- Chest: measure around').and.include('M | 95–100 | 81–86');
      expect(text).to.include('exchange it for a different size (https://help.northwind-outfitters.example/returns-and-refunds)');
      expect(text).to.not.match(/dataLayer|border-collapse|Home|Privacy/);
    });

    it('applies the FAQ rule to question headings', async () => {
      const passages = await passagesOf('billing-and-payments.html');
      expect(passages.every((p) => p.question)).to.equal(true);
      expect(passages.map((p) => p.question)).to.include('I was charged twice. What should I do?');
    });

    it('decodes entities and reads <details> FAQs', async () => {
      const doc = await parse('x.html', '<h1>Help</h1><details><summary>Can I return sale items?</summary><p>Yes &amp; free.</p></details><details><summary>Do you price match?</summary><p>No.</p></details>');
      expect(doc.blocks).to.deep.include({ kind: 'qa', question: 'Can I return sale items?', answer: 'Yes & free.' });
    });
  });

  describe('plain text', () => {
    it('splits paragraphs at blank lines and takes the title from the file name', async () => {
      const doc = await parseDemo('warranty-policy.txt');
      expect(doc.meta.title).to.equal('Warranty policy');
      expect(doc.blocks.length).to.be.greaterThan(8);
      expect(doc.blocks.every((b) => b.kind === 'text')).to.equal(true);
    });
  });

  describe('PDF', () => {
    it('reads text per page, tells headings from body text by size, and takes the title from the metadata', async () => {
      const doc = await parseDemo('Tent setup guide.pdf');
      expect(doc.meta.title).to.equal('Tent setup guide: Trailhead 2');
      const headings = doc.blocks.filter((b) => b.kind === 'heading').map((b) => `${b.level} ${b.text}`);
      expect(headings).to.include.members(['1 Setting up your Trailhead 2 tent', '2 Adding the flysheet']);
      const text = doc.blocks.map((b) => (b.kind === 'text' ? b.text : '')).join('\n');
      expect(text).to.include('Insert the short brow pole into the sleeve above the door.', 'page 2 is read');
      expect(text).to.not.match(/Page \d of \d/);
    });

    it('falls back to the first line for the title', async () => {
      const bytes = Buffer.from(await renderPdf('', [{ p: 'Lantern battery guide. Charge it fully before your first trip.' }]));
      expect((await parse('x.pdf', bytes)).meta.title).to.equal('Lantern battery guide. Charge it fully before your first trip.');
    });
  });

  describe('DOCX', () => {
    it('keeps Word headings, via mammoth and the HTML path, and reads the Title property', async () => {
      const doc = await parse('x.docx', await renderDocx('Lantern guide', [{ h1: 'Lanterns' }, { h2: 'Charging' }, { p: 'Charge it for 4 hours.' }, { li: 'Use USB-C' }]));
      expect(doc.meta.title).to.equal('Lantern guide');
      expect(doc.blocks).to.deep.equal([
        { kind: 'heading', level: 1, text: 'Lanterns' },
        { kind: 'heading', level: 2, text: 'Charging' },
        { kind: 'text', text: 'Charge it for 4 hours.' },
        { kind: 'text', text: '- Use USB-C' },
      ]);
    });

    it('turns a Word FAQ into qa passages', async () => {
      const passages = await passagesOf('Gift cards.docx');
      expect(passages.find((p) => p.question === 'Do gift cards expire?')?.text).to.match(/valid for 24 months/);
    });
  });

  describe('every demo article', () => {
    const names = [
      'returns-and-refunds.md', 'shipping-and-delivery.md', 'account-and-password.md', 'stormbreak-jacket-care-2024.md',
      'stormbreak-jacket-care-2025.md', 'issuing-goodwill-refunds.md', 'sizing-guide.html', 'billing-and-payments.html',
      'warranty-policy.txt', 'Tent setup guide.pdf', 'Gift cards.docx',
    ];
    for (const name of names) {
      it(`ingests ${name} into bounded passages that carry their headings`, async () => {
        const passages = await passagesOf(name);
        expect(passages).to.not.be.empty;
        passages.forEach((p, k) => {
          expect(p.id).to.equal(`demo:${name}#${k}`);
          expect(words(p.text)).to.be.within(1, PASSAGE_WORDS.max);
          if (!name.endsWith('.txt')) expect(p.headings, `passage ${k} of ${name}`).to.not.be.empty;
        });
      });
    }
  });
});
