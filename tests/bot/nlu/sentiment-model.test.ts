import { expect } from 'chai';
import {
  loadVaderLexicon,
  parseSeedCorpus,
  predictLabel,
  SHIPPED_MODEL_OPTIONS,
  trainSentimentModel,
  tuneOffsets,
  type SentimentExample,
} from '../../../bot/nlu/sentiment/index.ts';

const examples: SentimentExample[] = [
  ...['my order is late', 'the item arrived broken', 'nobody answers', 'still no refund', 'terrible service'].map(
    (text) => ({ text, label: 'negative' as const }),
  ),
  ...['where is the store', 'what time do you open', 'can I change my address', 'do you ship abroad'].map((text) => ({
    text,
    label: 'neutral' as const,
  })),
  ...['thanks a lot', 'great help', 'love it', 'perfect, thank you'].map((text) => ({ text, label: 'positive' as const })),
];

describe('Sentiment model', () => {
  const lexicon = loadVaderLexicon();

  it('learns the labels of the messages it was trained on', () => {
    const model = trainSentimentModel(examples, lexicon, SHIPPED_MODEL_OPTIONS);
    const correct = examples.filter((e) => predictLabel(model, e.text) === e.label).length;
    expect(correct / examples.length).to.be.at.least(0.9);
  });

  it('trains to the same model every time', () => {
    const a = trainSentimentModel(examples, lexicon, SHIPPED_MODEL_OPTIONS);
    const b = trainSentimentModel(examples, lexicon, SHIPPED_MODEL_OPTIONS);
    expect([...a.linear.weights]).to.deep.equal([...b.linear.weights]);
  });

  it('chooses decision offsets that keep negative recall above the floor on held-out data', () => {
    const model = trainSentimentModel(examples, lexicon, SHIPPED_MODEL_OPTIONS);
    const heldOut: SentimentExample[] = [
      { text: 'the parcel is late again', label: 'negative' },
      { text: 'the app crashed', label: 'negative' },
      { text: 'what is your address', label: 'neutral' },
      { text: 'thank you', label: 'positive' },
    ];
    const tuned = tuneOffsets(model, heldOut, { negativeRecallFloor: 1, range: 3, step: 0.25 });
    expect(heldOut.filter((e) => e.label === 'negative').every((e) => predictLabel(tuned, e.text) === 'negative')).to.equal(true);
  });

  it('names the line of a malformed seed corpus', () => {
    expect(() => parseSeedCorpus('# comment\nnegative\tbad\nangry\toops\n', 'seed.tsv')).to.throw(/seed\.tsv:3: expected/);
  });
});
