import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type StubActivity = Record<string, any>; // JSON off the wire

/**
 * Stands in for the bot's messaging endpoint (BOT_ENDPOINT) or for any foreign server: records every request body
 * and answers what `respond` says, either a status or 'relay' (pass it on to `relayTo`, e.g. the app's own
 * /api/messages, so the real bot still answers).
 */
export class BotStub {
  readonly received: StubActivity[] = [];
  respond: (activity: StubActivity) => number | 'relay' = () => 200;
  relayTo: string | undefined;

  private constructor(private readonly server: Server) {}

  static async start(): Promise<BotStub> {
    const server = createServer();
    const stub = new BotStub(server);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const activity = parse(Buffer.concat(chunks).toString('utf8'));
        stub.received.push(activity);
        void stub.#answer(activity).then((status) => {
          res.statusCode = status;
          res.end();
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return stub;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/messages`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  async #answer(activity: StubActivity): Promise<number> {
    const decision = this.respond(activity);
    if (decision !== 'relay') return decision;
    if (!this.relayTo) throw new Error('BotStub: relay without relayTo');
    const response = await fetch(this.relayTo, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    }).catch(() => undefined);
    await response?.arrayBuffer();
    return response?.status ?? 502;
  }
}

function parse(text: string): StubActivity {
  try {
    return JSON.parse(text) as StubActivity;
  } catch {
    return { unparsed: text };
  }
}
