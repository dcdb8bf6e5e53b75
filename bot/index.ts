export { createAdapter } from './adapter.ts';
export {
  azureTokenIssuer,
  createLocalDirectLine,
  type LocalDirectLine,
  mountWidgetToken,
} from './directline/index.ts';
export { asAsync, withLlmSecondOpinion } from './nlu/llm/index.ts';
export type { AsyncIntentClassifier } from './nlu/types.ts';
export { mountBotEndpoint } from './routes.ts';
export { SupportBot } from './support-bot.ts';
