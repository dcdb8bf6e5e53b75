import { expect } from 'chai';
import { IntentModelHolder, trainIntentModel, workerTrainer, type IntentTrainer } from '../../../bot/nlu/intent/index.ts';
import type { IntentExamples } from '../../../bot/nlu/index.ts';

const before: IntentExamples[] = [
  { intent: 'refund', phrases: ['i want my money back', 'refund my order', 'how do i get a refund', 'return this for a refund', 'can i be refunded'] },
  { intent: 'shipping', phrases: ['where is my parcel', 'when will my order arrive', 'track my delivery', 'shipping status', 'has my package shipped'] },
];
const after: IntentExamples[] = [
  ...before,
  { intent: 'password', phrases: ['i forgot my password', 'reset my password', 'cannot log in', 'change my password', 'locked out of my account'] },
];

/** A trainer that waits for `release()` before training on this thread. */
function gatedTrainer(): { trainer: IntentTrainer; release: () => void } {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  return { trainer: async (examples) => (await gate, trainIntentModel(examples)), release };
}

describe('IntentModelHolder', () => {
  it('keeps answering with the current model while a new one trains in worker threads, then answers with the new intents', async () => {
    const holder = new IntentModelHolder(workerTrainer(), undefined, trainIntentModel(before).model);
    const retrain = holder.retrain(after);
    let answered = 0;
    let done = false;
    void retrain.then(() => (done = true));
    while (!done) {
      // The event loop stays free: these run while the workers train.
      expect(holder.classify('where is my parcel').top?.intent).to.equal('shipping');
      answered++;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const outcome = await retrain;
    expect(outcome.applied).to.equal(true);
    expect(answered).to.be.greaterThan(1);
    expect(holder.classify('i forgot my password').top?.intent).to.equal('password');
  });

  it('lets the latest of overlapping retrains win', async () => {
    const first = gatedTrainer();
    const second = gatedTrainer();
    const trainers = [first.trainer, second.trainer];
    const holder = new IntentModelHolder((examples, signal) => trainers.shift()!(examples, signal));
    const older = holder.retrain(after);
    const newer = holder.retrain(before);
    second.release();
    first.release();
    expect((await newer).applied).to.equal(true);
    expect((await older).applied).to.equal(false);
    expect(holder.model?.intents).to.deep.equal(['refund', 'shipping']);
  });

  it('keeps the old model and reports the error when training fails', async () => {
    const errors: Error[] = [];
    const failing: IntentTrainer = async () => {
      throw new Error('out of memory');
    };
    const holder = new IntentModelHolder(failing, (e) => errors.push(e), trainIntentModel(before).model);
    let caught: unknown;
    await holder.retrain(after).catch((e: unknown) => (caught = e));
    expect((caught as Error).message).to.equal('out of memory');
    expect(errors.map((e) => e.message)).to.deep.equal(['out of memory']);
    expect(holder.classify('refund my order').top?.intent).to.equal('refund');
  });

  it('returns the warnings of the new training set', async () => {
    const holder = new IntentModelHolder(workerTrainer());
    const { warnings } = await holder.retrain([...before, { intent: 'empty', phrases: [] }]);
    expect(warnings.map((w) => [w.code, w.intents])).to.deep.include(['no-phrases', ['empty']]);
  });

  it('answers nothing before any model is trained', () => {
    const holder = new IntentModelHolder(workerTrainer());
    expect(holder.classify('hello')).to.deep.include({ top: null, ranking: [] });
  });
});
