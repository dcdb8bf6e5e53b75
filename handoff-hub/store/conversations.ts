import type { Sql } from '../../core/storage/index.ts';
import type { HandoffContext } from '../../core/handoff/index.ts';

export interface Offer {
  readonly offerId: string;
  readonly repId: string;
  /** ISO time after which the offer lapses and the conversation is offered to someone else. */
  readonly deadline: string;
  readonly declinedBy: readonly string[];
}

/** A handed-off conversation as the hub stores it. `version` guards every change (optimistic concurrency). */
export interface HubConversation {
  readonly id: string;
  /** How to reach the customer again (the bot's conversation reference). */
  readonly botRef: Record<string, unknown>;
  readonly context: HandoffContext;
  readonly state: string;
  readonly queueId: string;
  readonly repId: string | null;
  readonly offer: Offer | null;
  readonly enqueuedAt: string;
  readonly acceptedAt: string | null;
  readonly closedAt: string | null;
  readonly lastSeq: number;
  readonly version: number;
}

export type Change = Partial<Pick<HubConversation, 'state' | 'queueId' | 'repId' | 'offer' | 'acceptedAt' | 'closedAt'>>;

type Row = {
  id: string;
  bot_ref: Record<string, unknown> | string;
  context: HandoffContext | string;
  state: string;
  queue_id: string;
  rep_id: string | null;
  offer: Offer | string | null;
  enqueued_at: Date | string;
  accepted_at: Date | string | null;
  closed_at: Date | string | null;
  last_seq: number;
  version: number;
};

const COLUMNS: Record<keyof Change, string> = { state: 'state', queueId: 'queue_id', repId: 'rep_id', offer: 'offer', acceptedAt: 'accepted_at', closedAt: 'closed_at' };

/**
 * Conversations in SQL, shared by every hub node. Changes are conditional updates on the version the caller read,
 * so two nodes deciding at once cannot both win: the second gets `null` (a conflict) and re-reads.
 */
export class ConversationStore {
  constructor(private readonly sql: Sql) {}

  /** Stores a new conversation; the same id again (a handoff sent twice) returns the stored one unchanged. */
  async create(c: { id: string; botRef: Record<string, unknown>; context: HandoffContext; state: string; queueId: string; enqueuedAt: Date }): Promise<{ conversation: HubConversation; created: boolean }> {
    const [row] = await this.sql.query<Row>(
      `INSERT INTO hub_conversations (id, bot_ref, context, state, queue_id, enqueued_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO NOTHING RETURNING *`,
      [c.id, JSON.stringify(c.botRef), JSON.stringify(c.context), c.state, c.queueId, c.enqueuedAt.toISOString()],
    );
    if (row) return { conversation: toConversation(row), created: true };
    return { conversation: (await this.get(c.id))!, created: false };
  }

  async get(id: string): Promise<HubConversation | undefined> {
    const [row] = await this.sql.query<Row>('SELECT * FROM hub_conversations WHERE id = $1', [id]);
    return row ? toConversation(row) : undefined;
  }

  /** Every conversation not yet closed (what routing decides over). */
  async open(): Promise<HubConversation[]> {
    return (await this.sql.query<Row>("SELECT * FROM hub_conversations WHERE state <> 'closed' ORDER BY enqueued_at, id")).map(toConversation);
  }

  /** Applies `change` if the conversation is still at `version`; null when someone else changed it first. */
  async update(id: string, version: number, change: Change): Promise<HubConversation | null> {
    const entries = Object.entries(change) as [keyof Change, unknown][];
    const sets = entries.map(([key], i) => `${COLUMNS[key]} = $${i + 3}`);
    const values = entries.map(([key, value]) => (key === 'offer' && value !== null ? JSON.stringify(value) : value));
    const [row] = await this.sql.query<Row>(
      `UPDATE hub_conversations SET ${[...sets, 'version = version + 1'].join(', ')} WHERE id = $1 AND version = $2 RETURNING *`,
      [id, version, ...values],
    );
    return row ? toConversation(row) : null;
  }
}

function toConversation(r: Row): HubConversation {
  const parse = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
  const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());
  return {
    id: r.id,
    botRef: parse(r.bot_ref),
    context: parse(r.context),
    state: r.state,
    queueId: r.queue_id,
    repId: r.rep_id,
    offer: r.offer === null ? null : parse(r.offer),
    enqueuedAt: iso(r.enqueued_at)!,
    acceptedAt: iso(r.accepted_at),
    closedAt: iso(r.closed_at),
    lastSeq: r.last_seq,
    version: r.version,
  };
}
