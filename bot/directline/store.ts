import { BoundedMap } from '../../core/bounded-map.ts';
import { againOnUniqueViolation, jsonColumn, type Sql } from '../../core/storage/index.ts';
import { type Activity, activityId } from './activity.ts';

export interface ConversationRow {
  readonly id: string;
  readonly userId: string;
  readonly userName: string | null;
  readonly locale: string | null;
  readonly started: boolean;
}

export interface StoredActivity {
  readonly seq: number;
  readonly activity: Activity;
}

export interface PendingDelivery extends StoredActivity {
  readonly conversationId: string;
  readonly attempts: number;
}

interface ActivityRow {
  seq: number;
  activity: Activity | string;
}

// pg returns jsonb parsed; PGlite too, but keep both paths honest.
const parse = (row: ActivityRow): StoredActivity => ({
  seq: row.seq,
  activity: jsonColumn(row.activity),
});

/**
 * One statement, so one round trip: the copy a sender stored before under the same clientActivityID (then nothing
 * is written), else the conversation's next seq and the activity stored under it, its id derived from the seq as
 * activityId() does. The counter's row lock orders concurrent appends to one conversation.
 */
const APPEND = `
  WITH prior AS (
    SELECT seq, activity FROM dl_activities
    WHERE $3::text IS NOT NULL AND conversation_id = $1 AND from_role = $2 AND client_activity_id = $3
  ), counter AS (
    UPDATE dl_conversations SET last_seq = last_seq + 1
    WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM prior)
    RETURNING last_seq
  ), stored AS (
    INSERT INTO dl_activities (conversation_id, seq, from_role, client_activity_id, activity, bot_delivery)
    SELECT $1, last_seq, $2, $3,
           $4::jsonb || jsonb_build_object('id', $1 || '|' || lpad(last_seq::text, greatest(7, length(last_seq::text)), '0')),
           $5
    FROM counter
    RETURNING seq
  )
  SELECT seq, NULL::jsonb AS activity FROM stored
  UNION ALL
  SELECT seq, activity FROM prior`;

/**
 * Conversations and their activity feed in SQL: every activity gets the next per-conversation sequence number
 * (the watermark) in one statement (see APPEND), so concurrent writers never share or skip a number.
 */
export class DirectLineStore {
  /**
   * Started conversations, which never change again (nor are deleted), so every node may keep them: each client
   * request and each bot reply names its conversation, and this spares a query for each.
   */
  readonly #started = new BoundedMap<string, ConversationRow>(10_000);

  constructor(private readonly sql: Sql) {}

  async createConversation(c: { id: string; userId: string; userName?: string | undefined; locale?: string }) {
    await this.sql.query('INSERT INTO dl_conversations (id, user_id, user_name, locale) VALUES ($1, $2, $3, $4)', [
      c.id,
      c.userId,
      c.userName ?? null,
      c.locale ?? null,
    ]);
  }

  async getConversation(id: string): Promise<ConversationRow | undefined> {
    const known = this.#started.get(id);
    if (known) return known;
    const [row] = await this.sql.query<{
      id: string;
      user_id: string;
      user_name: string | null;
      locale: string | null;
      started_at: Date | null;
    }>('SELECT id, user_id, user_name, locale, started_at FROM dl_conversations WHERE id = $1', [id]);
    if (!row) return undefined;
    const conversation = { id: row.id, userId: row.user_id, userName: row.user_name, locale: row.locale, started: row.started_at !== null };
    if (conversation.started) this.#started.set(id, conversation);
    return conversation;
  }

  /** Marks the conversation started; true only for the call that started it (the real service answers 201 then 200). */
  async markStarted(id: string, locale: string | undefined): Promise<boolean> {
    const rows = await this.sql.query(
      'UPDATE dl_conversations SET started_at = now(), locale = COALESCE($2, locale) WHERE id = $1 AND started_at IS NULL RETURNING id',
      [id, locale ?? null],
    );
    return rows.length === 1;
  }

