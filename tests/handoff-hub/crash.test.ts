import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { ChatMessage } from '../../handoff-hub/protocol.ts';
import { TEST_DIRECTLINE_SECRET, TEST_TOKEN_SECRET } from '../support/app.ts';
import { exchange } from '../support/conversation.ts';
import { isFromRep, isHandoffEvent, joined, seen } from '../support/customer.ts';
import { activitiesUrl, call, type Conversation, history, startConversation, textOf } from '../support/directline-client.ts';
import { ALWAYS_OPEN_QUEUES, createStaff, queuesFile, RepConsole } from '../support/hub.ts';
import { freePort, type MainProcess, startMain } from '../support/main-process.ts';
import { waitFor } from '../support/wait.ts';
import { ADMIN } from './auth-support.ts';

const COUNT = 20;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const numbered = (prefix: string) => Array.from({ length: COUNT }, (_, i) => `${prefix} ${i + 1}`);

/**
 * What a client does when the server may be down: send again, with the same id, until the server acknowledges.
 * Gives up (failing the test with the last answer) after `deadline`.
 */
async function untilAcknowledged<T>(attempt: () => Promise<T | undefined>, what: string, deadline: number): Promise<T> {
  let last: unknown;
  for (;;) {
    try {
      const done = await attempt();
      if (done !== undefined) return done;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`${what} was never acknowledged; last: ${String(last)}`);
    await pause(100);
  }
}

/** The customer's widget: a POST that failed (connection refused, 5xx) is sent again with its clientActivityID. */
function customerSends(c: Conversation, text: string, deadline: number): Promise<string> {
  const json = { type: 'message', from: { id: 'x' }, text, channelData: { clientActivityID: `widget-${text}` } };
  return untilAcknowledged(async () => {
    const posted = await call('POST', activitiesUrl(c), { token: c.token, json });
    if (posted.status !== 200) throw new Error(`POST answered ${posted.status}: ${JSON.stringify(posted.body)}`);
    return posted.body.id as string;
  }, `customer "${text}"`, deadline);
}

/**
 * The rep's console: what the rep sees of one conversation, one message per seq, as the console keeps it. After a
 * reconnect that did not recover the session (a restarted server has no memory of it), it rejoins after the last
 * seq it has; a message is sent again with the same clientId until the hub acknowledges it.
 */
class RepView {
  readonly bySeq = new Map<number, ChatMessage>();

  constructor(
    readonly rep: RepConsole,
    readonly conversationId: string,
  ) {
    rep.socket.on('message', (m: ChatMessage) => m.conversationId === conversationId && this.bySeq.set(m.seq, m));
    rep.socket.on('connect', () => {
      if (!rep.socket.recovered) void this.catchUp().catch(() => undefined); // the next catch-up tries again
    });
  }

  /** The last seq before the first gap: what the console asks to be sent after. */
  get lastSeq(): number {
    let seq = 0;
    while (this.bySeq.has(seq + 1)) seq++;
    return seq;
  }

  async catchUp(afterSeq = this.lastSeq): Promise<void> {
    const joined = await this.rep.send<{ messages: ChatMessage[]; more: boolean }>('conversation:join', { conversationId: this.conversationId, afterSeq });
    if (!joined.ok) throw new Error(`conversation:join answered ${joined.error.code}: ${joined.error.message}`);
    for (const m of joined.messages) this.bySeq.set(m.seq, m);
    if (joined.more) await this.catchUp();
  }

  send(text: string, deadline: number): Promise<ChatMessage> {
    return untilAcknowledged(async () => {
      if (!this.rep.socket.connected) return undefined;
      const ack = await this.rep.socket.timeout(2000).emitWithAck('message:send', { conversationId: this.conversationId, clientId: text, text });
      if (!ack.ok) throw new Error(`message:send answered ${ack.error.code}: ${ack.error.message}`);
      return ack.message as ChatMessage;
    }, `rep "${text}"`, deadline);
  }

  customerTexts(): string[] {
    return [...this.bySeq.values()].sort((x, y) => x.seq - y.seq).filter((m) => m.from.kind === 'customer' && /^customer \d+$/.test(m.text)).map((m) => m.text);
  }
}

