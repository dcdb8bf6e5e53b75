/**
 * The shapes the console reads, all declared by the server: the Socket.io protocol (protocol.ts), the conversation
 * view the hub answers a join with (service/views.ts) and the signed-in account (auth-routes.ts). Types only: the
 * bundle carries none of the server's code or its zod schemas.
 */
import type { ServerEvents } from '../../protocol.ts';

export type { ConversationView as ConversationDetail } from '../../service/views.ts';
export type {
  Ack,
  CannedResponse,
  ChatMessage,
  ClientEventName,
  ClientPayload,
  ConversationSummary,
  Directory,
  ErrorCode,
  KnowledgeSuggestion,
  Overview,
  Presence,
  Sender,
  ServerEvents,
} from '../../protocol.ts';

export type Offer = Parameters<ServerEvents['offer']>[0];
export type OfferWithdrawn = Parameters<ServerEvents['offer:withdrawn']>[0];
export type StateChange = Parameters<ServerEvents['conversation:state']>[0];

/** GET /api/hub/auth/me's account. */
export interface Account {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly role: 'rep' | 'supervisor' | 'admin';
  readonly skills: readonly string[];
  readonly languages: readonly string[];
  readonly capacity: number;
}

export const oversees = (a: Pick<Account, 'role'>) => a.role === 'supervisor' || a.role === 'admin';
