import type { HandoffContext } from '../../core/handoff/index.ts';
import { jsonColumn, type Sql, type SqlExecutor } from '../../core/storage/index.ts';
import type { Conversation, HandledConversation } from '../routing/index.ts';

/** What the customer was last told about their wait; a new notice goes out only when this changes. */
export interface Told {
  readonly position: number;
  /** Whole minutes, rounded up; null when there is no honest estimate (nobody online). */
  readonly minutes: number | null;
  readonly unavailable: string | null;
}

export interface Wrapup {
  readonly disposition: string;
  readonly notes: string;
  readonly by: string;
  readonly at: string;
}

/**
 * A handed-off conversation as the hub stores it: the routing record (the pure domain's `Conversation`) plus what
 * only the server needs. `version` guards every change (optimistic concurrency across nodes).
 */
export interface HubConversation {
  readonly id: string;
  /** The bot conversation it came from (`channelId/conversationId`): one open handoff per bot conversation. */
  readonly customerKey: string;
  /** How to reach the customer again: `bot` (this process's bot) or `webhook:<id>` (another Bot Framework bot). */
  readonly channel: string;
  /** The bot's conversation reference. */
  readonly botRef: Record<string, unknown>;
  readonly context: HandoffContext;
  readonly routing: Conversation;
  /** Names the current offer, so a late or replayed accept of an earlier one is refused. */
  readonly offerId: string | null;
  readonly told: Told | null;
  readonly wrapup: Wrapup | null;
  readonly lastSeq: number;
  readonly version: number;
}

/** A conversation as a routing pass sees it. */
export type RoutingRow = Pick<HubConversation, 'id' | 'routing' | 'told' | 'version'>;

type Row = {
  id: string;
  customer_key: string | null;
  channel: string;
  bot_ref: Record<string, unknown> | string;
  context: HandoffContext | string;
  routing: Conversation | string;
  offer: { offerId: string } | string | null;
  told: Told | string | null;
  wrapup: Wrapup | string | null;
  last_seq: number;
  version: number;
};

export type NewConversation = Pick<HubConversation, 'id' | 'customerKey' | 'channel' | 'botRef' | 'context' | 'routing'>;

/**
 * Conversations in SQL, shared by every hub node. Changes are conditional updates on the version the caller read,
 * so two nodes deciding at once cannot both win: the second gets `null` (a conflict) and re-reads. The columns
 * beside `routing` (state, queue, rep, offer, times) are derived from it on every write, for queries and indexes.
 */
export class ConversationStore {
  constructor(private readonly sql: Sql) {}

