import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { chooseThreshold, IntentModel, rates, trainIntentModel, type ScoredExample } from '../../../bot/nlu/intent/index.ts';
import type { IntentExamples } from '../../../bot/nlu/index.ts';
import { loadWordVectors } from '../../../core/text/index.ts';

const fixture = JSON.parse(readFileSync(new URL('./intent-fixtures/clinc-subset.json', import.meta.url), 'utf8')) as {
  train: Record<string, string[]>;
  test: [string, string][];
  oos_test: string[];
};
const clinc: IntentExamples[] = Object.entries(fixture.train).map(([intent, phrases]) => ({ intent, phrases }));

const store: IntentExamples[] = [
  { intent: 'refund', phrases: ['i want my money back', 'refund my order', 'how do i get a refund', 'return this for a refund', 'can i be refunded'] },
  { intent: 'shipping', phrases: ['where is my parcel', 'when will my order arrive', 'track my delivery', 'shipping status', 'has my package shipped'] },
  { intent: 'password', phrases: ['i forgot my password', 'reset my password', 'cannot log in', 'change my password', 'locked out of my account'] },
];

describe('IntentModel', () => {
  const { model } = trainIntentModel(clinc);

  it('ranks the intent whose phrases match first, best first, with confidences summing to at most 1', () => {
    const result = trainIntentModel(store).model.classify('how can i get my money back for this order');
    expect(result.top?.intent).to.equal('refund');
    expect(result.ranking[0]?.intent).to.equal('refund');
    const confidences = result.ranking.map((r) => r.confidence);
    expect(confidences).to.deep.equal([...confidences].sort((a, b) => b - a));
    expect(confidences.reduce((s, c) => s + c, 0)).to.be.at.most(1);
    expect(result.source).to.equal('embedded');
  });

  it('answers none of the topics (top null) for an utterance below the threshold, still ranking them', () => {
    const strict = trainIntentModel(store, { settings: { threshold: 0 } }).model;
    const result = strict.classify('what is the capital of mongolia');
    expect(result.top).to.equal(null);
    expect(result.ambiguous).to.equal(false);
    expect(result.ranking.length).to.be.greaterThan(0);
  });

  it('flags the top two as ambiguous when they are too close to choose', () => {
    const twins: IntentExamples[] = [
      { intent: 'cancel_order', phrases: ['cancel my order', 'stop my order', 'i want to cancel'] },
      { intent: 'cancel_subscription', phrases: ['cancel my subscription', 'stop my subscription', 'i want to cancel'] },
    ];
    const result = trainIntentModel(twins, { settings: { threshold: -Infinity } }).model.classify('i want to cancel');
    expect(result.ambiguous).to.equal(true);
    expect(result.ranking.map((r) => r.intent)).to.have.members(['cancel_order', 'cancel_subscription']);
  });

  it('recognises held-out CLINC150 utterances (accuracy floor on a fixed subset)', () => {
    const right = fixture.test.filter(([text, intent]) => model.classify(text).ranking[0]?.intent === intent).length;
    expect(right / fixture.test.length).to.be.at.least(0.85);
  });

  it('limits the ranking to the requested length', () => {
    expect(model.classify('what is my balance', { limit: 2 }).ranking).to.have.length(2);
  });

  it('gives a result and never throws on bad input', () => {
    const inputs = ['', '   ', 'a'.repeat(10_000), 'word '.repeat(2_000), '😀🙈🎉', 'привет hello 你好 مرحبا', 'bal\u0000an\u0007ce\u202e\u200b', '\uD800', '\n\t\r'];
    for (const text of inputs) {
      const result = model.classify(text);
      expect(result.ranking, JSON.stringify(text.slice(0, 20))).to.be.an('array');
      expect(result.ambiguous).to.be.a('boolean');
    }
    expect(model.classify('').ranking).to.deep.equal([]);
    expect(model.classify('😀🙈🎉').top).to.equal(null);
  });

  it('serialises to plain data and back with identical predictions', () => {
    const copy = IntentModel.fromJSON(structuredClone(model.toJSON()));
    for (const [text] of fixture.test.slice(0, 30)) expect(copy.classify(text)).to.deep.equal(model.classify(text));
  });

  it('round-trips a model trained with the shipped word vectors when given the same vectors', async () => {
    const wordVectors = await loadWordVectors();
    const withVectors = trainIntentModel(store, { wordVectors }).model;
    const copy = IntentModel.fromJSON(structuredClone(withVectors.toJSON()), { wordVectors });
    for (const text of ['reimburse me please', 'where is my stuff', 'login problems']) expect(copy.classify(text)).to.deep.equal(withVectors.classify(text));
  });

  it('refuses saved models of another format version', () => {
    expect(() => IntentModel.fromJSON({ ...model.toJSON(), version: 1 } as never)).to.throw(/unsupported version 1/);
  });

  it('trains deterministically', () => {
    const again = trainIntentModel(clinc).model;
    expect(again.toJSON().bands[0]!.weights).to.deep.equal(model.toJSON().bands[0]!.weights);
  });

  it('never answers with the reject intent, whose phrases pull similar utterances out of scope', () => {
    const withReject = [...store, { intent: 'none', phrases: ['tell me a joke', 'what is the weather', 'who won the game', 'sing a song', 'what time is it'] }];
    const trained = trainIntentModel(withReject, { rejectIntent: 'none' }).model;
    expect(trained.intents).to.not.include('none');
    expect(trained.classify('tell me a funny joke').top).to.equal(null);
    expect(trained.classify('reset my password please').top?.intent).to.equal('password');
  });

  it('takes the best intent only when it leads the reject class by the threshold', () => {
    const withReject = [...store, { intent: 'none', phrases: ['tell me a joke', 'what is the weather', 'who won the game', 'sing a song', 'what time is it'] }];
    const trained = trainIntentModel(withReject, { rejectIntent: 'none' }).model;
    const text = 'reset my password please';
    const scores = trained.scores(text);
    const intents = trained.toJSON().intents;
    const lead = scores[intents.indexOf('password')]! - scores[intents.indexOf('none')]!;
    expect(trained.withSettings({ threshold: lead - 0.01 }).classify(text).top?.intent).to.equal('password');
    expect(trained.withSettings({ threshold: lead + 0.01 }).classify(text).top).to.equal(null);
  });
});

