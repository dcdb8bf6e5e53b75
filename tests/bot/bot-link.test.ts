import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { httpBotLink, inProcessBotLink } from '../../bot/directline/bot-link.ts';
import { createLogger } from '../../core/logger.ts';

const log = createLogger({ level: 'silent' });
const activity = { type: 'message', id: 'conv|0000001', text: 'hello', serviceUrl: 'http://127.0.0.1:1/channel/', when: new Date(0) };

describe('How the local Direct Line reaches the bot', () => {
  describe('in process', () => {
    it('runs the turn on a copy made through JSON, and answers ok once the turn is over', async () => {
      let seen: Record<string, unknown> | undefined;
      let finished = false;
      const link = inProcessBotLink({
        run: async (a) => {
          seen = a;
          a.text = 'changed by the bot';
          await new Promise((resolve) => setTimeout(resolve, 20));
          finished = true;
        },
        timeoutMs: 1000,
        log,
      });
      expect(await link(activity)).to.equal('ok');
      expect(finished).to.equal(true);
      expect(seen).to.deep.equal({ ...activity, text: 'changed by the bot', when: '1970-01-01T00:00:00.000Z' });
      expect(activity.text).to.equal('hello');
    });

    it('asks for a retry when the turn fails or outlasts the timeout', async () => {
      const failing = inProcessBotLink({ run: () => Promise.reject(new Error('storage down')), timeoutMs: 1000, log });
      const hanging = inProcessBotLink({ run: () => new Promise(() => undefined), timeoutMs: 30, log });
      expect(await failing(activity)).to.equal('retry');
      expect(await hanging(activity)).to.equal('retry');
    });
  });

  describe('over HTTP', () => {
    let server: Server;
    let status = 200;
    let body = '';
    let url = '';
    before(async () => {
      server = createServer((req, res) => {
        body = '';
        req.on('data', (chunk: Buffer) => (body += chunk.toString()));
        // Not chained: restify, loaded by other tests, replaces writeHead with one that returns nothing.
        req.on('end', () => {
          res.writeHead(status);
          res.end();
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('posts the activity as JSON: ok on 2xx, given up on a 4xx refusal, retried on 5xx, 429 or no answer', async () => {
      const link = httpBotLink({ endpoint: () => url, timeoutMs: 1000, log });
      const outcomes: string[] = [];
      for (const s of [200, 400, 429, 503]) {
        status = s;
        outcomes.push(await link(activity));
      }
      expect(outcomes).to.deep.equal(['ok', 'rejected', 'retry', 'retry']);
      expect(JSON.parse(body)).to.include({ id: 'conv|0000001', text: 'hello' });
      expect(await httpBotLink({ endpoint: () => 'http://127.0.0.1:9/api/messages', timeoutMs: 500, log })(activity)).to.equal('retry');
    });
  });
});