  /**
   * Appends an activity, assigning id and watermark. An activity whose clientActivityID the same sender (user or
   * bot) stored before is not stored again: the first copy comes back with `duplicate: true`. Clients retry posts
   * after network errors; the hub re-sends a rep message after a crash.
   */
  async append(
    conversationId: string,
    activity: Activity,
    from: 'user' | 'bot',
  ): Promise<StoredActivity & { duplicate: boolean }> {
    const given = activity.channelData?.clientActivityID;
    const clientActivityId = typeof given === 'string' && given !== '' ? given : null;
    const content: Activity = { ...activity, timestamp: activity.timestamp ?? new Date().toISOString() };
    delete content.id;
    const params = [conversationId, from, clientActivityId, JSON.stringify(content), from === 'user' ? 'pending' : 'none'];
    // Two copies of one post may race: the one refused by the unique index finds the other on its second run.
    const [row] = await againOnUniqueViolation(() => this.sql.query<{ seq: number; activity: Activity | string | null }>(APPEND, params));
    if (!row) throw new Error(`conversation ${conversationId} does not exist`);
    if (row.activity !== null) return { ...parse(row as ActivityRow), duplicate: true };
    return { seq: row.seq, activity: { ...content, id: activityId(conversationId, row.seq) }, duplicate: false };
  }

  /** Activities after the watermark, oldest first. */
  async listAfter(conversationId: string, watermark: number, limit = 500): Promise<StoredActivity[]> {
    const rows = await this.sql.query<ActivityRow>(
      'SELECT seq, activity FROM dl_activities WHERE conversation_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
      [conversationId, watermark, limit],
    );
    return rows.map(parse);
  }

  /** Replaces a stored activity's content (the bot's updateActivity); false when there is no such activity. */
  async replace(conversationId: string, seq: number, activity: Activity): Promise<boolean> {
    const rows = await this.sql.query(
      'UPDATE dl_activities SET activity = $3 WHERE conversation_id = $1 AND seq = $2 RETURNING seq',
      [conversationId, seq, JSON.stringify(activity)],
    );
    return rows.length === 1;
  }

  async markDelivery(conversationId: string, seq: number, state: 'delivered' | 'failed' | 'pending') {
    await this.sql.query(
      `UPDATE dl_activities SET bot_delivery = $3, delivery_attempts = delivery_attempts + 1
       WHERE conversation_id = $1 AND seq = $2`,
      [conversationId, seq, state],
    );
  }

  /** User activities the bot has not taken yet, oldest first (the outbox swept at start-up). */
  async pendingDeliveries(limit = 500): Promise<PendingDelivery[]> {
    const rows = await this.sql.query<ActivityRow & { conversation_id: string; delivery_attempts: number }>(
      `SELECT conversation_id, seq, activity, delivery_attempts FROM dl_activities
       WHERE bot_delivery = 'pending' ORDER BY created_at, seq LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({ ...parse(r), conversationId: r.conversation_id, attempts: r.delivery_attempts }));
  }

  async saveAttachment(a: { id: string; conversationId: string; contentType: string; name: string; bytes: Buffer }) {
    await this.sql.query(
      'INSERT INTO dl_attachments (id, conversation_id, content_type, name, bytes) VALUES ($1, $2, $3, $4, $5)',
      [a.id, a.conversationId, a.contentType, a.name, a.bytes],
    );
  }

  async getAttachment(id: string) {
    const [row] = await this.sql.query<{ content_type: string; name: string; bytes: Uint8Array }>(
      `SELECT content_type, name, bytes FROM dl_attachments WHERE id = $1 AND created_at > now() - interval '24 hours'`,
      [id],
    );
    return row && { contentType: row.content_type, name: row.name, bytes: Buffer.from(row.bytes) };
  }

  /** Uploads live 24 hours, as on Azure's Direct Line. */
  async deleteExpiredAttachments(): Promise<number> {
    const rows = await this.sql.query(
      `DELETE FROM dl_attachments WHERE created_at <= now() - interval '24 hours' RETURNING id`,
    );
    return rows.length;
  }
}
