export { createAdapter } from './adapter.ts';
export { createLocalDirectLine, type LocalDirectLine } from './directline/index.ts';
export { mountBotEndpoint } from './routes.ts';
export { SupportBot } from './support-bot.ts';