/**
 * The server killed (SIGKILL) while a customer and a rep are both writing, then started again on the same data
 * folder and port: the clients send again what was not acknowledged, and each side ends up with every message of
 * the other exactly once, in the order it was written.
 */
describe('Hub after a crash (SIGKILL mid-conversation, restart on the same data)', function () {
  this.timeout(120_000);
  let dataDir: string;
  let port: number;
  let env: Record<string, string>;
  let server: MainProcess | undefined;
  let rep: RepConsole | undefined;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'support-hub-crash-'));
    port = await freePort();
    env = {
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_URL: '', // this suite is about the embedded PGlite surviving a kill
      REDIS_URL: '',
      DIRECTLINE_SECRET: TEST_DIRECTLINE_SECRET,
      DIRECTLINE_TOKEN_SECRET: TEST_TOKEN_SECRET, // tokens issued before the crash stay valid after it
      TOKEN_RATE_LIMIT_PER_MINUTE: '1000',
      SHUTDOWN_TIMEOUT_MS: '2000',
      HUB_ADMIN_EMAIL: ADMIN.email,
      HUB_ADMIN_PASSWORD: ADMIN.password,
      HUB_QUEUES_FILE: queuesFile(ALWAYS_OPEN_QUEUES),
      HUB_SWEEP_MS: '100',
    };
    server = await startMain(env);
  });
  afterEach(async () => {
    rep?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses and doubles nothing either way when the clients re-send what was not acknowledged', async () => {
    const url = server!.url;
    const ana = await createStaff(url, { name: 'Ana' });
    rep = await RepConsole.connect(url, ana);
    const c = await startConversation(url);
    await exchange(c, 'I want to speak to a human', (r) => r.some(isHandoffEvent));
    const offer = await rep.nextOffer();
    expect((await rep.send('offer:accept', { conversationId: offer.conversationId, offerId: offer.offerId })).ok).to.equal(true);
    await seen(c, joined('Ana'), 'the rep joining');
    const view = new RepView(rep, offer.conversationId);
    await view.catchUp(0);

    // Both write at once; the server dies when about half of each side's messages were acknowledged.
    const deadline = Date.now() + 45_000;
    let acknowledged = 0;
    const customer = (async () => {
      for (const text of numbered('customer')) {
        await customerSends(c, text, deadline);
        acknowledged++;
      }
    })();
    const repSide = (async () => {
      for (const text of numbered('rep')) {
        await view.send(text, deadline);
        acknowledged++;
      }
    })();
    await waitFor(() => acknowledged >= COUNT, 'half the messages acknowledged');
    await server!.crash();
    const killedAt = acknowledged;
    server = await startMain(env);
    await Promise.all([customer, repSide]);
    expect(killedAt, 'the crash came before everything was sent').to.be.below(2 * COUNT);

    // The rep: everything the customer wrote, once each and in order, in what the console shows...
    await waitFor(async () => {
      await view.catchUp();
      return view.customerTexts().length >= COUNT;
    }, 'every customer message at the rep', 20_000);
    expect(view.customerTexts(), 'the rep console').to.deep.equal(numbered('customer'));
    // ...and in the whole stored history a console loads from scratch.
    const all = new RepView(rep, offer.conversationId);
    await all.catchUp(0);
    expect(all.customerTexts(), 'the stored history').to.deep.equal(numbered('customer'));
    expect([...all.bySeq.keys()], 'seqs without gaps').to.deep.equal(Array.from({ length: all.bySeq.size }, (_, i) => i + 1));

    // The customer: everything the rep wrote, once each and in order; and their own messages stored once each.
    const fromRep = async () => (await history(c)).filter(isFromRep).map(textOf);
    await waitFor(async () => (await fromRep()).length >= COUNT, 'every rep message at the customer', 40_000);
    expect(await fromRep(), 'the customer').to.deep.equal(numbered('rep'));
    const own = (await history(c)).filter((a) => a.from.role === 'user' && /^customer \d+$/.test(textOf(a))).map(textOf);
    expect(own, "the customer's own messages").to.deep.equal(numbered('customer'));
  });
});
