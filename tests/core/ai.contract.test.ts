/**
 * The ChatModel contract, run against every implementation: what a caller (intent second opinion, knowledge
 * answers, case extraction) may rely on whichever model it is given.
 */
import { expect } from 'chai';
import { z } from 'zod';
import { AiUnavailableError, type ChatModel, createAzureChatModel, FakeChatModel } from '../../core/ai/index.ts';
import { startFakeAzureOpenAI } from '../support/fake-azure-openai.ts';

interface Harness {
  readonly model: ChatModel;
  /** Makes the next completion reply with this JSON. */
  willReply(output: unknown): void;
  /** Prepares the next embed call for these texts (a real service computes them; the fake server is told). */
  willEmbed(texts: readonly string[]): void;
  /** Requests that reached the implementation's backend so far. */
  sent(): number;
  close(): Promise<void>;
}

const implementations: Record<string, () => Promise<Harness>> = {
  FakeChatModel: async () => {
    const fake = new FakeChatModel();
    return {
      model: fake,
      willReply: (output) => fake.script({ output }),
      willEmbed: () => undefined,
      sent: () => fake.requests.length + fake.embedded.length,
      close: async () => undefined,
    };
  },
  'Azure OpenAI (local fake of its REST API)': async () => {
    const server = await startFakeAzureOpenAI();
    const model = createAzureChatModel({
      endpoint: server.url,
      apiKey: server.apiKey,
      apiVersion: '2024-10-21',
      chatDeployment: 'gpt-4o',
      embeddingDeployment: 'text-embedding-3-small',
      timeoutMs: 5_000,
      maxRetries: 0,
      breaker: { failures: 100, openMs: 1_000 },
    });
    return {
      model,
      willReply: (json) => server.script({ json }),
      willEmbed: (texts) => server.script({ embeddings: texts.map((_, i) => [i + 1, 0.5, -0.25]) }),
      sent: () => server.requests.length,
      close: () => server.close(),
    };
  },
};

const Verdict = z.object({ label: z.enum(['yes', 'no']), score: z.number(), note: z.string().nullable() });

for (const [name, start] of Object.entries(implementations)) {
  describe(`ChatModel contract: ${name}`, () => {
    let h: Harness;
    beforeEach(async () => {
      h = await start();
    });
    afterEach(() => h.close());

    it('returns the reply parsed and validated against the schema', async () => {
      h.willReply({ label: 'yes', score: 0.8, note: null });
      const verdict = await h.model.complete({
        name: 'verdict',
        system: 'Judge.',
        messages: [{ role: 'user', content: 'Is it?' }],
        schema: Verdict,
      });
      expect(verdict).to.deep.equal({ label: 'yes', score: 0.8, note: null });
    });

    it('rejects a reply that does not match the schema as invalid-output, naming the field', async () => {
      h.willReply({ label: 'maybe', score: 0.8, note: null });
      const error = await h.model
        .complete({ name: 'verdict', system: 'Judge.', messages: [{ role: 'user', content: 'Is it?' }], schema: Verdict })
        .catch((e: unknown) => e);
      expect(error).to.be.instanceOf(AiUnavailableError).with.property('reason', 'invalid-output');
      expect((error as Error).message).to.include('verdict.label');
    });

    it('refuses a schema with range keywords before anything is sent, as a bug rather than an outage', async () => {
      const Ranged = z.object({ score: z.number().min(0).max(1) });
      const error = await h.model
        .complete({ name: 'ranged', system: 'x', messages: [], schema: Ranged })
        .catch((e: unknown) => e);
      expect(error).to.be.instanceOf(Error).and.not.instanceOf(AiUnavailableError);
      expect((error as Error).message).to.include('minimum').and.include('maximum');
      expect(h.sent()).to.equal(0);
    });

    it('embeds each text into a Float32Array, in input order, all of one dimension', async () => {
      const texts = ['reset my password', 'where is my parcel', 'reset my password please'];
      h.willEmbed(texts);
      const vectors = await h.model.embed(texts);
      expect(vectors).to.have.length(3);
      for (const vector of vectors) expect(vector).to.be.instanceOf(Float32Array).with.length(vectors[0]!.length);
      expect(vectors[0]!.length).to.be.greaterThan(0);
    });

    it('embeds an empty list without a request', async () => {
      expect(await h.model.embed([])).to.deep.equal([]);
      expect(h.sent()).to.equal(0);
    });
  });
}
