import { randomUUID } from 'node:crypto';
import { isUniqueViolation, type Sql, type SqlExecutor } from '../../core/storage/index.ts';
import type { Role } from './policy.ts';

/** An account as the hub shows it; the password hash never leaves this file except through `findForSignIn`. */
export interface Account {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly role: Role;
  readonly skills: readonly string[];
  readonly languages: readonly string[];
  readonly capacity: number;
  readonly disabled: boolean;
  readonly createdAt: Date;
  readonly passwordChangedAt: Date;
}

export interface NewAccount {
  readonly email: string;
  readonly displayName: string;
  readonly role: Role;
  readonly passwordHash: string;
  readonly skills?: readonly string[];
  readonly languages?: readonly string[];
  readonly capacity?: number;
}

export type AccountChanges = Partial<Pick<Account, 'displayName' | 'role' | 'skills' | 'languages' | 'capacity' | 'disabled'>>;

interface AccountRow {
  id: string;
  email: string;
  display_name: string;
  role: Role;
  password_hash: string;
  skills: string[];
  languages: string[];
  capacity: number;
  disabled: boolean;
  created_at: Date | string;
  password_changed_at: Date | string;
}

const COLUMNS = 'id, email, display_name, role, skills, languages, capacity, disabled, created_at, password_changed_at';

/** Thrown on a second account with the same email; the routes answer 409. */
export class DuplicateEmailError extends Error {
  override name = 'DuplicateEmailError';
}

/** Thrown when a change would leave no enabled admin, which nobody could undo. */
export class LastAdminError extends Error {
  override name = 'LastAdminError';
}

/** The accounts table. Emails are stored lower-case (a CHECK enforces it) and compared the same way. */
export class AccountStore {
  constructor(private readonly sql: Sql) {}

  async count(): Promise<number> {
    const [row] = await this.sql.query<{ n: number | string }>('SELECT count(*) AS n FROM hub_accounts');
    return Number(row?.n ?? 0);
  }

  async create(account: NewAccount): Promise<Account> {
    const rows = await this.insert(this.sql, account, false).catch((error: unknown) => {
      if (isUniqueViolation(error)) throw new DuplicateEmailError(`${account.email} already has an account`);
      throw error;
    });
    return toAccount(rows[0]!);
  }

  /**
   * Creates the account only while the table is empty: the first-start admin. Two nodes starting together may both
   * see an empty table; the unique email makes exactly one of them insert, and only that one reports it.
   */
  async createFirst(account: NewAccount): Promise<Account | undefined> {
    const [row] = await this.insert(this.sql, account, true);
    return row ? toAccount(row) : undefined;
  }

  async findById(id: string): Promise<Account | undefined> {
    const [row] = await this.sql.query<AccountRow>(`SELECT ${COLUMNS} FROM hub_accounts WHERE id = $1`, [id]);
    return row ? toAccount(row) : undefined;
  }

  /** The account and its hash, for the one place that checks a password. */
  async findForSignIn(email: string): Promise<{ account: Account; passwordHash: string } | undefined> {
    const [row] = await this.sql.query<AccountRow>(`SELECT ${COLUMNS}, password_hash FROM hub_accounts WHERE email = $1`, [
      email.toLowerCase(),
    ]);
    return row ? { account: toAccount(row), passwordHash: row.password_hash } : undefined;
  }

  async list(): Promise<Account[]> {
    const rows = await this.sql.query<AccountRow>(`SELECT ${COLUMNS} FROM hub_accounts ORDER BY created_at, email`);
    return rows.map(toAccount);
  }

  /** Applies the changes in one transaction that also makes sure an enabled admin remains. */
  async update(id: string, changes: AccountChanges): Promise<Account | undefined> {
    return this.sql.transaction(async (tx) => {
      // Two admins demoting each other at once on PostgreSQL would each still count the other: take the admins'
      // row locks first, so the second change waits and then counts what the first committed.
      if (this.sql.engine === 'postgres') await tx.query("SELECT id FROM hub_accounts WHERE role = 'admin' FOR UPDATE");
      const [row] = await tx.query<AccountRow>(
        `UPDATE hub_accounts SET
           display_name = COALESCE($2, display_name), role = COALESCE($3, role),
           skills = COALESCE($4::text[], skills), languages = COALESCE($5::text[], languages),
           capacity = COALESCE($6, capacity), disabled = COALESCE($7, disabled)
         WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, changes.displayName ?? null, changes.role ?? null, changes.skills ?? null, changes.languages ?? null,
          changes.capacity ?? null, changes.disabled ?? null],
      );
      if (!row) return undefined;
      await assertAnAdminRemains(tx);
      return toAccount(row);
    });
  }

  async setPasswordHash(id: string, passwordHash: string, now: Date): Promise<boolean> {
    const rows = await this.sql.query(
      'UPDATE hub_accounts SET password_hash = $2, password_changed_at = $3 WHERE id = $1 RETURNING id',
      [id, passwordHash, now],
    );
    return rows.length > 0;
  }

  private insert(db: SqlExecutor, a: NewAccount, onlyIfEmpty: boolean): Promise<AccountRow[]> {
    return db.query<AccountRow>(
      `INSERT INTO hub_accounts (id, email, display_name, role, password_hash, skills, languages, capacity)
       SELECT $1, $2, $3, $4, $5, $6::text[], $7::text[], $8
       ${onlyIfEmpty ? 'WHERE NOT EXISTS (SELECT 1 FROM hub_accounts) ON CONFLICT (email) DO NOTHING' : ''}
       RETURNING ${COLUMNS}`,
      [randomUUID(), a.email.toLowerCase(), a.displayName, a.role, a.passwordHash, [...(a.skills ?? [])],
        [...(a.languages ?? [])], a.capacity ?? 3],
    );
  }
}

async function assertAnAdminRemains(tx: SqlExecutor): Promise<void> {
  const [row] = await tx.query<{ n: number | string }>(
    "SELECT count(*) AS n FROM hub_accounts WHERE role = 'admin' AND NOT disabled",
  );
  if (Number(row?.n ?? 0) === 0) throw new LastAdminError('at least one enabled admin must remain');
}

function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    skills: row.skills,
    languages: row.languages,
    capacity: row.capacity,
    disabled: row.disabled,
    createdAt: new Date(row.created_at),
    passwordChangedAt: new Date(row.password_changed_at),
  };
}
