import { expect } from 'chai';
import type { Block, ParsedDocument } from '../../knowledge/model.ts';
import { PASSAGE_WORDS, resolveMeta, toPassages } from '../../knowledge/ingest/index.ts';

const doc = (...blocks: Block[]): ParsedDocument => ({ meta: {}, blocks });
const h = (level: number, text: string): Block => ({ kind: 'heading', level, text });
const t = (text: string): Block => ({ kind: 'text', text });
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** `count` distinct words, as sentences of ten words each. */
function prose(count: number, tag = 'w'): string {
  const list = Array.from({ length: count }, (_, i) => `${tag}${i}`);
  const sentences: string[] = [];
  for (let i = 0; i < list.length; i += 10) sentences.push(`${list.slice(i, i + 10).join(' ')}.`);
  return sentences.join(' ');
}

describe('Ingest: passages', () => {
  it('gives each passage the headings above it, outermost first', () => {
    const passages = toPassages('d', doc(h(1, 'Jacket care'), t(prose(50, 'a')), h(2, 'Washing'), h(3, 'By machine'), t(prose(60, 'b')), h(2, 'Drying'), t(prose(45, 'c'))));
    expect(passages.map((p) => p.headings)).to.deep.equal([['Jacket care'], ['Jacket care', 'Washing', 'By machine'], ['Jacket care', 'Drying']]);
    expect(passages.map((p) => p.id)).to.deep.equal(['d#0', 'd#1', 'd#2']);
  });

  it('makes a qa block one passage with its question', () => {
    const passages = toPassages('d', doc(h(1, 'Returns'), { kind: 'qa', question: 'How long does a refund take?', answer: 'Five working days.' }));
    expect(passages).to.deep.equal([
      { id: 'd#0', documentId: 'd', ordinal: 0, headings: ['Returns'], question: 'How long does a refund take?', text: 'Five working days.' },
    ]);
  });

  it('cuts long text at paragraph boundaries into passages of at most MAX words, without a scrap at the end', () => {
    const paragraphs = Array.from({ length: 12 }, (_, i) => t(prose(60, `p${i}x`)));
    const passages = toPassages('d', doc(h(1, 'Guide'), ...paragraphs));
    for (const p of passages) expect(words(p.text)).to.be.within(PASSAGE_WORDS.min, PASSAGE_WORDS.max);
    expect(passages.map((p) => p.text).join('\n\n')).to.equal(paragraphs.map((b) => (b as { text: string }).text).join('\n\n'));
  });

  it('cuts an over-long paragraph between sentences, and an over-long sentence between words, never inside one', () => {
    const sentence = Array.from({ length: 600 }, (_, i) => `word${i}`).join(' ');
    for (const text of [prose(700), sentence]) {
      const passages = toPassages('d', doc(t(text)));
      expect(passages.length).to.be.greaterThan(2);
      for (const p of passages) expect(words(p.text)).to.be.at.most(PASSAGE_WORDS.max);
      expect(passages.map((p) => p.text).join(' ').split(/\s+/)).to.deep.equal(text.split(/\s+/));
    }
    const bySentence = toPassages('d', doc(t(prose(700))));
    for (const p of bySentence) expect(p.text).to.match(/\.$/);
  });

  it('cuts an over-long answer too, each part under its question', () => {
    const passages = toPassages('d', doc({ kind: 'qa', question: 'Why?', answer: prose(600) }));
    expect(passages.length).to.be.greaterThan(1);
    for (const p of passages) {
      expect(p.question).to.equal('Why?');
      expect(words(p.text)).to.be.at.most(PASSAGE_WORDS.max);
    }
  });

  it('merges a tiny introduction into the subsection that follows it', () => {
    const passages = toPassages('d', doc(h(1, 'Care'), t('Read this first.'), h(2, 'Washing'), t(prose(60))));
    expect(passages).to.have.length(1);
    expect(passages[0]!.headings).to.deep.equal(['Care', 'Washing']);
    expect(passages[0]!.text).to.match(/^Read this first\.\n\nw0 /);
  });

  it('merges tiny sibling sections under their shared heading, each keeping its heading as a line', () => {
    const passages = toPassages('d', doc(h(1, 'Care'), h(2, 'Storing'), t('Hang it loosely.'), h(2, 'Warranty'), t('Three years.')));
    expect(passages).to.have.length(1);
    expect(passages[0]!.headings).to.deep.equal(['Care']);
    expect(passages[0]!.text).to.equal('Storing\nHang it loosely.\n\nWarranty\nThree years.');
  });

  it('does not merge across a different parent heading', () => {
    const passages = toPassages('d', doc(h(1, 'A'), h(2, 'A1'), t('Tiny.'), h(1, 'B'), t(prose(50))));
    expect(passages.map((p) => p.headings)).to.deep.equal([['A', 'A1'], ['B']]);
  });

  it('is deterministic', () => {
    const input = doc(h(1, 'X'), t(prose(900)), { kind: 'qa', question: 'Q?', answer: 'A.' }, h(2, 'Y'), t(prose(30)));
    expect(toPassages('d', input)).to.deep.equal(toPassages('d', input));
  });
});

describe('Ingest: resolveMeta', () => {
  it('defaults to guidance, external, no tags, and the fallback title', () => {
    expect(resolveMeta({}, undefined, 'Tent setup guide')).to.deep.equal({ title: 'Tent setup guide', type: 'guidance', audience: 'external', tags: [] });
  });

  it('keeps a detected FAQ type and the file’s own fields', () => {
    const meta = resolveMeta({ title: 'Returns', type: 'faq', product: 'Stormbreak Jacket', version: '2025', tags: ['a'] }, undefined, 'x');
    expect(meta).to.deep.equal({ title: 'Returns', type: 'faq', audience: 'external', tags: ['a'], product: 'Stormbreak Jacket', version: '2025' });
  });

  it('lets the source’s columns win over the file, merges tags, and keeps internal if either side says so', () => {
    const meta = resolveMeta({ title: 'Document1', audience: 'internal', tags: ['a', 'b'] }, { title: 'Goodwill refunds', audience: 'external', tags: ['b', 'c'] }, 'x');
    expect(meta).to.include({ title: 'Goodwill refunds', audience: 'internal' });
    expect(meta.tags).to.deep.equal(['a', 'b', 'c']);
  });

  it('drops a link customers should not click', () => {
    expect(resolveMeta({ url: 'javascript:alert(1)' }, undefined, 'x').url).to.equal(undefined);
    expect(resolveMeta({}, { url: 'https://contoso.sharepoint.com/a' }, 'x').url).to.equal('https://contoso.sharepoint.com/a');
  });
});
