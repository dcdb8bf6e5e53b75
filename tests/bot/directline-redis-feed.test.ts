import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { createClient } from 'redis';
import type { FeedItem } from '../../bot/directline/feed.ts';
import { createRedisActivityFeed, type RedisActivityFeed } from '../../bot/directline/index.ts';
import { createLogger } from '../../core/logger.ts';
import { migrate, type Sql } from '../../core/storage/index.ts';
import { pgliteEngine } from '../support/engines.ts';
import { requireEnv } from '../support/services.ts';
import { quietPeriod, waitFor } from '../support/wait.ts';
import { openStream, startLocalNode } from './local-directline-node.ts';

const log = createLogger({ level: 'silent' });
const item = (seq: number, text = `m${seq}`): FeedItem => ({ seq, activity: { type: 'message', id: `c|${seq}`, text } });
const seqs = (items: FeedItem[]) => items.map((i) => i.seq);

describe('RedisActivityFeed', function () {
  this.timeout(60_000);
  let url: string;
  let prefix: string;
  const opened: RedisActivityFeed[] = [];
  /** A feed standing for one node; every feed of a run shares its prefix, so they hear each other. */
  const node = async (p = prefix) => {
    opened.push(await createRedisActivityFeed({ url, log, prefix: p }));
    return opened.at(-1)!;
  };

  before(function () {
    url = requireEnv(this, 'TEST_REDIS_URL');
    prefix = `test:${randomUUID()}:`; // runs sharing one Redis stay apart
  });
  after(async () => {
    for (const feed of opened.splice(0)) await feed.close();
  });

  it('tells a listener on one node what another node publishes, exactly once and in order', async () => {
    const [a, b] = [await node(), await node()];
    const heard: FeedItem[] = [];
    a.subscribe('conv-1', (i) => heard.push(i));
    for (let seq = 0; seq < 20; seq++) b.publish('conv-1', item(seq));
    await waitFor(() => heard.length >= 20, 'twenty items on node A');
    await quietPeriod(200);
    expect(seqs(heard)).to.deep.equal([...Array(20).keys()]);
    expect(heard[3]!.activity).to.deep.equal({ type: 'message', id: 'c|3', text: 'm3' });
  });

  it("tells a node's own listeners once, though Redis echoes the publish back to it", async () => {
    const [a, b] = [await node(), await node()];
    const onA: FeedItem[] = [];
    const alsoOnA: FeedItem[] = [];
    const onB: FeedItem[] = [];
    a.subscribe('conv-2', (i) => onA.push(i));
    a.subscribe('conv-2', (i) => alsoOnA.push(i));
    b.subscribe('conv-2', (i) => onB.push(i));
    a.publish('conv-2', item(0));
    a.publish('conv-2', { activity: { type: 'typing', id: 'c|t1' } }); // transient: no seq
    await waitFor(() => onB.length >= 2, 'both items on node B');
    await quietPeriod(200);
    expect(onA.map((i) => i.activity.id)).to.deep.equal(['c|0', 'c|t1']);
    expect(alsoOnA.map((i) => i.activity.id)).to.deep.equal(['c|0', 'c|t1']);
    expect(onB.map((i) => i.activity.id)).to.deep.equal(['c|0', 'c|t1']);
    expect(onB[1]).to.not.have.property('seq');
  });

  it('stops telling a listener once it unsubscribed, and keeps telling the others', async () => {
    const [a, b] = [await node(), await node()];
    const gone: FeedItem[] = [];
    const staying: FeedItem[] = [];
    const unsubscribe = a.subscribe('conv-3', (i) => gone.push(i));
    a.subscribe('conv-3', (i) => staying.push(i));
    b.publish('conv-3', item(0));
    await waitFor(() => gone.length === 1 && staying.length === 1, 'the first item on both listeners');
    unsubscribe();
    unsubscribe(); // twice is harmless
    b.publish('conv-3', item(1));
    await waitFor(() => staying.length === 2, 'the second item on the remaining listener');
    await quietPeriod(100);
    expect(seqs(gone)).to.deep.equal([0]);
  });

  it('keeps conversations, and deployments with another prefix, apart', async () => {
    const [a, b, elsewhere] = [await node(), await node(), await node(`test:${randomUUID()}:`)];
    const conv4: FeedItem[] = [];
    const other: FeedItem[] = [];
    a.subscribe('conv-4', (i) => conv4.push(i));
    elsewhere.subscribe('conv-4', (i) => other.push(i));
    b.publish('conv-5', item(0));
    b.publish('conv-4', item(1));
    await waitFor(() => conv4.length === 1, 'the conv-4 item');
    await quietPeriod(200);
    expect(seqs(conv4)).to.deep.equal([1]);
    expect(other).to.have.length(0);
  });

  it('survives a listener that throws: the other listeners are still told', async () => {
    const [a, b] = [await node(), await node()];
    const heard: FeedItem[] = [];
    a.subscribe('conv-6', () => {
      throw new Error('listener bug');
    });
    a.subscribe('conv-6', (i) => heard.push(i));
    b.publish('conv-6', item(0));
    a.publish('conv-6', item(1));
    await waitFor(() => heard.length === 2, 'both items despite the failing listener');
  });

  it('asks listeners to re-read storage when its subscription was lost and restored', async () => {
    const runPrefix = `test:${randomUUID()}:`;
    const [a, b] = [await node(runPrefix), await node(runPrefix)];
    let resyncs = 0;
    const heard: FeedItem[] = [];
    a.subscribe('conv-7', (i) => heard.push(i), () => resyncs++);
    await killSubscriberConnections(url, `${runPrefix}dl-feed-sub`);
    await waitFor(() => resyncs >= 1, 'a resync after the reconnect');
    b.publish('conv-7', item(0)); // and the restored subscription delivers again
    await waitFor(() => heard.length === 1, 'an item after the reconnect');
  });

  describe('between two nodes of the channel over one database', () => {
    const engine = pgliteEngine();
    let sql: Sql;

    before(async function () {
      sql = await engine.open(this);
      await migrate(sql);
    });
    after(() => engine.dispose());

    it('streams to the customer on node A what the bot sent through node B', async () => {
      const nodeA = await startLocalNode(sql, { feed: await createRedisActivityFeed({ url, log, prefix }) });
      const nodeB = await startLocalNode(sql, { feed: await createRedisActivityFeed({ url, log, prefix }) });
      try {
        const { conversationId, token } = await nodeA.reserve();
        const stream = await openStream(nodeA.streamUrl(conversationId, token));
        const sent = await nodeB.botSend(conversationId, { type: 'message', text: 'from node B' });
        expect(sent.status).to.equal(200);
        await waitFor(() => stream.activities.length === 1, 'the bot message on the stream at node A');
        expect(stream.activities[0]).to.include({ id: sent.id, text: 'from node B' });
        stream.ws.close();
      } finally {
        await nodeA.close(); // closes its feed too
        await nodeB.close();
      }
    });
  });
});

/** Drops the feed connections named `name` the way a network blip would; node-redis reconnects them. */
async function killSubscriberConnections(url: string, name: string): Promise<void> {
  const admin = createClient({ url });
  await admin.connect();
  try {
    const list = await admin.clientList();
    const ids = list.filter((c) => c.name === name).map((c) => c.id);
    expect(ids, `connections named ${name}`).to.not.be.empty;
    for (const id of ids) await admin.clientKill({ filter: 'ID', id });
  } finally {
    await admin.close();
  }
}
