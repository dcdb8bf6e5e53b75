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

/** A json/jsonb column's value: PGlite and pg hand back the parsed value, or its text where a type is not mapped. */
export function jsonColumn<T>(value: T | string): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}

/** The SQLSTATE an error from either engine carries (`code`), if any. */
const sqlState = (error: unknown): unknown => (error as { code?: unknown } | null)?.code;

/** PostgreSQL's unique_violation (SQLSTATE 23505), as either engine reports it. */
export function isUniqueViolation(error: unknown): boolean {
  return sqlState(error) === '23505';
}

/**
 * A prepared statement that has to be prepared again: 0A000 "cached plan must not change result type" (a table
 * changed under a prepared `SELECT *`) or 26000 "prepared statement does not exist" (a session ran DEALLOCATE or
 * DISCARD ALL, as some poolers do between clients).
 */
export function isStalePreparedStatement(error: unknown): boolean {
  const state = sqlState(error);
  return state === '0A000' || state === '26000';
}

/**
 * Runs a write that stores something once (keyed by a unique index) and, when a concurrent copy of it committed
 * first and the index refused this one, runs it once more: the second run finds that copy.
 */
export async function againOnUniqueViolation<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return write();
  }
}

/** A storage failure that is ours to explain (lock held, unreachable server); `cause` keeps the original. */
export class StorageError extends Error {
  override name = 'StorageError';
}
