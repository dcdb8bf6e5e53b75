import { expect } from 'chai';
import { z } from 'zod';
import { type AiFailureReason, AiUnavailableError, type AzureChatModelOptions, type ChatModel, createAzureChatModel } from '../../core/ai/index.ts';
import { type FakeAzureOpenAI, startFakeAzureOpenAI } from '../support/fake-azure-openai.ts';
import { quietPeriod } from '../support/wait.ts';

const Answer = z.object({ intent: z.string().nullable(), confidence: z.number() });

function modelFor(server: FakeAzureOpenAI, options: Partial<AzureChatModelOptions> = {}): ChatModel {
  return createAzureChatModel({
    endpoint: `${server.url}/`,
    apiKey: server.apiKey,
    apiVersion: '2024-10-21',
    chatDeployment: 'gpt-4o-chat',
    embeddingDeployment: 'embed-small',
    timeoutMs: 5_000,
    maxRetries: 2,
    breaker: { failures: 10, openMs: 30_000 },
    ...options,
  });
}

const ask = (model: ChatModel, timeoutMs?: number) =>
  model.complete({
    name: 'intent_choice',
    system: 'Classify.',
    messages: [{ role: 'user', content: 'my card was charged twice' }],
    schema: Answer,
    ...(timeoutMs ? { timeoutMs } : {}),
  });

async function failure(promise: Promise<unknown>, reason: AiFailureReason): Promise<AiUnavailableError> {
  const error = await promise.then(
    () => expect.fail(`expected AiUnavailableError(${reason})`),
    (e: unknown) => e,
  );
  expect(error).to.be.instanceOf(AiUnavailableError);
  expect((error as AiUnavailableError).reason, (error as Error).message).to.equal(reason);
  return error as AiUnavailableError;
}

