export { ConversationStore, type HubConversation, type NewConversation, type RoutingRow, type Told, type Wrapup } from './conversations.ts';
export { MessageStore, type NewMessage } from './messages.ts';
export { type CustomerStatus, type OutboxItem, OutboxStore, type QueueNotice } from './outbox.ts';
export { PRESENCE_STALE_MS, RepStore } from './reps.ts';
