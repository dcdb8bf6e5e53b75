export { createAdapter } from './adapter.ts';
export {
  azureTokenIssuer,
  createLocalDirectLine,
  type LocalDirectLine,
  mountWidgetToken,
} from './directline/index.ts';
export { mountBotEndpoint } from './routes.ts';
export { SupportBot } from './support-bot.ts';
