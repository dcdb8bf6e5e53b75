export { attachHub, type HubServer } from './server.ts';
