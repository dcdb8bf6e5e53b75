import type { Activity, PagedResult, TranscriptInfo, TranscriptStore } from 'botbuilder';
import { jsonColumn, type Sql } from '../../core/storage/index.ts';

/** Activities a conversation's transcript keeps: what was said and done, not typing indicators. */
const LOGGED = new Set(['message', 'event', 'endOfConversation', 'handoff']);
const PAGE = 500;

/**
 * botbuilder's `TranscriptStore` over our SQL (TranscriptLoggerMiddleware writes to it): the transcript a handoff
 * carries to the rep, kept in the same database as everything else, on any channel.
 */
export class SqlTranscriptStore implements TranscriptStore {
  #pending: Activity[] = [];
  #flushing: Promise<void> | undefined;

  constructor(private readonly sql: Sql) {}

  /**
   * The middleware logs a turn's activities one by one after the turn, without waiting: they are written
   * together, in one statement, once the turn's synchronous work is done.
   */
  logActivity(activity: Activity): Promise<void> {
    if (!LOGGED.has(activity.type) || !activity.conversation?.id) return Promise.resolve();
    this.#pending.push(activity);
    this.#flushing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.#flush());
    return this.#flushing;
  }

  /** Writes what is pending (reads call it first, so a handoff's transcript includes the latest turn). */
  async flush(): Promise<void> {
    await this.#flushing;
    if (this.#pending.length > 0) await this.#flush();
  }

  async #flush(): Promise<void> {
    const batch = this.#pending;
    this.#pending = [];
    this.#flushing = undefined;
    if (batch.length === 0) return;
    const params: unknown[] = [];
    const rows = batch.map((a, i) => {
      params.push(a.channelId ?? '', a.conversation.id, new Date(a.timestamp ?? Date.now()).toISOString(), JSON.stringify(a));
      return `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4})`;
    });
    await this.sql.query(`INSERT INTO bot_transcripts (channel_id, conversation_id, at, activity) VALUES ${rows.join(', ')}`, params);
  }

  async getTranscriptActivities(channelId: string, conversationId: string, continuationToken?: string, startDate?: Date): Promise<PagedResult<Activity>> {
    await this.flush();
    const after = Number(continuationToken ?? 0) || 0;
    const rows = await this.sql.query<{ id: number; activity: Activity | string }>(
      `SELECT id, activity FROM bot_transcripts WHERE channel_id = $1 AND conversation_id = $2 AND id > $3 AND at >= $4
       ORDER BY id LIMIT ${PAGE}`,
      [channelId, conversationId, after, (startDate ?? new Date(0)).toISOString()],
    );
    const items = rows.map((r) => jsonColumn(r.activity));
    return { items, continuationToken: rows.length === PAGE ? String(rows.at(-1)!.id) : '' };
  }

  async listTranscripts(channelId: string, continuationToken?: string): Promise<PagedResult<TranscriptInfo>> {
    const rows = await this.sql.query<{ conversation_id: string; created: Date | string }>(
      `SELECT conversation_id, min(at) AS created FROM bot_transcripts WHERE channel_id = $1 AND conversation_id > $2
       GROUP BY conversation_id ORDER BY conversation_id LIMIT ${PAGE}`,
      [channelId, continuationToken ?? ''],
    );
    const items = rows.map((r) => ({ channelId, id: r.conversation_id, created: new Date(r.created) }));
    return { items, continuationToken: rows.length === PAGE ? rows.at(-1)!.conversation_id : '' };
  }

  async deleteTranscript(channelId: string, conversationId: string): Promise<void> {
    await this.sql.query('DELETE FROM bot_transcripts WHERE channel_id = $1 AND conversation_id = $2', [channelId, conversationId]);
  }

  /** The last `limit` activities of a conversation, oldest first (what a handoff carries). */
  async recent(channelId: string, conversationId: string, limit: number): Promise<Activity[]> {
    await this.flush();
    const rows = await this.sql.query<{ activity: Activity | string }>(
      `SELECT activity FROM (SELECT id, activity FROM bot_transcripts WHERE channel_id = $1 AND conversation_id = $2
       ORDER BY id DESC LIMIT $3) AS latest ORDER BY id`,
      [channelId, conversationId, limit],
    );
    return rows.map((r) => jsonColumn(r.activity));
  }
}
