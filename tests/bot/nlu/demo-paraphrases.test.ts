import { expect } from 'chai';
import { createNlu, type IntentExamples, type Nlu } from '../../../bot/nlu/index.ts';
import { loadWordVectors, type WordVectors } from '../../../core/text/index.ts';
import { openDemo, silent as log } from '../../support/topic-runtime.ts';

/**
 * The demo bot's intent model as the app builds it (createNlu), on customer requests worded unlike the demo topics'
 * trigger phrases and on messages no topic covers. Written for this test; nothing was tuned on them.
 */
const PARAPHRASES: [string, string][] = [
  ['my parcel still has not come', 'order-status'], ['when does my shipment get here', 'order-status'],
  ['can you locate my purchase', 'order-status'], ['the courier never delivered my stuff', 'order-status'],
  ['I am waiting for my delivery for ages', 'order-status'], ['any news on my shipment?', 'order-status'],
  ['I would like my money back', 'returns-refunds'], ['these shoes are too small, can I swap them', 'returns-refunds'],
  ['how do I ship the jacket back to you', 'returns-refunds'], ['I got the wrong colour', 'returns-refunds'],
  ['reimburse me please', 'returns-refunds'], ['the item is defective and I want to send it back', 'returns-refunds'],
  ['you billed me two times', 'billing'], ['there is a strange payment on my statement', 'billing'],
  ['I need an invoice', 'billing'], ['change my credit card details', 'billing'],
  ['why did you take money from my account', 'billing'], ['do you accept apple pay', 'billing'],
  ['I can not sign in', 'password-reset'], ['my account is blocked', 'password-reset'],
  ['I lost my login credentials', 'password-reset'], ['the site says my password is wrong', 'password-reset'],
  ['how can I set a new password', 'password-reset'], ['cannot access my profile', 'password-reset'],
  ['let me chat with a real agent', 'escalate'], ['put me through to an operator', 'escalate'],
  ['I want a human not a bot', 'escalate'], ['can I call someone', 'escalate'],
];
const OFF_TOPIC = [
  'what is the capital of france', 'tell me a joke', 'what is the weather tomorrow', 'how tall is mount everest',
  'play some music', 'who won the football game', 'book me a flight to paris', 'what time is it in tokyo',
  'recommend a good movie', 'how do I bake bread', 'translate hello into spanish', 'what is 15 times 7',
  'blorp zzkx qwv', 'vrrm plonk zzt',
];

describe('the demo intent model (createNlu) on requests worded unlike the trigger phrases', function () {
  this.timeout(60_000);
  let examples: IntentExamples[];
  let vectors: WordVectors;
  const open: Nlu[] = [];

  before(async () => {
    const topics = await openDemo();
    examples = [...topics.library.intentExamples()];
    topics.close();
    vectors = await loadWordVectors();
  });

  after(() => open.forEach((nlu) => nlu.close()));

  async function build(wordVectors: WordVectors | undefined): Promise<Nlu> {
    const nlu = await createNlu({ examplesDir: undefined, catalogFile: undefined, oosThreshold: undefined, ambiguityMargin: undefined }, examples, {
      log,
      ...(wordVectors ? { wordVectors } : {}),
    });
    open.push(nlu);
    return nlu;
  }

  const answers = (nlu: Nlu) => PARAPHRASES.map(([text]) => nlu.intents.classify(text).top?.intent ?? null);
  const recognised = (nlu: Nlu) => PARAPHRASES.filter(([text, topic]) => nlu.intents.classify(text).top?.intent.endsWith(topic)).length;
  const wrong = (nlu: Nlu) => PARAPHRASES.filter(([text, topic]) => {
    const top = nlu.intents.classify(text).top;
    return top !== null && !top.intent.endsWith(topic);
  }).length;

  it('recognises more of them with the shipped word vectors than with n-grams alone, rarely answering a wrong topic', async () => {
    const withVectors = await build(vectors);
    const without = await build(undefined);
    expect(recognised(withVectors), 'with vectors').to.be.at.least(12);
    expect(recognised(withVectors)).to.be.greaterThan(recognised(without));
    expect(wrong(withVectors), 'wrong topics').to.be.at.most(2);
  });

  it('still turns away messages no topic covers, gibberish included', async () => {
    const nlu = await build(vectors);
    const accepted = OFF_TOPIC.filter((text) => nlu.intents.classify(text).top !== null);
    expect(accepted, 'accepted off-topic').to.have.length.at.most(2);
    expect(accepted).to.not.include.members(['blorp zzkx qwv', 'vrrm plonk zzt']);
  });

  it('keeps the vectors when topics change: a retrain in worker threads answers as the model trained at start', async () => {
    const nlu = await build(vectors);
    const before = answers(nlu);
    const previous = nlu.intents.model;
    await nlu.retrain(examples.map((e) => ({ intent: e.intent, phrases: [...e.phrases] })));
    expect(nlu.intents.model).to.not.equal(previous);
    expect(answers(nlu)).to.deep.equal(before);
  });
});
