import { expect } from 'chai';
import { startTestApp, type TestApp } from '../support/app.ts';
import { exchange, texts } from '../support/conversation.ts';
import { startConversation } from '../support/directline-client.ts';
import { type FakeAzureOpenAI, startFakeAzureOpenAI } from '../support/fake-azure-openai.ts';

/** With Azure OpenAI configured, knowledge answers are written by the chat deployment (a local fake of its REST API). */
describe('Knowledge answers with Azure OpenAI (fake service)', function () {
  this.timeout(120_000);
  let azure: FakeAzureOpenAI;
  let t: TestApp;
  before(async () => {
    azure = await startFakeAzureOpenAI({ deployments: ['chat'] });
    t = await startTestApp({
      AZURE_OPENAI_ENDPOINT: azure.url,
      AZURE_OPENAI_API_KEY: azure.apiKey,
      AZURE_OPENAI_CHAT_DEPLOYMENT: 'chat',
      NLU_LLM_SECOND_OPINION: 'false',
    });
  });
  after(async () => {
    await t.stop();
    await azure.close();
  });

  it('answers in the model’s words grounded in the retrieved passages, citing them by number', async () => {
    azure.script({ json: { answered: true, answer: 'Refunds arrive within 5 working days of your return reaching us [1].', sources: [1] } });
    const c = await startConversation(t.url);
    const replies = await exchange(c, 'how long does a refund take?', (r) => texts(r).some((x) => /Did that answer/.test(x)));
    expect(texts(replies)[0]).to.match(/^Refunds arrive within 5 working days of your return reaching us \[1\]\.\n\nSource: \[Returns and refunds\]/);
    const request = azure.requests.find((r) => r.operation === 'chat/completions')!;
    const prompt = JSON.stringify(request.body.messages);
    expect(prompt).to.include('[1] Returns and refunds').and.include('how long does a refund take?');
  });

  it('falls back to the extract when the service fails', async () => {
    azure.script({ status: 503 }, { status: 503 }, { status: 503 });
    const c = await startConversation(t.url);
    const replies = await exchange(c, 'how long does a refund take?', (r) => texts(r).some((x) => /Did that answer/.test(x)));
    expect(texts(replies)[0]).to.match(/We refund you within 5 working days/).and.match(/Source: /);
  });
});