  /**
   * Stores a new conversation in `tx`. A bot conversation that already has an open handoff (a handoff sent twice)
   * gets that one back unchanged: a unique index would be neater, but the partial unique index needs `state`,
   * which changes; the row lock on the customer key below does the same job.
   */
  async create(tx: SqlExecutor, c: NewConversation): Promise<{ conversation: HubConversation; created: boolean }> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`hub:${c.customerKey}`]);
    const open = await this.openFor(c.customerKey, tx);
    if (open) return { conversation: open, created: false };
    const [row] = await tx.query<Row>(
      `INSERT INTO hub_conversations (id, customer_key, channel, bot_ref, context, routing, state, queue_id, enqueued_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
      [c.id, c.customerKey, c.channel, JSON.stringify(c.botRef), JSON.stringify(c.context), JSON.stringify(c.routing), c.routing.state, c.routing.queueId ?? '', iso(c.routing.enqueuedAt) ?? new Date().toISOString()],
    );
    return { conversation: toConversation(row!), created: true };
  }

  async get(id: string, tx: SqlExecutor = this.sql): Promise<HubConversation | undefined> {
    const [row] = await tx.query<Row>('SELECT * FROM hub_conversations WHERE id = $1', [id]);
    return row ? toConversation(row) : undefined;
  }

  /** The bot conversation's handoff that is not over yet, if any. */
  async openFor(customerKey: string, tx: SqlExecutor = this.sql): Promise<HubConversation | undefined> {
    const [row] = await tx.query<Row>(
      "SELECT * FROM hub_conversations WHERE customer_key = $1 AND state NOT IN ('closed', 'bot') ORDER BY enqueued_at DESC LIMIT 1",
      [customerKey],
    );
    return row ? toConversation(row) : undefined;
  }

  /** Where a conversation stands, without its context and bot reference: read for every message a rep sends. */
  async routingOf(id: string): Promise<Pick<HubConversation, 'id' | 'routing' | 'lastSeq'> | undefined> {
    const [row] = await this.sql.query<{ id: string; routing: Conversation | string; last_seq: number }>(
      'SELECT id, routing, last_seq FROM hub_conversations WHERE id = $1',
      [id],
    );
    return row && { id: row.id, routing: jsonColumn(row.routing), lastSeq: row.last_seq };
  }

  /** Every conversation routing still decides over (waiting, offered, with a rep, in wrap-up). */
  async open(): Promise<HubConversation[]> {
    return (await this.sql.query<Row>("SELECT * FROM hub_conversations WHERE state NOT IN ('closed', 'bot') ORDER BY enqueued_at, id")).map(toConversation);
  }

  /**
   * What a routing pass decides over, and only that: waiting and offered conversations and live chats whose
   * customer is away (their reconnect deadline), without the context and the bot reference. A busy floor of
   * hundreds of live chats costs a pass nothing.
   */
  async forRouting(): Promise<RoutingRow[]> {
    const rows = await this.sql.query<{ id: string; routing: Conversation | string; told: Told | string | null; version: number }>(
      `SELECT id, routing, told, version FROM hub_conversations
       WHERE state IN ('queued', 'offered') OR (state = 'active' AND routing ? 'reconnectDeadline') ORDER BY enqueued_at, id`,
    );
    return rows.map((r) => ({ id: r.id, routing: jsonColumn(r.routing), told: r.told === null ? null : jsonColumn(r.told), version: r.version }));
  }

  /** Conversations a rep owns or is offered (the console's "my conversations" after a reload). */
  async forRep(repId: string): Promise<HubConversation[]> {
    const rows = await this.sql.query<Row>(
      "SELECT * FROM hub_conversations WHERE (rep_id = $1 AND state IN ('active', 'wrap-up')) OR (state = 'offered' AND offer->>'repId' = $1) ORDER BY enqueued_at",
      [repId],
    );
    return rows.map(toConversation);
  }

  /** Recently handled conversations, for the wait estimate (accept to close). */
  async recentHandled(limit = 500): Promise<HandledConversation[]> {
    const rows = await this.sql.query<{ queue_id: string; closed_at: Date | string; handle_seconds: number | string }>(
      `SELECT queue_id, closed_at, EXTRACT(EPOCH FROM closed_at - accepted_at) AS handle_seconds FROM hub_conversations
       WHERE accepted_at IS NOT NULL AND closed_at IS NOT NULL ORDER BY closed_at DESC LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({ queueId: r.queue_id, closedAt: new Date(r.closed_at).getTime(), handleSeconds: Number(r.handle_seconds) }));
  }

  /**
   * Writes the next routing record if the conversation is still at `version`; null when someone else changed it
   * first. `offerId` names a new offer (kept while the conversation stays offered to the same rep).
   */
  async update(
    tx: SqlExecutor,
    current: HubConversation,
    routing: Conversation,
    extra: { offerId?: string | null; wrapup?: Wrapup } = {},
  ): Promise<HubConversation | null> {
    const offerId = routing.offer ? (extra.offerId ?? current.offerId) : null;
    const offer = routing.offer && offerId ? { offerId, repId: routing.offer.repId, deadline: iso(routing.offer.deadline) } : null;
    const [row] = await tx.query<Row>(
      `UPDATE hub_conversations SET routing = $3, state = $4, queue_id = $5, rep_id = $6, offer = $7, enqueued_at = $8,
         accepted_at = $9, closed_at = $10, wrapup = COALESCE($11, wrapup), version = version + 1
       WHERE id = $1 AND version = $2 RETURNING *`,
      [
        current.id,
        current.version,
        JSON.stringify(routing),
        routing.state,
        routing.queueId ?? current.routing.queueId ?? '',
        routing.assignedRepId ?? null,
        offer ? JSON.stringify(offer) : null,
        iso(routing.enqueuedAt ?? current.routing.enqueuedAt) ?? new Date().toISOString(),
        iso(routing.acceptedAt),
        iso(routing.closedAt),
        extra.wrapup ? JSON.stringify(extra.wrapup) : null,
      ],
    );
    return row ? toConversation(row) : null;
  }

  /** Records what the customer was told about their wait (no version bump: it changes no routing fact). */
  async setTold(id: string, told: Told | null, tx: SqlExecutor = this.sql): Promise<void> {
    await tx.query('UPDATE hub_conversations SET told = $2 WHERE id = $1', [id, told === null ? null : JSON.stringify(told)]);
  }
}

function iso(ms: number | undefined): string | null {
  return ms === undefined ? null : new Date(ms).toISOString();
}


function toConversation(r: Row): HubConversation {
  return {
    id: r.id,
    customerKey: r.customer_key ?? r.id,
    channel: r.channel,
    botRef: jsonColumn(r.bot_ref),
    context: jsonColumn(r.context),
    routing: jsonColumn(r.routing),
    offerId: r.offer === null ? null : jsonColumn(r.offer).offerId,
    told: r.told === null ? null : jsonColumn(r.told),
    wrapup: r.wrapup === null ? null : jsonColumn(r.wrapup),
    lastSeq: r.last_seq,
    version: r.version,
  };
}
