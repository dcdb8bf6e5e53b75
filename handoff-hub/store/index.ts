export { type Change, ConversationStore, type HubConversation, type Offer } from './conversations.ts';
export { MessageStore } from './messages.ts';
