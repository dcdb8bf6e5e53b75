import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { expect } from 'chai';
import { LocalChannelAdapter } from '../../bot/adapter.ts';
import { inboundMessage } from '../support/activities.ts';

const LOCAL = 'http://127.0.0.1:1/directline-channel/key/';

describe('LocalChannelAdapter', () => {
  const sent: { conversationId: string; activity: Record<string, unknown>; replyToId: string | undefined }[] = [];
  const adapter = new LocalChannelAdapter(new ConfigurationBotFrameworkAuthentication({}), {
    serviceUrl: () => LOCAL,
    async send(conversationId, activity, replyToId) {
      sent.push({ conversationId, activity: activity as Record<string, unknown>, replyToId });
      return { id: `conv-1|000000${sent.length + 3}` };
    },
  });
  let connector: Server;
  let posted: { url: string; body: Record<string, unknown> }[] = [];
  let connectorUrl = '';

  before(async () => {
    connector = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        posted.push({ url: req.url ?? '', body: JSON.parse(body) as Record<string, unknown> });
        // Not chained: restify, loaded by other tests, replaces writeHead with one that returns nothing.
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: 'remote-1' }));
      });
    });
    await new Promise<void>((resolve) => connector.listen(0, '127.0.0.1', resolve));
    connectorUrl = `http://127.0.0.1:${(connector.address() as AddressInfo).port}/`;
  });
  after(() => new Promise<void>((resolve) => connector.close(() => resolve())));
  beforeEach(() => {
    sent.length = 0;
    posted = [];
  });

  it("hands replies in our own channel's conversations to it by a call, as the connector route would receive them", async () => {
    const ids: (string | undefined)[] = [];
    await adapter.processActivityDirect('', inboundMessage(LOCAL), async (context) => {
      ids.push((await context.sendActivity('hi there'))?.id);
      ids.push((await context.sendActivity({ type: 'event', name: 'handoff.status', value: { state: 'accepted' } }))?.id);
    });
    expect(ids).to.deep.equal(['conv-1|0000004', 'conv-1|0000005']);
    expect(sent.map((s) => [s.conversationId, s.replyToId, s.activity.type, s.activity.text ?? s.activity.name])).to.deep.equal([
      ['conv-1', 'conv-1|0000003', 'message', 'hi there'],
      ['conv-1', 'conv-1|0000003', 'event', 'handoff.status'],
    ]);
    expect(sent[0]!.activity).to.not.have.property('id');
    expect(posted).to.deep.equal([]);
  });

  it('sends replies in any other channel through the Bot Connector API over HTTP', async () => {
    await adapter.processActivityDirect('', inboundMessage(connectorUrl), async (context) => {
      expect((await context.sendActivity('hi elsewhere'))?.id).to.equal('remote-1');
    });
    expect(sent).to.deep.equal([]);
    expect(posted.map((p) => [p.url, p.body.text])).to.deep.equal([['/v3/conversations/conv-1/activities/conv-1%7C0000003', 'hi elsewhere']]);
  });
});
