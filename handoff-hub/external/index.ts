export { EXTERNAL_BOTS_VARIABLE, type ExternalBot, ExternalBotsError, parseExternalBots } from './config.ts';
export { type ExternalBotsOptions, type ExternalHub, mountExternalBots } from './routes.ts';
export { channelName, externalChannels, WebhookChannel } from './webhook-channel.ts';
