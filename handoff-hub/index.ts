export { attachHub, type HubServer } from './server.ts';
export {
  can,
  type ConversationRef,
  createHubAuth,
  disconnectRevoked,
  type HubAuth,
  type Principal,
  type Role,
} from './auth/index.ts';
export { Hub, type HubOptions } from './service/hub.ts';
export { type CustomerChannel, HandoffRejected } from './service/types.ts';
export { loadQueuesFile, type QueuesConfig } from './routing/index.ts';
export { type ExternalBot, ExternalBotsError, externalChannels, mountExternalBots, parseExternalBots } from './external/index.ts';
export { CannedFileError, loadCannedFile } from './canned.ts';
export { mountConsole } from './console/index.ts';
