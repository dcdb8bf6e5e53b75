import { expect } from 'chai';
import { loadWordVectors } from '../../core/text/index.ts';
import { KnowledgeIndex, type IndexEntry } from '../../knowledge/index/index.ts';

const FAQ: Record<string, [question: string, answer: string]> = {
  cancel: ['How do I cancel my subscription?', 'Go to Billing, choose your plan and select Cancel plan. You keep access until the period ends.'],
  refund: ['Can I get a refund?', 'Purchases can be refunded within 30 days; the money returns to the original payment method.'],
  password: ['How do I reset my password?', 'Click "Forgot password" on the sign-in page and follow the e-mailed link.'],
  address: ['How do I change my delivery address?', 'Edit the address under Account › Addresses before the parcel is dispatched.'],
  track: ['Where is my order?', 'Open Orders to see the courier and the tracking number of each parcel.'],
  invoice: ['How do I download an invoice?', 'Invoices are under Billing › History as PDF files.'],
  delete: ['How do I delete my account?', 'Account › Privacy › Delete account removes your data within 30 days.'],
  human: ['How do I talk to a person?', 'Type "agent" in the chat or call our support line on weekdays.'],
};

/**
 * Customers' own words: paraphrases that share few words with the FAQ question. A regression floor, not a target:
 * eight FAQs are too few for idf to tell "my" from "money".
 */
const QUERIES: [string, string][] = [
  ['stop my plan', 'cancel'],
  ['i want to end my membership', 'cancel'],
  ['i want my money back', 'refund'],
  ['refnd for a purchase', 'refund'],
  ['forgot my login, cannot sign in', 'password'],
  ['new passwrod please', 'password'],
  ['I moved house, update where you ship to', 'address'],
  ['wrong shipping address on my order', 'address'],
  ['where is my parcel', 'track'],
  ['tracking number for my package', 'track'],
  ['get a pdf receipt for my payment', 'invoice'],
  ['billing history download', 'invoice'],
  ['remove my profile and all my data', 'delete'],
  ['close my account permanently', 'delete'],
  ['can I speak to a real agent', 'human'],
  ['connect me with customer service', 'human'],
];

describe('KnowledgeIndex accuracy', () => {
  it('puts the right FAQ first for at least 11 of 16 paraphrased customer questions', async () => {
    const index = new KnowledgeIndex({ wordVectors: await loadWordVectors() });
    for (const [id, [question, text]] of Object.entries(FAQ)) {
      const entry: IndexEntry = { passageId: `${id}#0`, documentId: id, title: 'Help centre', question, headings: [], text, audience: 'external' };
      index.upsert(id, [entry]);
    }
    const wrong = QUERIES.filter(([q, id]) => index.search(q, { limit: 1 })[0]?.documentId !== id);
    expect(wrong, JSON.stringify(wrong)).to.have.length.at.most(5);
  });
});

describe('KnowledgeIndex at a few thousand passages', () => {
  it('still finds by meaning and forgets removed documents once vectors are partitioned', async () => {
    const vectors = await loadWordVectors();
    const index = new KnowledgeIndex({ wordVectors: vectors });
    // Filler passages of varied everyday words (ranks 500–20,500 of the vocabulary), deterministic.
    const words = vectors.words.slice(500, 20_500);
    // Past 4,096 passages the vector store switches from scanning everything to an inverted file (vector-store.ts).
    for (let i = 0; i < 5_000; i++) {
      const text = Array.from({ length: 12 }, (_, k) => words[(i * 7919 + k * 104_729) % words.length]).join(' ');
      index.upsert(`filler-${i}`, [{ passageId: `filler-${i}#0`, documentId: `filler-${i}`, title: `Note ${i}`, headings: [], text, audience: 'external' }]);
    }
    const cancel: IndexEntry = { passageId: 'cancel#0', documentId: 'cancel', title: 'Cancelling your subscription', headings: [], text: FAQ.cancel![1], audience: 'external' };
    index.upsert('cancel', [cancel]);
    expect(index.search('terminate my membership', { limit: 3 }).map((h) => h.documentId)).to.include('cancel');
    index.remove('cancel');
    expect(index.search('cancel subscription').map((h) => h.documentId)).to.not.include('cancel');
    expect(index.size).to.equal(5_000);
  });
});
