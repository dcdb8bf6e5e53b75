import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { type ClientOptions, WebSocket } from 'ws';
import { DirectLineChannel } from '../../bot/directline/channel.ts';
import { InMemoryActivityFeed } from '../../bot/directline/feed.ts';
import { httpBotLink } from '../../bot/directline/bot-link.ts';
import { BotForwarder } from '../../bot/directline/forwarder.ts';
import { DirectLineStore } from '../../bot/directline/store.ts';
import { DirectLineStream } from '../../bot/directline/stream.ts';
import { TokenService } from '../../bot/directline/tokens.ts';
import { createLogger } from '../../core/logger.ts';
import { migrate, openPglite, type Sql } from '../../core/storage/index.ts';
import { quietPeriod, waitFor } from '../support/wait.ts';

interface Frame {
  activities: { id: string; text?: string }[];
  watermark?: string;
}

describe('DirectLineStream', function () {
  this.timeout(120_000);
  const log = createLogger({ level: 'silent' });
  let dir: string;
  let sql: Sql;
  let store: DirectLineStore;
  let feed: InMemoryActivityFeed;
  let tokens: TokenService;
  let stream: DirectLineStream;
  let http: Server;
  let port: number;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dl-stream-'));
    sql = await openPglite(dir);
    await migrate(sql);
    store = new DirectLineStore(sql);
    feed = new InMemoryActivityFeed();
    tokens = new TokenService('stream-test-secret-0123456789abcdef0123', 1800);
    const forwarder = new BotForwarder(store, log, {
      link: httpBotLink({ endpoint: () => 'http://127.0.0.1:9/unused', timeoutMs: 100, log }),
      serviceUrl: () => 'http://127.0.0.1:9/',
    });
    const channel = new DirectLineChannel(store, feed, forwarder, tokens, { bot: { id: 'bot', name: 'Bot' } });
    stream = new DirectLineStream(channel, feed, tokens, log, { keepaliveMs: 150 });
    http = createServer((_req, res) => res.end());
    http.on('upgrade', (req, socket, head) => stream.handleUpgrade(req, socket, head));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    port = (http.address() as AddressInfo).port;
  });

  after(async () => {
    stream.close();
    http.close();
    await sql.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function connect(conversationId: string, userId: string, options: ClientOptions = {}): Promise<{ frames: Frame[]; ws: WebSocket }> {
    const { token } = await tokens.issue({ conversationId, userId });
    const ws = new WebSocket(`ws://127.0.0.1:${port}/v3/directline/conversations/${conversationId}/stream?t=${token}`, options);
    const frames: Frame[] = [];
    ws.on('message', (data) => {
      const text = data.toString();
      if (text) frames.push(JSON.parse(text) as Frame);
    });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    return { frames, ws };
  }

  const ids = (frames: Frame[]) => frames.flatMap((f) => f.activities.map((a) => a.text));

  it('sends stored activities in sequence even when they are announced out of order', async () => {
    await store.createConversation({ id: 'conv-order', userId: 'dl_u1' });
    const { frames, ws } = await connect('conv-order', 'dl_u1');
    const first = await store.append('conv-order', { type: 'message', text: 'first' }, 'bot');
    const second = await store.append('conv-order', { type: 'message', text: 'second' }, 'bot');
    feed.publish('conv-order', second);
    feed.publish('conv-order', first);
    await waitFor(() => ids(frames).length >= 2, 'two activities on the stream');
    expect(ids(frames)).to.deep.equal(['first', 'second']);
    expect(frames.at(-1)!.watermark).to.equal(String(second.seq));
    ws.close();
  });

  it('fills a gap from storage when an announcement never arrives', async () => {
    await store.createConversation({ id: 'conv-gap', userId: 'dl_u2' });
    const { frames, ws } = await connect('conv-gap', 'dl_u2');
    await store.append('conv-gap', { type: 'message', text: 'never announced' }, 'bot');
    const announced = await store.append('conv-gap', { type: 'message', text: 'announced' }, 'bot');
    feed.publish('conv-gap', announced);
    await waitFor(() => ids(frames).length >= 2, 'both activities on the stream');
    expect(ids(frames)).to.deep.equal(['never announced', 'announced']);
    ws.close();
  });

  it('streams typing without storing it and without moving the watermark', async () => {
    await store.createConversation({ id: 'conv-typing', userId: 'dl_u3' });
    const { frames, ws } = await connect('conv-typing', 'dl_u3');
    feed.publish('conv-typing', { activity: { type: 'typing', id: 'conv-typing|t1' } });
    await waitFor(() => frames.length >= 1, 'the typing frame');
    expect(frames[0]).to.deep.equal({ activities: [{ type: 'typing', id: 'conv-typing|t1' }] });
    expect(await store.listAfter('conv-typing', -1)).to.have.length(0);
    ws.close();
  });

  it('ends a stream whose client stopped answering pings, and reports the conversation gone', async () => {
    await store.createConversation({ id: 'conv-silent', userId: 'dl_u4' });
    const changes: [string, boolean][] = [];
    const stop = stream.onPresence((id, connected) => changes.push([id, connected]));
    try {
      const answering = await connect('conv-silent', 'dl_u4');
      const silent = await connect('conv-silent', 'dl_u4', { autoPong: false }); // a peer that vanished
      const closed = new Promise<number>((resolve) => silent.ws.once('close', resolve));
      expect(await closed).to.equal(1006); // ended by the server, with no closing handshake
      await quietPeriod(400); // several more keep-alive rounds
      expect(answering.ws.readyState).to.equal(WebSocket.OPEN);
      expect(changes).to.deep.equal([['conv-silent', true]]);
      answering.ws.close();
      await waitFor(() => changes.length === 2, 'the last stream gone');
      expect(changes[1]).to.deep.equal(['conv-silent', false]);
    } finally {
      stop();
    }
  });
});
