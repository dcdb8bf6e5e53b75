import { expect } from 'chai';
import { startTestApp, type TestApp } from '../support/app.ts';
import { exchange, suggestionsOf, texts } from '../support/conversation.ts';
import { type Activity, activitiesUrl, call, history, startConversation, textOf } from '../support/directline-client.ts';
import { quietPeriod, waitFor } from '../support/wait.ts';

/** Knowledge answers in a conversation: the demo articles, the real NLU and topics, through Direct Line. */
describe('Support bot answering from knowledge (demo articles)', function () {
  this.timeout(120_000);
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.stop());

  const ratings = () => t.app.sql.query<{ document_id: string; helpful: boolean; article_version: string | null }>('SELECT document_id, helpful, article_version FROM kb_feedback');

  it('answers a returns question with the article as its source, and stores the thumbs the customer gives it', async () => {
    const c = await startConversation(t.url);
    const replies = await exchange(c, 'how long does a refund take?', (r) => texts(r).some((x) => /Did that answer your question/.test(x)));
    const answer = replies.find((a) => (a as { channelData?: { knowledgeAnswer?: boolean } }).channelData?.knowledgeAnswer) as Activity;
    expect(answer, 'an answer marked for rating').to.not.equal(undefined);
    expect(textOf(answer)).to.match(/working days/).and.match(/\n\nSource: \[Returns and refunds › How long does a refund take\?\]\(https:/);

    const rate = (activityId: string, helpful: boolean) =>
      call('POST', activitiesUrl(c), { token: c.token, json: { type: 'event', name: 'knowledge.feedback', value: { activityId, helpful }, from: { id: 'x' } } });
    expect((await rate(answer.id!, true)).status).to.equal(200);
    await waitFor(async () => ((await ratings()).length > 0 ? true : undefined), 'the rating stored');
    expect(await ratings()).to.deep.equal([{ document_id: 'files:returns-and-refunds.md', helpful: true, article_version: null }]);

    // Only answers given in this conversation can be rated: another activity's id changes nothing.
    const welcome = (await history(c)).find((a) => a.from.role === 'bot' && a.type === 'message')!;
    await rate(welcome.id!, false);
    await quietPeriod(1000);
    expect(await ratings()).to.have.length(1);
  });

  it('asks which version the customer has when the answer depends on it, then answers from that version', async () => {
    const c = await startConversation(t.url);
    const asked = await exchange(c, 'how should I wash my Stormbreak jacket?', (r) => texts(r).some((x) => /Which version/.test(x)));
    expect(suggestionsOf(asked.at(-1)!)).to.deep.equal(['2025', '2024']);
    const answer = await exchange(c, '2024', (r) => texts(r).some((x) => /Source:/.test(x)));
    expect(texts(answer).join('\n')).to.match(/40 °C/).and.match(/Source: .*2024/);
  });

  it('keeps internal articles from customers', async () => {
    const c = await startConversation(t.url);
    const replies = await exchange(c, 'when can reps issue a goodwill refund without approval?', (r) => r.some((a) => a.type === 'message'));
    expect(texts(replies).join('\n')).to.not.match(/goodwill|Do not share/i);
  });
});
