import { expect } from 'chai';
import { compose, type Step } from '../../../bot/pipeline/compose.ts';

describe('compose (the turn pipeline)', () => {
  it('runs steps in order, each around the rest', async () => {
    const log: string[] = [];
    const step = (name: string): Step<string[]> => async (_turn, next) => {
      log.push(`${name}:before`);
      await next();
      log.push(`${name}:after`);
    };
    await compose([step('a'), step('b')])(log);
    expect(log).to.deep.equal(['a:before', 'b:before', 'b:after', 'a:after']);
  });

  it('stops when a step does not call next', async () => {
    const seen: string[] = [];
    await compose<string[]>([async (t) => void t.push('gate'), async (t) => void t.push('never')])(seen);
    expect(seen).to.deep.equal(['gate']);
  });

  it('refuses a step that calls next twice', async () => {
    const twice: Step<null> = async (_t, next) => {
      await next();
      await next();
    };
    let error: unknown;
    await compose([twice]).call(null, null).catch((e: unknown) => (error = e));
    expect(String(error)).to.include('next() twice');
  });
});