describe('intent calibration', () => {
  const inScope: ScoredExample[] = [
    { best: 1.2, reject: -1, correct: true },
    { best: 0.4, reject: 0.1, correct: true },
    { best: 0.9, reject: -0.5, correct: false },
  ];
  const outOfScope: ScoredExample[] = [
    { best: 0.5, reject: 0.4, correct: false },
    { best: -0.2, reject: -1, correct: false },
  ];

  it('accepts on the lead over the reject class (on the margin itself without a reject class)', () => {
    expect(rates(inScope, outOfScope, 0.5)).to.deep.include({ inScopeAccuracy: 1 / 3, outOfScopeRecall: 1 / 2 });
    expect(rates([{ best: 0.4, reject: -Infinity, correct: true }], [], 0.3).inScopeAccuracy).to.equal(1);
  });

  it('chooses the threshold with the best in-scope accuracy that keeps enough out-of-scope utterances out', () => {
    const choice = chooseThreshold(inScope, outOfScope, 1);
    expect(choice.outOfScopeRecall).to.equal(1);
    expect(choice.inScopeAccuracy).to.equal(1 / 3);
    expect(choice.threshold).to.be.closeTo(0.8, 1e-6);
  });
});

describe('trainIntentModel warnings', () => {
  it('names intents with no phrases (skipped) and phrases shared by two intents', () => {
    const { model, warnings } = trainIntentModel([
      ...store,
      { intent: 'empty_topic', phrases: [] },
      { intent: 'blank_topic', phrases: ['   ', '\u0000'] },
      { intent: 'returns', phrases: ['Refund my order!', 'send it back', 'return an item', 'return policy', 'how to return'] },
    ]);
    const noPhrases = warnings.find((w) => w.code === 'no-phrases');
    expect(noPhrases?.intents).to.deep.equal(['blank_topic', 'empty_topic']);
    const duplicate = warnings.find((w) => w.code === 'duplicate-phrase');
    expect(duplicate?.intents).to.deep.equal(['refund', 'returns']);
    expect(duplicate?.message).to.include('refund my order');
    expect(model.intents).to.not.include('empty_topic');
  });

  it('names intents with too few phrases', () => {
    const { warnings } = trainIntentModel([...store, { intent: 'greeting', phrases: ['hello'] }]);
    expect(warnings.find((w) => w.code === 'too-few-phrases')?.intents).to.deep.equal(['greeting']);
  });

  it('trains on nothing without throwing, answering nothing', () => {
    const { model } = trainIntentModel([]);
    expect(model.classify('hello')).to.deep.include({ top: null, ambiguous: false });
  });
});
