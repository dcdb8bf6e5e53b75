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
