import type { Logger } from '../../core/logger.ts';
import type { Sql } from '../../core/storage/index.ts';
import type { Disposition, Queue, RoutingPolicy } from '../routing/index.ts';
import type { ConversationStore } from '../store/conversations.ts';
import type { MessageStore } from '../store/messages.ts';
import type { OutboxStore } from '../store/outbox.ts';
import type { RepStore } from '../store/reps.ts';
import type { Delivery } from './delivery.ts';
import type { ConsoleEmitter, HubMetrics } from './types.ts';

/** What the hub's parts share: stores, the outbox sender, the consoles, the queue config and the clock. */
export interface HubDeps {
  readonly sql: Sql;
  readonly conversations: ConversationStore;
  readonly messages: MessageStore;
  readonly outbox: OutboxStore;
  readonly reps: RepStore;
  readonly delivery: Delivery;
  readonly consoles: () => ConsoleEmitter;
  readonly queues: readonly Queue[];
  readonly policy: RoutingPolicy;
  /** The wrap-up codes a rep may close a conversation with. */
  readonly dispositions: readonly Disposition[];
  /** Epoch ms. */
  readonly now: () => number;
  readonly log: Logger;
  readonly metrics: HubMetrics;
  /** Asks for a routing pass soon (coalesced). */
  readonly reroute: () => void;
}

export const SYSTEM = { kind: 'system', id: 'hub', name: 'System' } as const;
