import type { Sql, SqlExecutor } from '../../core/storage/index.ts';
import type { Presence, Rep } from '../routing/index.ts';

/** A rep's chosen presence counts only while some node has seen their console within this long. */
export const PRESENCE_STALE_MS = 30_000;

type Row = {
  id: string;
  display_name: string;
  role: string;
  skills: string[];
  languages: string[];
  capacity: number;
  presence: Presence | null;
  seen_at: Date | string | null;
  last_assigned_at: Date | string | null;
  active: number | string;
};

/**
 * Reps as routing sees them: the account's skills, languages and capacity, the presence they chose, whether a
 * console of theirs is connected (a heartbeat every node refreshes), and how many chats they hold, counted from the
 * conversations themselves so the count can never drift.
 */
export class RepStore {
  constructor(private readonly sql: Sql) {}

  /** Every enabled staff account, with effective presence (`offline` when no console was seen lately). */
  async forRouting(now: number): Promise<Rep[]> {
    const rows = await this.sql.query<Row>(
      `SELECT a.id, a.display_name, a.role, a.skills, a.languages, a.capacity, p.presence, p.seen_at, p.last_assigned_at,
         (SELECT count(*) FROM hub_conversations c WHERE c.rep_id = a.id AND c.state IN ('active', 'wrap-up')) AS active
       FROM hub_accounts a LEFT JOIN hub_presence p ON p.account_id = a.id WHERE NOT a.disabled ORDER BY a.id`,
    );
    return rows.map((r) => {
      const seen = r.seen_at === null ? undefined : new Date(r.seen_at).getTime();
      const live = seen !== undefined && now - seen < PRESENCE_STALE_MS;
      return {
        id: r.id,
        name: r.display_name,
        skills: r.skills,
        languages: r.languages,
        capacity: r.capacity,
        presence: live ? (r.presence ?? 'available') : 'offline',
        activeCount: Number(r.active),
        ...(r.last_assigned_at === null ? {} : { lastAssignedAt: new Date(r.last_assigned_at).getTime() }),
        permissions: { canPickFromQueue: r.role !== 'rep' },
      };
    });
  }

  /** The presence the rep chose (kept across reconnects); `available` for someone never seen before. */
  async chosen(accountId: string): Promise<Presence> {
    const [row] = await this.sql.query<{ presence: Presence }>('SELECT presence FROM hub_presence WHERE account_id = $1', [accountId]);
    return row?.presence ?? 'available';
  }

  async choose(accountId: string, presence: Presence, now: Date): Promise<void> {
    await this.sql.query(
      `INSERT INTO hub_presence (account_id, presence, seen_at, changed_at) VALUES ($1, $2, $3, $3)
       ON CONFLICT (account_id) DO UPDATE SET presence = $2, seen_at = $3, changed_at = $3`,
      [accountId, presence, now.toISOString()],
    );
  }

  /** A console of theirs is connected to this node: refreshed on connect and by every node's heartbeat. */
  async seen(accountIds: readonly string[], now: Date): Promise<void> {
    if (accountIds.length === 0) return;
    await this.sql.query(
      `INSERT INTO hub_presence (account_id, presence, seen_at) SELECT id, 'available', $2 FROM unnest($1::text[]) AS id
       ON CONFLICT (account_id) DO UPDATE SET seen_at = $2`,
      [accountIds, now.toISOString()],
    );
  }

  /** No console of theirs is left on any node. */
  async gone(accountId: string): Promise<void> {
    await this.sql.query('UPDATE hub_presence SET seen_at = NULL WHERE account_id = $1', [accountId]);
  }

  async assigned(accountId: string, now: Date, tx: SqlExecutor = this.sql): Promise<void> {
    await tx.query('UPDATE hub_presence SET last_assigned_at = $2 WHERE account_id = $1', [accountId, now.toISOString()]);
  }
}
