export { createAdapter, directTurn, LocalChannelAdapter } from './adapter.ts';
export { SqlTranscriptStore } from './state/sql-transcript-store.ts';
export { BotCustomerChannel } from './handoff/customer-channel.ts';
export { HandoffRefused, type HubGateway, type HubStatus, type HubUpdate, type QueueNotice } from './handoff/gateway.ts';
export { createSupportBot } from './assemble.ts';
export { createNlu, type Nlu } from './nlu/setup.ts';
export {
  type ActivityFeed,
  azureTokenIssuer,
  createLocalDirectLine,
  createRedisActivityFeed,
  type InProcessConnector,
  type LocalDirectLine,
  mountWidgetToken,
  type RedisActivityFeed,
} from './directline/index.ts';
export { asAsync, withLlmSecondOpinion } from './nlu/llm/index.ts';
export type { AsyncIntentClassifier } from './nlu/types.ts';
export { mountBotEndpoint } from './routes.ts';
