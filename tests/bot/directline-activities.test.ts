import { expect } from 'chai';
import { startTestApp, type TestApp } from '../support/app.ts';
import {
  type Activity,
  activitiesUrl,
  call,
  type Conversation,
  history,
  startConversation,
  textOf,
  tokenUser,
} from '../support/directline-client.ts';
import { exchange } from '../support/conversation.ts';
import { waitFor } from '../support/wait.ts';

describe('Local Direct Line, activities from clients', () => {
  let t: TestApp;
  let conversation: Conversation;

  before(async function () {
    this.timeout(60_000); // PGlite's start-up is slow on a busy machine
    t = await startTestApp();
  });
  beforeEach(async () => {
    conversation = await startConversation(t.url);
  });
  after(() => t.stop());

  const post = (activity: Record<string, unknown>) =>
    call('POST', activitiesUrl(conversation), { token: conversation.token, json: activity });

  it("records the token's user as the sender, whatever from.id claims", async () => {
    const answer = await post({ type: 'message', from: { id: 'dl_someone-else', name: 'Mallory' }, text: 'spoofed' });
    expect(answer.status).to.equal(200);
    const stored = (await history(conversation)).find((a) => a.id === answer.body.id);
    expect(stored?.from.id).to.equal(tokenUser(conversation.token));
    expect(stored?.from.role).to.equal('user');
  });

  it('stores a message re-posted with the same clientActivityID once and answers with the same id', async () => {
    const message = { type: 'message', from: { id: 'customer' }, text: 'sent twice', channelData: { clientActivityID: 'retry-1' } };
    const first = await post(message);
    const second = await post(message);
    expect(first.status).to.equal(200);
    expect(second.status).to.equal(200);
    expect(second.body.id).to.equal(first.body.id);
    const copies = (await history(conversation)).filter((a) => a.channelData?.clientActivityID === 'retry-1');
    expect(copies.map((a) => a.id)).to.deep.equal([first.body.id]);
  });

  it('hands activities to the bot in this process and takes its replies the same way: no loopback HTTP', async () => {
    const before = await (await fetch(`${t.url}/metrics`)).text();
    await exchange(conversation, 'hello', (replies) => replies.some((a) => a.type === 'message'));
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    // The customer's activity reached the bot (one more delivery) ...
    const delivered = (text: string) => Number(/directline_bot_deliveries_total\{outcome="ok"\} (\d+)/.exec(text)?.[1] ?? 0);
    expect(delivered(metrics)).to.be.greaterThan(delivered(before));
    // ... yet no request ever came to the bot's endpoint or to the channel's connector routes.
    expect(metrics).to.match(/http_request_duration_seconds_count\{[^}]*route="\/v3\/directline\/conversations\/:conversationId\/activities"/);
    expect(metrics).not.to.match(/route="\/api\/messages"/);
    expect(metrics).not.to.match(/route="\/directline-channel\//);
  });

  describe('upload', () => {
    const bytes = Buffer.from('Order #1234\nTotal: 19.90 EUR\n');
    let uploaded: Activity;

    beforeEach(async () => {
      const form = new FormData();
      const activity = { type: 'message', from: { id: 'customer' } };
      form.append('activity', new Blob([JSON.stringify(activity)], { type: 'application/vnd.microsoft.activity' }));
      form.append('file', new Blob([bytes], { type: 'text/plain' }), 'receipt.txt');
      const user = tokenUser(conversation.token);
      const url = `${conversation.domain}/conversations/${conversation.conversationId}/upload?userId=${user}`;
      const answer = await call('POST', url, { token: conversation.token, body: form });
      expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
      uploaded = await waitFor(
        async () => (await history(conversation)).find((a) => a.id === answer.body.id),
        'the uploaded activity in the history',
      );
    });

    it('hands the file to the bot as an attachment (its reply names the file)', async () => {
      const reply = await waitFor(
        async () => (await history(conversation)).find((a) => a.from.role === 'bot' && textOf(a).includes('receipt.txt')),
        "the bot's reply naming the file",
      );
      expect(textOf(reply)).to.include('1');
    });

    it('serves the uploaded bytes at the attachment contentUrl', async () => {
      const attachments = (uploaded as { attachments?: { name: string; contentType: string; contentUrl: string }[] }).attachments;
      expect(attachments).to.have.length(1);
      expect(attachments![0]).to.include({ name: 'receipt.txt', contentType: 'text/plain' });
      const response = await fetch(attachments![0]!.contentUrl);
      expect(response.status).to.equal(200);
      expect(response.headers.get('content-type')).to.equal('text/plain');
      expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).to.equal(true);
    });
  });
});
