import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { pino } from 'pino';
import { migrate, openPglite, type Sql } from '../../core/storage/index.ts';
import { quietPeriod, waitFor } from '../support/wait.ts';
import { type LocalNode, openStream, startLocalNode } from './local-directline-node.ts';

type Change = [conversationId: string, connected: boolean];

describe('LocalDirectLine stream presence', function () {
  this.timeout(60_000);
  let dir: string;
  let sql: Sql;
  let node: LocalNode;
  const logged: { msg: string; conversationId?: string }[] = [];
  let changes: Change[];
  let stop: () => void;

  before(async function () {
    this.timeout(120_000); // PGlite's start-up is slow on a busy machine
    dir = mkdtempSync(join(tmpdir(), 'dl-presence-'));
    sql = await openPglite(dir);
    await migrate(sql);
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged.push(JSON.parse(chunk.toString()) as { msg: string });
        done();
      },
    });
    node = await startLocalNode(sql, { log: pino({ level: 'error' }, sink) });
  });
  after(async () => {
    await node.close();
    await sql.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    changes = [];
    stop = node.directLine.onStreamPresence((id, connected) => changes.push([id, connected]));
  });
  afterEach(() => stop());

  const connect = async () => {
    const { conversationId, token } = await node.reserve();
    return { conversationId, open: () => openStream(node.streamUrl(conversationId, token)) };
  };

  it('says true when the first stream of a conversation opens and false when the client closes it', async () => {
    const { conversationId, open } = await connect();
    const stream = await open();
    await waitFor(() => changes.length === 1, 'the connect');
    expect(changes).to.deep.equal([[conversationId, true]]);
    stream.ws.close();
    await waitFor(() => changes.length === 2, 'the disconnect');
    expect(changes[1]).to.deep.equal([conversationId, false]);
  });

  it('says true once and false once for two streams of one conversation, false only when the last closes', async () => {
    const { conversationId, open } = await connect();
    const first = await open();
    const second = await open();
    first.ws.close();
    await quietPeriod(200);
    expect(changes).to.deep.equal([[conversationId, true]]);
    second.ws.close();
    await waitFor(() => changes.length === 2, 'the disconnect of the last stream');
    expect(changes).to.deep.equal([[conversationId, true], [conversationId, false]]);
  });

  it('says false when the socket dies without a closing handshake', async () => {
    const { conversationId, open } = await connect();
    const stream = await open();
    await waitFor(() => changes.length === 1, 'the connect');
    stream.ws.terminate(); // drops the TCP connection, as a crashed client or a killed tab would
    await waitFor(() => changes.length === 2, 'the disconnect');
    expect(changes[1]).to.deep.equal([conversationId, false]);
  });

  it('keeps conversations apart', async () => {
    const one = await connect();
    const two = await connect();
    const a = await one.open();
    const b = await two.open();
    a.ws.close();
    await waitFor(() => changes.length === 3, 'two connects and one disconnect');
    expect(changes).to.deep.equal([[one.conversationId, true], [two.conversationId, true], [one.conversationId, false]]);
    b.ws.close();
    await waitFor(() => changes.length === 4, 'the second disconnect');
  });

  it('logs a listener that throws or rejects, still tells the others, and stops telling one that unsubscribed', async () => {
    const offThrowing = node.directLine.onStreamPresence(() => {
      throw new Error('listener bug');
    });
    const offRejecting = node.directLine.onStreamPresence(async () => {
      throw new Error('async listener bug');
    });
    const gone: Change[] = [];
    node.directLine.onStreamPresence((id, connected) => gone.push([id, connected]))();
    try {
      const { conversationId, open } = await connect();
      const stream = await open();
      await waitFor(() => changes.length === 1, 'the connect, told despite the failing listeners');
      await waitFor(() => logged.filter((l) => l.conversationId === conversationId).length === 2, 'both failures logged');
      expect(logged.map((l) => l.msg)).to.include('stream presence listener failed');
      expect(gone).to.be.empty;
      stream.ws.close();
      await waitFor(() => changes.length === 2, 'the disconnect');
    } finally {
      offThrowing();
      offRejecting();
    }
  });
});
