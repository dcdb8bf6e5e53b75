import { expect } from 'chai';
import { z } from 'zod';
import { AiUnavailableError, CircuitBreaker, FakeChatModel, retryAfterMs } from '../../core/ai/index.ts';

const headers = (values: Record<string, string>) => new Headers(values);

describe('retryAfterMs', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');

  it("reads Azure's retry-after-ms first, then Retry-After in seconds or as an HTTP date", () => {
    expect(retryAfterMs(headers({ 'retry-after-ms': '1500', 'retry-after': '9' }), now)).to.equal(1500);
    expect(retryAfterMs(headers({ 'retry-after': '2' }), now)).to.equal(2000);
    expect(retryAfterMs(headers({ 'retry-after': '0.2' }), now)).to.equal(200);
    expect(retryAfterMs(headers({ 'retry-after': 'Sun, 01 Mar 2026 12:00:41 GMT' }), now)).to.equal(41_000);
  });

  it('leaves the backoff to the caller when the header is absent, unreadable or in the past', () => {
    expect(retryAfterMs(undefined, now)).to.equal(undefined);
    expect(retryAfterMs(headers({}), now)).to.equal(undefined);
    expect(retryAfterMs(headers({ 'retry-after': 'soon', 'retry-after-ms': '-5' }), now)).to.equal(undefined);
    expect(retryAfterMs(headers({ 'retry-after': 'Sun, 01 Mar 2026 11:00:00 GMT' }), now)).to.equal(0);
  });
});

describe('CircuitBreaker', () => {
  let clock: number;
  let changes: string[];
  let breaker: CircuitBreaker;
  beforeEach(() => {
    clock = 0;
    changes = [];
    breaker = new CircuitBreaker({ failures: 3, openMs: 10_000, now: () => clock, onChange: (s) => changes.push(s) });
  });

  const fail = (times: number) => {
    for (let i = 0; i < times; i++) {
      expect(breaker.tryAcquire()).to.equal(true);
      breaker.failure();
    }
  };

  it('stays closed until the failures in a row reach the threshold; a success resets the run', () => {
    fail(2);
    breaker.success();
    fail(2);
    expect(breaker.state).to.equal('closed');
    fail(1);
    expect(breaker.state).to.equal('open');
    expect(breaker.tryAcquire()).to.equal(false);
    expect(breaker.retryInMs).to.equal(10_000);
    expect(changes).to.deep.equal(['open']);
  });

  it('lets exactly one trial through once the open period has passed, and closes on its success', () => {
    fail(3);
    clock = 10_000;
    expect(breaker.state).to.equal('half-open');
    expect(breaker.tryAcquire()).to.equal(true);
    expect(breaker.tryAcquire(), 'a second request while the trial is out').to.equal(false);
    breaker.success();
    expect(breaker.state).to.equal('closed');
    expect(changes).to.deep.equal(['open', 'closed']);
  });

  it('opens for another full period when the trial fails', () => {
    fail(3);
    clock = 12_000;
    fail(1);
    expect(breaker.state).to.equal('open');
    clock = 21_999;
    expect(breaker.tryAcquire()).to.equal(false);
    clock = 22_000;
    expect(breaker.tryAcquire()).to.equal(true);
  });
});

describe('Structured output schemas', () => {
  const model = new FakeChatModel();
  const complete = (schema: z.ZodObject, name = 'check') => model.complete({ name, system: 's', messages: [], schema });
  const refused = async (schema: z.ZodObject, words: string[]) => {
    const error = await complete(schema).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(Error).and.not.instanceOf(AiUnavailableError);
    for (const word of words) expect((error as Error).message).to.include(word);
  };

  it('refuses keywords Azure rejects, wherever they are nested, naming them', async () => {
    await refused(z.object({ count: z.number().int() }), ['/count: minimum']);
    await refused(z.object({ who: z.object({ email: z.email() }) }), ['/who/email: format', 'pattern']);
    await refused(z.object({ tags: z.array(z.string().max(20)).min(1) }), ['/tags: minItems', '/tags/items: maxLength']);
  });

  it('refuses optional fields and names that the service would reject', async () => {
    await refused(z.object({ maybe: z.string().optional() }), ['.nullable()']);
    const error = await complete(z.object({ a: z.string() }), 'has spaces').catch((e: unknown) => e);
    expect((error as Error).message).to.include('schema name');
  });

  it('accepts shape-only schemas: nullable, enums, arrays, nested objects, and a property called "pattern"', async () => {
    const Shape = z.object({
      pattern: z.string(),
      kind: z.enum(['a', 'b']).nullable(),
      items: z.array(z.object({ id: z.string(), score: z.number() })),
    });
    model.script({ output: { pattern: 'x', kind: null, items: [{ id: '1', score: 2 }] } });
    expect(await complete(Shape)).to.deep.equal({ pattern: 'x', kind: null, items: [{ id: '1', score: 2 }] });
  });
});

describe('FakeChatModel', () => {
  it('replays scripted failures and delays as the real model would report them', async () => {
    const model = new FakeChatModel().script({ fail: 'throttled' }, { output: { a: 'x' }, delayMs: 500 });
    const ask = () => model.complete({ name: 'n', system: 's', messages: [], schema: z.object({ a: z.string() }), timeoutMs: 100 });
    expect(await ask().catch((e: AiUnavailableError) => e.reason)).to.equal('throttled');
    expect(await ask().catch((e: AiUnavailableError) => e.reason)).to.equal('timeout');
    expect(await ask().catch((e: AiUnavailableError) => e.reason), 'nothing scripted').to.equal('unavailable');
  });

  it('embeds texts that share words closer together than unrelated ones', async () => {
    const [a, b, c] = await new FakeChatModel().embed(['reset my password', 'please reset my password', 'parcel tracking']);
    const cosine = (x: Float32Array, y: Float32Array) => x.reduce((sum, v, i) => sum + v * y[i]!, 0);
    expect(cosine(a!, b!)).to.be.greaterThan(cosine(a!, c!));
  });
});
