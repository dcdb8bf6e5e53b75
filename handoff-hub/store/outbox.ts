import type { HandoffStatus, QueueNotice } from '../../core/handoff/index.ts';
import { jsonColumn, type Sql, type SqlExecutor } from '../../core/storage/index.ts';

/** What goes to the customer, in the order it was decided. */
export type OutboxItem =
  | { readonly kind: 'message'; readonly messageId: string; readonly text: string; readonly from: { readonly id: string; readonly name: string } }
  | { readonly kind: 'status'; readonly status: CustomerStatus }
  | { readonly kind: 'queue'; readonly notice: QueueNotice };

export type CustomerStatus = HandoffStatus;
export type { QueueNotice };

export interface PendingItem {
  readonly id: string;
  readonly conversationId: string;
  readonly item: OutboxItem;
  readonly attempts: number;
}

/**
 * How long a node may take to deliver the next item of what it claimed before another node may try; renewed after
 * every item. Short, because a node that dies holds its claim this long (the customer waits that long at most).
 */
const LEASE_SECONDS = 10;

/**
 * The customer-bound outbox: rows written in the same transaction as the change that causes them, delivered in
 * order per conversation, and marked delivered only after the channel took them. A node that dies mid-delivery
 * leaves its lease to run out; any node's sweep then delivers again (the channel drops the repeat by id).
 */
export class OutboxStore {
  constructor(private readonly sql: Sql) {}

  async add(tx: SqlExecutor, conversationId: string, item: OutboxItem): Promise<void> {
    await tx.query('INSERT INTO hub_outbox (conversation_id, kind, payload) VALUES ($1, $2, $3)', [conversationId, item.kind, JSON.stringify(item)]);
  }

  /**
   * Claims every undelivered row of a conversation, oldest first, unless another node holds a lease on one of them
   * (then it is theirs to deliver, in order).
   */
  async claim(conversationId: string): Promise<PendingItem[]> {
    const rows = await this.sql.query<{ id: string; conversation_id: string; payload: OutboxItem | string; attempts: number }>(
      `UPDATE hub_outbox SET lease_until = now() + interval '${LEASE_SECONDS} seconds', attempts = attempts + 1
       WHERE conversation_id = $1 AND delivered_at IS NULL AND (lease_until IS NULL OR lease_until < now())
         AND NOT EXISTS (SELECT 1 FROM hub_outbox o WHERE o.conversation_id = $1 AND o.delivered_at IS NULL AND o.lease_until >= now())
       RETURNING id, conversation_id, payload, attempts`,
      [conversationId],
    );
    return rows
      .map((r) => ({ id: String(r.id), conversationId: r.conversation_id, item: jsonColumn(r.payload), attempts: r.attempts }))
      .sort((a, b) => Number(BigInt(a.id) - BigInt(b.id)));
  }

  /** Marks one item delivered and renews the claim on the rest of `claimed` (still this node's to send). */
  async delivered(id: string, claimed: readonly string[] = []): Promise<void> {
    await this.sql.query(
      `UPDATE hub_outbox SET delivered_at = CASE WHEN id = $1 THEN now() ELSE delivered_at END, last_error = NULL,
         lease_until = CASE WHEN id = $1 THEN NULL ELSE now() + interval '${LEASE_SECONDS} seconds' END
       WHERE id = $1 OR (id = ANY($2::bigint[]) AND delivered_at IS NULL)`,
      [id, claimed],
    );
  }

  /** Gives back the claim on `ids` (not delivered): retried after `retryInSeconds`. */
  async release(ids: readonly string[], error: string, retryInSeconds: number): Promise<void> {
    if (ids.length === 0) return;
    await this.sql.query(
      `UPDATE hub_outbox SET lease_until = now() + make_interval(secs => $2), last_error = $3 WHERE id = ANY($1::bigint[])`,
      [ids, retryInSeconds, error.slice(0, 2000)],
    );
  }

  /** Conversations with something left to deliver whose lease (if any) ran out: the sweep's work list. */
  async due(limit = 200): Promise<string[]> {
    const rows = await this.sql.query<{ conversation_id: string }>(
      `SELECT DISTINCT conversation_id FROM hub_outbox WHERE delivered_at IS NULL AND (lease_until IS NULL OR lease_until < now())
         AND created_at < now() - interval '1 second' LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.conversation_id);
  }
}
