import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { startTestApp, type TestApp } from '../support/app.ts';
import { BotStub, type StubActivity } from '../support/bot-stub.ts';
import { type Activity, activitiesUrl, call, type Conversation, history, isReplyTo, startConversation } from '../support/directline-client.ts';
import { quietPeriod, waitFor } from '../support/wait.ts';

const say = (text: string) => ({ type: 'message', from: { id: 'customer' }, text, channelData: { clientActivityID: `cid-${text}` } });
const repliesTo = (activities: Activity[], words: string) => activities.filter(isReplyTo(words));

/** A port nothing listens on: the bot is down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function post(conversation: Conversation, text: string): Promise<string> {
  const answer = await call('POST', activitiesUrl(conversation), { token: conversation.token, json: say(text) });
  expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
  return answer.body.id as string;
}

describe('Local Direct Line outbox', () => {
  describe('when the bot is unreachable', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'support-hub-outbox-'));
    let t: TestApp | undefined;
    after(async () => {
      await t?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('acknowledges and stores the message, and the next start delivers it so the bot answers', async function () {
      this.timeout(90_000); // two cold starts of PGlite
      t = await startTestApp({ DATA_DIR: dataDir, BOT_ENDPOINT: `http://127.0.0.1:${await closedPort()}/api/messages` });
      const before = await startConversation(t.url);
      const id = await post(before, 'hello');
      expect((await history(before)).map((a) => a.id)).to.include(id);
      await t.stop();

      // A new process on the same data, with the bot reachable again (its own /api/messages).
      t = await startTestApp({ DATA_DIR: dataDir });
      const after = { ...before, domain: `${t.url}/v3/directline` };
      const replies = await waitFor(async () => {
        const found = repliesTo(await history(after), 'hello');
        return found.length > 0 && found;
      }, "the bot's reply after the restart");
      expect(replies).to.have.length(1);
    });
  });

  describe('when the bot is failing', () => {
    let stub: BotStub;
    let t: TestApp;
    before(async function () {
      this.timeout(60_000);
      stub = await BotStub.start();
      t = await startTestApp({ BOT_ENDPOINT: stub.url });
      stub.relayTo = `${t.url}/api/messages`;
    });
    after(async () => {
      await t.stop();
      await stub.close();
    });

    it('delivers a message exactly once when the server restarts while it waits to retry', async function () {
      this.timeout(90_000);
      const attempts = (text: string) => stub.received.filter((a: StubActivity) => a.type === 'message' && a.text === text);
      stub.respond = (a) => (a.type === 'message' ? 503 : 'relay');
      const conversation = await startConversation(t.url);
      await post(conversation, 'hello');

      // Three failed attempts: the forwarder now waits several seconds before the next, longer than shutdown takes.
      await waitFor(() => attempts('hello').length >= 3, 'three failed attempts');
      const failed = attempts('hello').length;
      stub.respond = () => 'relay';
      const restartedAt = Date.now();
      await t.restart();

      await waitFor(async () => repliesTo(await history(conversation), 'hello').length > 0, "the bot's reply");
      // The old process's retry would have fired by now; the bot must not have been given the message twice.
      await quietPeriod(Math.max(0, restartedAt + 4_000 - Date.now()));
      expect(attempts('hello').length - failed, 'deliveries after the restart').to.equal(1);
      expect(repliesTo(await history(conversation), 'hello')).to.have.length(1);
    });
  });
});
