import type { AddressInfo } from 'node:net';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, MessageFactory } from 'botbuilder';
import restify from 'restify';

export interface EchoBot {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:PORT/api/messages (what BOT_ENDPOINT takes). */
  readonly endpoint: string;
  close(): Promise<void>;
}

/**
 * The baseline: a bare botbuilder bot (CloudAdapter, no auth, no middleware) on its own restify server that
 * answers every message with `echo: <text>`. It replies on the serviceUrl each activity carries.
 */
export async function startEchoBot(): Promise<EchoBot> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  adapter.onTurnError = async (_context, error) => {
    process.stderr.write(`[echo-bot] turn failed: ${error.stack ?? String(error)}\n`);
  };
  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    await context.sendActivity(MessageFactory.text(`echo: ${context.activity.text ?? ''}`));
    await next();
  });

  const server = restify.createServer({ name: 'bench-echo-bot', handleUpgrades: false });
  server.use(restify.plugins.bodyParser({ mapParams: false, mapFiles: false }));
  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    try {
      await adapter.process(req, res, (context) => bot.run(context));
    } catch (error) {
      process.stderr.write(`[echo-bot] request failed: ${String(error)}\n`);
      if (!res.headersSent) res.send(500);
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/api/messages`,
    async close() {
      const closed = new Promise<void>((resolve) => server.server.close(() => resolve()));
      server.server.closeIdleConnections();
      const timer = setTimeout(() => server.server.closeAllConnections(), 2000).unref();
      await closed;
      clearTimeout(timer);
    },
  };
}