describe('Azure OpenAI ChatModel', () => {
  let server: FakeAzureOpenAI;
  beforeEach(async () => {
    server = await startFakeAzureOpenAI();
  });
  afterEach(() => server.close());

  describe('on the wire', () => {
    it("posts to the chat deployment's URL with the api-version and api-key, asking for strict JSON", async () => {
      server.script({ json: { intent: 'billing', confidence: 0.9 } });
      expect(await ask(modelFor(server))).to.deep.equal({ intent: 'billing', confidence: 0.9 });
      const [request] = server.requests;
      expect(request!.path).to.equal('/openai/deployments/gpt-4o-chat/chat/completions');
      expect(request!.apiVersion).to.equal('2024-10-21');
      expect(request!.headers['api-key']).to.equal(server.apiKey);
      expect(request!.headers.authorization).to.equal(undefined);
      expect(request!.body.messages).to.deep.equal([
        { role: 'system', content: 'Classify.' },
        { role: 'user', content: 'my card was charged twice' },
      ]);
      const format = request!.body.response_format;
      expect(format.type).to.equal('json_schema');
      expect(format.json_schema).to.include({ name: 'intent_choice', strict: true });
      expect(format.json_schema.schema.required).to.deep.equal(['intent', 'confidence']);
    });

    it('authenticates keyless with a bearer token from the token provider and sends no api-key', async () => {
      await server.close();
      server = await startFakeAzureOpenAI({ bearerToken: 'entra-token' });
      server.script({ json: { intent: null, confidence: 0.1 } });
      const model = modelFor(server, { apiKey: undefined, tokenProvider: async () => 'entra-token' });
      expect(await ask(model)).to.deep.equal({ intent: null, confidence: 0.1 });
      expect(server.requests[0]!.headers.authorization).to.equal('Bearer entra-token');
      expect(server.requests[0]!.headers['api-key']).to.equal(undefined);
    });

    it('decodes base64 embeddings from the embedding deployment, in input order', async () => {
      server.script({ embeddings: [[0.25, -1.5, 3], [1, 2, 4]] });
      const vectors = await modelFor(server).embed(['first', 'second']);
      expect(vectors.map((v) => Array.from(v))).to.deep.equal([[0.25, -1.5, 3], [1, 2, 4]]);
      const [request] = server.requests;
      expect(request!.path).to.equal('/openai/deployments/embed-small/embeddings');
      expect(request!.body).to.deep.include({ input: ['first', 'second'], encoding_format: 'base64' });
    });

    it('splits large embedding jobs into batches', async () => {
      server.script({ embeddings: [[1], [2]] }, { embeddings: [[3]] });
      const vectors = await modelFor(server, { embeddingBatchSize: 2 }).embed(['a', 'b', 'c']);
      expect(vectors.map((v) => v[0])).to.deep.equal([1, 2, 3]);
      expect(server.requests.map((r) => r.body.input)).to.deep.equal([['a', 'b'], ['c']]);
    });
  });

  describe('retries', () => {
    it('waits out a 429 Retry-After, then succeeds', async () => {
      server.script({ status: 429, retryAfter: '0.2' }, { json: { intent: 'billing', confidence: 0.7 } });
      const started = Date.now();
      expect(await ask(modelFor(server))).to.deep.equal({ intent: 'billing', confidence: 0.7 });
      expect(Date.now() - started).to.be.at.least(190);
      expect(server.requests).to.have.length(2);
    });

    it("prefers Azure's retry-after-ms to the coarser Retry-After", async () => {
      server.script({ status: 429, retryAfter: '30', retryAfterMs: 150 }, { json: { intent: 'billing', confidence: 0.7 } });
      const started = Date.now();
      await ask(modelFor(server));
      expect(Date.now() - started).to.be.within(140, 2_000);
    });

    it('retries a 503 and a dropped connection', async () => {
      server.script({ status: 503, retryAfterMs: 10 }, { hangUp: true }, { json: { intent: 'billing', confidence: 0.7 } });
      expect(await ask(modelFor(server))).to.deep.equal({ intent: 'billing', confidence: 0.7 });
      expect(server.requests).to.have.length(3);
    });

    it('gives up after two retries: three requests at most, whatever the SDK would do', async () => {
      server.script(
        { status: 500 },
        { status: 500 },
        { status: 500 },
        { json: { intent: 'billing', confidence: 0.7 } },
      );
      const error = await failure(ask(modelFor(server, { maxRetries: 5 })), 'unavailable');
      expect(error.message).to.include('after 3 requests');
      expect(server.requests).to.have.length(3);
      expect(server.pending).to.equal(1);
    });

    it('reports 429s that outlast the retries as throttled', async () => {
      server.script({ status: 429, retryAfterMs: 5 }, { status: 429, retryAfterMs: 5 }, { status: 429, retryAfterMs: 5 });
      await failure(ask(modelFor(server)), 'throttled');
      expect(server.requests).to.have.length(3);
    });

    it('gives up at once when the Retry-After would pass the deadline', async () => {
      server.script({ status: 429, retryAfter: '20' }, { json: { intent: 'billing', confidence: 0.7 } });
      const started = Date.now();
      const error = await failure(ask(modelFor(server), 1_000), 'throttled');
      expect(Date.now() - started).to.be.below(900);
      expect(error.message).to.include('would pass the deadline');
      expect(server.requests).to.have.length(1);
    });

    it('does not retry a request the service rejects (400) or a bad key (401)', async () => {
      server.script({ status: 400, message: 'content management policy' });
      await failure(ask(modelFor(server)), 'rejected');
      await failure(ask(modelFor(server, { apiKey: 'wrong-key' })), 'rejected');
      expect(server.requests).to.have.length(2);
    });
  });

  describe('deadline', () => {
    it('rejects as timeout when the service is slower than the deadline, keeping the cause', async () => {
      server.script({ delayMs: 3_000, json: { intent: 'billing', confidence: 0.7 } });
      const started = Date.now();
      const error = await failure(ask(modelFor(server), 250), 'timeout');
      expect(Date.now() - started).to.be.within(240, 1_000);
      expect(error.cause).to.be.instanceOf(Error);
    });

    it('counts retries and waits against the same deadline', async () => {
      server.script({ status: 503, retryAfterMs: 100 }, { delayMs: 3_000, json: { intent: 'x', confidence: 1 } });
      const started = Date.now();
      await failure(ask(modelFor(server), 400), 'timeout');
      expect(Date.now() - started).to.be.within(390, 1_000);
      expect(server.requests).to.have.length(2);
    });

    it('gives an embedding job in batches one deadline, not one per batch', async () => {
      server.script({ delayMs: 250, embeddings: [[1]] }, { delayMs: 250, embeddings: [[2]] });
      const started = Date.now();
      await failure(modelFor(server, { embeddingBatchSize: 1 }).embed(['a', 'b'], { timeoutMs: 400 }), 'timeout');
      expect(Date.now() - started).to.be.within(390, 1_000);
    });
  });

  describe('circuit breaker', () => {
    it('opens after consecutive failures, sends nothing while open, and lets one trial through later', async () => {
      const model = modelFor(server, { maxRetries: 0, breaker: { failures: 3, openMs: 300 } });
      server.script({ status: 500 }, { status: 500 }, { status: 500 });
      for (let i = 0; i < 3; i++) await failure(ask(model), 'unavailable');

      const started = Date.now();
      await failure(ask(model), 'circuit-open');
      await failure(model.complete({ name: 'other', system: 's', messages: [], schema: Answer }), 'circuit-open');
      expect(Date.now() - started).to.be.below(150);
      expect(server.requests).to.have.length(3);

      await quietPeriod(320);
      server.script({ json: { intent: 'billing', confidence: 0.9 } }, { json: { intent: 'billing', confidence: 0.8 } });
      expect(await ask(model)).to.deep.equal({ intent: 'billing', confidence: 0.9 });
      expect(await ask(model)).to.deep.equal({ intent: 'billing', confidence: 0.8 });
      expect(server.requests).to.have.length(5);
    });

    it('opens again at once when the trial fails', async () => {
      const model = modelFor(server, { maxRetries: 0, breaker: { failures: 2, openMs: 200 } });
      server.script({ status: 503 }, { status: 503 }, { status: 503 });
      await failure(ask(model), 'unavailable');
      await failure(ask(model), 'unavailable');
      await quietPeriod(220);
      await failure(ask(model), 'unavailable');
      await failure(ask(model), 'circuit-open');
      expect(server.requests).to.have.length(3);
    });

    it('keeps calling a service that answers, even when the answers are unusable', async () => {
      const model = modelFor(server, { maxRetries: 0, breaker: { failures: 2, openMs: 30_000 } });
      server.script({ content: '{"intent": "billing", "confid' }, { refusal: 'I cannot help with that.' }, { finishReason: 'length' });
      await failure(ask(model), 'invalid-output');
      await failure(ask(model), 'rejected');
      await failure(ask(model), 'invalid-output');
      expect(server.requests).to.have.length(3);
    });

    it('keeps chat and embeddings on separate circuits', async () => {
      const model = modelFor(server, { maxRetries: 0, breaker: { failures: 1, openMs: 30_000 } });
      server.script({ status: 500 }, { embeddings: [[1, 2]] });
      await failure(ask(model), 'unavailable');
      await failure(ask(model), 'circuit-open');
      expect(await model.embed(['still works'])).to.have.length(1);
    });
  });

  it('rejects a call to a deployment that is not configured, without a request', async () => {
    const model = modelFor(server, { embeddingDeployment: undefined });
    await failure(model.embed(['text']), 'rejected');
    expect(server.requests).to.have.length(0);
  });
});
