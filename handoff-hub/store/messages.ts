import { randomUUID } from 'node:crypto';
import { againOnUniqueViolation, jsonColumn, type Sql, type SqlExecutor } from '../../core/storage/index.ts';
import type { ChatMessage, Sender } from '../protocol.ts';
import { CLOSED_TO_CUSTOMERS, type Conversation } from '../routing/index.ts';
import type { OutboxItem } from './outbox.ts';

/** Messages a rejoining client receives at most per page; it asks again after the last seq it got. */
const PAGE = 500;

export interface NewMessage {
  readonly conversationId: string;
  /** The sender's own id for the message: the same one twice is stored once. */
  readonly clientId: string;
  readonly from: Sender;
  readonly text: string;
  readonly internal: boolean;
  readonly at: Date;
}

/**
 * `append` in one round trip: the message stored before under the same clientId (then nothing is written), else
 * the conversation's next seq and the message under it, and, when `$8` names one, the outbox row that carries it to
 * the customer. The counter's row lock orders concurrent appends; two copies racing both past `prior` meet the
 * unique (conversation, client id) index, and the loser tries again.
 */
const APPEND = `
  WITH prior AS (
    SELECT * FROM hub_messages WHERE conversation_id = $1 AND client_id = $3
  ), counter AS (
    UPDATE hub_conversations SET last_seq = last_seq + 1 WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM prior) RETURNING last_seq
  ), stored AS (
    INSERT INTO hub_messages (conversation_id, seq, id, client_id, sender, text, internal, at)
    SELECT $1, last_seq, $2, $3, $4, $5, $6, $7 FROM counter
    RETURNING *
  ), outbox AS (
    INSERT INTO hub_outbox (conversation_id, kind, payload)
    SELECT $1, 'message', $8::jsonb FROM stored WHERE $8::jsonb IS NOT NULL
  )
  SELECT *, false AS duplicate FROM stored
  UNION ALL
  SELECT *, true AS duplicate FROM prior`;

/**
 * A customer's message in one round trip: like APPEND, but the sender comes from the conversation's handoff context
 * and nothing is written unless the conversation is still with the hub (not back with the bot, in wrap-up or
 * closed; the counter's UPDATE checks that again under its row lock). The one row answers with where the
 * conversation stands and the message stored now or before, if any.
 */
const APPEND_FROM_CUSTOMER = `
  WITH conversation AS (
    SELECT customer_key, routing, state, context->'customer' AS customer FROM hub_conversations WHERE id = $1
  ), prior AS (
    SELECT * FROM hub_messages WHERE conversation_id = $1 AND client_id = $3
  ), counter AS (
    UPDATE hub_conversations SET last_seq = last_seq + 1
    WHERE id = $1 AND state NOT IN (${CLOSED_TO_CUSTOMERS.map((s) => `'${s}'`).join(', ')}) AND NOT EXISTS (SELECT 1 FROM prior)
    RETURNING last_seq
  ), stored AS (
    INSERT INTO hub_messages (conversation_id, seq, id, client_id, sender, text, internal, at)
    SELECT $1, counter.last_seq, $2, $3,
      jsonb_build_object('kind', 'customer', 'id', conversation.customer->>'id', 'name', COALESCE(conversation.customer->>'name', 'Customer')),
      $4, false, $5
    FROM counter, conversation
    RETURNING *
  )
  SELECT conversation.customer_key, conversation.routing, conversation.state AS conversation_state, message.*
  FROM conversation LEFT JOIN (
    SELECT *, false AS duplicate FROM stored UNION ALL SELECT *, true AS duplicate FROM prior
  ) AS message ON true`;

type Row = { conversation_id: string; seq: number; id: string; sender: Sender | string; text: string; internal: boolean; at: Date | string };

/**
 * A handed-off conversation's messages, in the order the hub accepted them. `append` stores a message with the next
 * sequence number before returning it, so the server acknowledges and broadcasts only what is already durable; the
 * same `clientId` twice (a retry after a lost acknowledgement) returns the first message instead of a second one.
 */
export class MessageStore {
  constructor(private readonly sql: Sql) {}

