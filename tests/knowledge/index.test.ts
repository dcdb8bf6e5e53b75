import { expect } from 'chai';
import { loadWordVectors, type WordVectors } from '../../core/text/index.ts';
import { DEFAULT_ANSWER_THRESHOLD, KnowledgeIndex, parseSynonyms, type IndexEntry } from '../../knowledge/index/index.ts';

function entry(documentId: string, fields: Partial<IndexEntry> = {}): IndexEntry {
  return { passageId: `${documentId}#0`, documentId, title: '', headings: [], text: '', audience: 'external', ...fields };
}

function indexOf(entries: readonly IndexEntry[], options: ConstructorParameters<typeof KnowledgeIndex>[0] = {}): KnowledgeIndex {
  const index = new KnowledgeIndex(options);
  for (const e of entries) index.upsert(e.documentId, [e]);
  return index;
}

const ids = (index: KnowledgeIndex, query: string, filter?: Parameters<KnowledgeIndex['search']>[1]) =>
  index.search(query, filter).map((h) => h.documentId);

const HELP_CENTRE = [
  entry('cancel', { title: 'Cancelling your subscription', text: 'Open the billing page and choose cancel plan. Your plan ends at the close of the period.' }),
  entry('address', { title: 'Updating your delivery address', text: 'Change where parcels are shipped from the account page before the order leaves the warehouse.' }),
  entry('password', { title: 'Resetting a forgotten password', text: 'Use the link on the login page; we e-mail you a reset link valid for one hour.' }),
  entry('refund', { title: 'Refund policy', text: 'Returned items are refunded to the original card within five working days.' }),
];

describe('KnowledgeIndex', () => {
  let vectors: WordVectors;
  before(async () => {
    vectors = await loadWordVectors();
  });

  it('ranks a passage whose title matches above one that mentions the word only in its body', () => {
    const index = indexOf([
      entry('body', { title: 'Getting started', text: 'Your first invoice arrives after the trial, along with a welcome e-mail and setup tips.' }),
      entry('title', { title: 'Invoice', text: 'Where to find past statements and how to download them.' }),
    ]);
    expect(ids(index, 'invoice')).to.deep.equal(['title', 'body']);
  });

  it('matches inflected forms through stemming', () => {
    const index = indexOf(HELP_CENTRE);
    expect(ids(index, 'cancelled subscriptions')[0]).to.equal('cancel');
  });

  it('matches a synonym phrase to an article that uses another phrase of its group', () => {
    const synonyms = parseSynonyms('# refunds\nrefund, money back, reimbursement\n');
    const withSynonyms = indexOf(HELP_CENTRE, { synonyms });
    expect(ids(withSynonyms, 'how do I get my money back')[0]).to.equal('refund');
    expect(ids(indexOf(HELP_CENTRE), 'how do I get my money back')).to.not.include('refund');
  });

  it('tolerates a typo in a query word', () => {
    const index = indexOf(HELP_CENTRE);
    expect(ids(index, 'pasword resett')[0]).to.equal('password');
  });

  it('finds an article written in different words through word vectors', () => {
    const index = indexOf(HELP_CENTRE, { wordVectors: vectors });
    expect(ids(index, 'terminate my membership')[0]).to.equal('cancel');
    expect(indexOf(HELP_CENTRE).search('terminate my membership')).to.deep.equal([]);
  });

  describe('filters', () => {
    const index = indexOf([
      entry('public', { title: 'Export your data' }),
      entry('staff', { title: 'Export your data (escalation notes)', audience: 'internal' }),
      entry('mobile', { title: 'Export your data on the phone', product: 'mobile' }),
      entry('v1', { title: 'Export your data in version one', version: '1' }),
    ]);

    it('shows customers external passages only, and reps everything', () => {
      expect(ids(index, 'export data', { filter: { audience: 'external' } })).to.not.include('staff');
      expect(ids(index, 'export data', { filter: { audience: 'internal' } })).to.include('staff');
    });

    it('keeps passages of the asked product or version, and those for none in particular', () => {
      expect(ids(index, 'export data', { filter: { product: 'web' } })).to.have.members(['public', 'staff', 'v1']);
      expect(ids(index, 'export data', { filter: { product: 'mobile' } })).to.include('mobile');
      expect(ids(index, 'export data', { filter: { version: '2' } })).to.have.members(['public', 'staff', 'mobile']);
      expect(ids(index, 'export data', { filter: { version: '1' } })).to.include('v1');
    });
  });

  it('replaces a document on upsert and forgets it on remove', () => {
    const index = indexOf(HELP_CENTRE);
    index.upsert('refund', [entry('refund', { title: 'Store credit', text: 'We issue vouchers.' }), { ...entry('refund'), passageId: 'refund#1', title: 'Vouchers expire' }]);
    expect(index.size).to.equal(5);
    expect(ids(index, 'refunded card')).to.not.include('refund');
    expect(ids(index, 'vouchers')).to.deep.equal(['refund', 'refund']);
    index.remove('refund');
    expect(index.size).to.equal(3);
    expect(index.search('vouchers')).to.deep.equal([]);
  });

  it('refuses an entry that belongs to another document', () => {
    expect(() => new KnowledgeIndex().upsert('a', [entry('b')])).to.throw(/belongs to b/);
  });

  it('is more confident of a clear match than of an off-topic question', () => {
    const index = indexOf(HELP_CENTRE, { wordVectors: vectors });
    const clear = index.search('how do I reset my forgotten password')[0]!;
    const offTopic = index.search('what is the capital of mongolia')[0];
    expect(clear.documentId).to.equal('password');
    expect(clear.confidence).to.be.within(DEFAULT_ANSWER_THRESHOLD, 1);
    expect(offTopic?.confidence ?? 0).to.be.below(DEFAULT_ANSWER_THRESHOLD);
  });

  it('answers empty, emoji-only and 10,000-character questions without throwing', () => {
    const index = indexOf(HELP_CENTRE, { wordVectors: vectors });
    for (const query of ['', '   ', '🙂🙂🙂', '???', `${'password '.repeat(1100)}`, 'x'.repeat(10_000)]) {
      const hits = index.search(query);
      expect(hits).to.be.an('array');
      for (const hit of hits) expect(hit.confidence).to.be.within(0, 1);
    }
    expect(new KnowledgeIndex().search('anything')).to.deep.equal([]);
  });
});

describe('parseSynonyms', () => {
  it('reads one group per line, ignoring comments and blank lines', () => {
    expect(parseSynonyms('# billing\n\nRefund, money back\ncancel,terminate , close account # churn\n').groups).to.deep.equal([
      ['refund', 'money back'],
      ['cancel', 'terminate', 'close account'],
    ]);
  });

  it('names the line of a group with one phrase or a phrase in two groups', () => {
    expect(() => parseSynonyms('refund, money back\nrefund')).to.throw(/line 2/);
    expect(() => parseSynonyms('refund, money back\nrefund, credit')).to.throw(/line 2.*line 1/);
  });
});
