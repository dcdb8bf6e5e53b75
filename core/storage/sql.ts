/**
 * The one storage seam: plain SQL with numbered parameters ($1, $2…), the same text for PGlite and PostgreSQL.
 * Repositories in each component take a `Sql` and own their queries; nothing else knows which engine runs.
 */
export interface SqlExecutor {
  query<Row extends object = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
}

export interface Sql extends SqlExecutor {
  /** Runs `fn` in one transaction; it commits when `fn` resolves and rolls back when it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Runs a script of several statements (migrations); no parameters. */
  exec(script: string): Promise<void>;
  readonly engine: 'pglite' | 'postgres';
  close(): Promise<void>;
}

/** A storage failure that is ours to explain (lock held, unreachable server); `cause` keeps the original. */
export class StorageError extends Error {
  override name = 'StorageError';
}
