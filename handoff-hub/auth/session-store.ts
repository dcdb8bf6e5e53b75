import { randomBytes } from 'node:crypto';
import type { Sql } from '../../core/storage/index.ts';
import type { Principal, Role } from './policy.ts';

/** A live session with the account it belongs to, as one check needs it. */
export interface LiveSession {
  readonly principal: Principal;
  readonly expiresAt: Date;
}

interface LiveRow {
  session_id: string;
  expires_at: Date | string;
  account_id: string;
  role: Role;
  email: string;
  display_name: string;
}

/**
 * The sessions table. Every time comparison takes `now` from the caller rather than SQL's now(), so tests with a
 * moved clock and the JWT's own expiry agree with the rows.
 */
export class SessionStore {
  constructor(private readonly sql: Sql) {}

  /** A new session; its id carries 128 random bits, as it also names the session in tokens and logs. */
  async create(accountId: string, now: Date, expiresAt: Date): Promise<string> {
    const id = randomBytes(16).toString('base64url');
    await this.sql.query('INSERT INTO hub_sessions (id, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [
      id,
      accountId,
      now,
      expiresAt,
    ]);
    return id;
  }

  /** The session if it is unrevoked, unexpired and its account enabled; else nothing, whichever the reason. */
  async findLive(sessionId: string, now: Date): Promise<LiveSession | undefined> {
    const [row] = await this.sql.query<LiveRow>(
      `SELECT s.id AS session_id, s.expires_at, a.id AS account_id, a.role, a.email, a.display_name
         FROM hub_sessions s JOIN hub_accounts a ON a.id = s.account_id
        WHERE s.id = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND NOT a.disabled`,
      [sessionId, now],
    );
    if (!row) return undefined;
    return {
      principal: {
        sessionId: row.session_id,
        accountId: row.account_id,
        role: row.role,
        email: row.email,
        displayName: row.display_name,
      },
      expiresAt: new Date(row.expires_at),
    };
  }

  /** Revokes one session; returns its id when it was live, so listeners act once. */
  async revoke(sessionId: string, now: Date): Promise<string[]> {
    const rows = await this.sql.query<{ id: string }>(
      'UPDATE hub_sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id',
      [sessionId, now],
    );
    return rows.map((r) => r.id);
  }

  /** Revokes every live session of an account (disabled, password reset), optionally keeping the caller's own. */
  async revokeAccount(accountId: string, now: Date, keep?: string): Promise<string[]> {
    const rows = await this.sql.query<{ id: string }>(
      `UPDATE hub_sessions SET revoked_at = $2
        WHERE account_id = $1 AND revoked_at IS NULL AND expires_at > $2 AND id <> $3 RETURNING id`,
      [accountId, now, keep ?? ''],
    );
    return rows.map((r) => r.id);
  }

  /** Drops rows that ended before `before`: the table is for revocation, not an archive. */
  async prune(before: Date): Promise<number> {
    const rows = await this.sql.query('DELETE FROM hub_sessions WHERE expires_at < $1 OR revoked_at < $1 RETURNING id', [
      before,
    ]);
    return rows.length;
  }
}
