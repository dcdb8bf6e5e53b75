import { ActivityHandler, type CloudAdapter, ConfigurationBotFrameworkAuthentication, MessageFactory } from 'botbuilder';
import { type InProcessConnector, LocalChannelAdapter } from '../../bot/index.ts';

/**
 * The baseline: a bare botbuilder bot (CloudAdapter, no auth, no middleware) that answers every message with
 * `echo: <text>`. It is served in process by the local Direct Line, exactly as our bot is (AppParts.bot), so the
 * comparison measures the bots, not the transports.
 */
export function bareEchoBot(connector: InProcessConnector): { adapter: CloudAdapter; bot: ActivityHandler } {
  const adapter = new LocalChannelAdapter(new ConfigurationBotFrameworkAuthentication({}), connector);
  adapter.onTurnError = async (_context, error) => {
    process.stderr.write(`[echo-bot] turn failed: ${error.stack ?? String(error)}\n`);
  };
  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    await context.sendActivity(MessageFactory.text(`echo: ${context.activity.text ?? ''}`));
    await next();
  });
  return { adapter, bot };
}