  /**
   * One statement (see APPEND). With `toCustomer`, a new message also goes into the customer outbox, atomically:
   * a message the rep was told is stored is never one the customer will not get.
   */
  async append(m: NewMessage, o: { toCustomer?: boolean } = {}): Promise<{ message: ChatMessage; duplicate: boolean }> {
    const id = randomUUID();
    const outbox: OutboxItem | null = o.toCustomer ? { kind: 'message', messageId: id, text: m.text, from: { id: m.from.id, name: m.from.name } } : null;
    const params = [m.conversationId, id, m.clientId, JSON.stringify(m.from), m.text, m.internal, m.at.toISOString(), outbox && JSON.stringify(outbox)];
    // A retry that raced its first copy and lost finds that copy on the second run.
    const [row] = await againOnUniqueViolation(() => this.sql.query<Row & { duplicate: boolean }>(APPEND, params));
    if (!row) throw new Error(`no hub conversation ${m.conversationId}`);
    return { message: toMessage(row), duplicate: row.duplicate };
  }

  /**
   * A customer's message (see APPEND_FROM_CUSTOMER), stored once per `clientId`. Undefined when the conversation is
   * unknown or no longer with the hub (the bot answers the message instead); else the message, whether it was
   * stored before, and the conversation's routing and customer key as they were when the message came.
   */
  async appendFromCustomer(m: { conversationId: string; clientId: string; text: string; at: Date }): Promise<
    { message: ChatMessage; duplicate: boolean; customerKey: string; routing: Conversation } | undefined
  > {
    const params = [m.conversationId, randomUUID(), m.clientId, m.text, m.at.toISOString()];
    type Answer = Partial<Row> & { customer_key: string | null; routing: Conversation | string; conversation_state: string; duplicate: boolean | null };
    const [row] = await againOnUniqueViolation(() => this.sql.query<Answer>(APPEND_FROM_CUSTOMER, params));
    if (!row || row.duplicate === null || (CLOSED_TO_CUSTOMERS as readonly string[]).includes(row.conversation_state)) return undefined;
    return { message: toMessage(row as Row), duplicate: row.duplicate, customerKey: row.customer_key ?? m.conversationId, routing: jsonColumn(row.routing) };
  }

  /**
   * `append` inside the caller's transaction (with the outbox row that sends it on, say). Two statements on the
   * usual path: taking the next number locks the conversation's row, so a concurrent retry of the same clientId
   * waits here and then finds this one's row; a retry hands the number back before anyone could see it.
   */
  async appendIn(tx: SqlExecutor, m: NewMessage): Promise<{ message: ChatMessage; duplicate: boolean }> {
    const [counter] = await tx.query<{ last_seq: number }>('UPDATE hub_conversations SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq', [m.conversationId]);
    if (!counter) throw new Error(`no hub conversation ${m.conversationId}`);
    const id = randomUUID();
    const at = m.at.toISOString();
    const [inserted] = await tx.query<Row>(
      `INSERT INTO hub_messages (conversation_id, seq, id, client_id, sender, text, internal, at)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8
       WHERE NOT EXISTS (SELECT 1 FROM hub_messages WHERE conversation_id = $1 AND client_id = $4) RETURNING *`,
      [m.conversationId, counter.last_seq, id, m.clientId, JSON.stringify(m.from), m.text, m.internal, at],
    );
    if (inserted) return { message: toMessage(inserted), duplicate: false };
    await tx.query('UPDATE hub_conversations SET last_seq = last_seq - 1 WHERE id = $1', [m.conversationId]);
    return { message: (await this.#byClientId(tx, m.conversationId, m.clientId))!, duplicate: true };
  }

  /** Messages after `seq`, oldest first (a page at a time). */
  async after(conversationId: string, seq: number, o: { includeInternal: boolean }): Promise<ChatMessage[]> {
    const rows = await this.sql.query<Row>(
      `SELECT * FROM hub_messages WHERE conversation_id = $1 AND seq > $2 ${o.includeInternal ? '' : 'AND NOT internal'} ORDER BY seq LIMIT ${PAGE}`,
      [conversationId, seq],
    );
    return rows.map(toMessage);
  }

  async #byClientId(tx: SqlExecutor, conversationId: string, clientId: string): Promise<ChatMessage | undefined> {
    const [row] = await tx.query<Row>('SELECT * FROM hub_messages WHERE conversation_id = $1 AND client_id = $2', [conversationId, clientId]);
    return row ? toMessage(row) : undefined;
  }
}

function toMessage(r: Row): ChatMessage {
  return {
    conversationId: r.conversation_id,
    id: r.id,
    seq: r.seq,
    from: jsonColumn(r.sender),
    text: r.text,
    internal: r.internal,
    at: new Date(r.at).toISOString(),
  };
}
