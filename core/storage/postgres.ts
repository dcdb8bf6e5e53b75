import pg from 'pg';
import type { Sql, SqlExecutor } from './sql.ts';
import { isUniqueViolation, StorageError } from './sql.ts';

/**
 * PostgreSQL through a `pg` pool. `schema` becomes the search_path of every connection, so several instances
 * (or test runs) can share one database without seeing each other's tables.
 */
export async function openPostgres(url: string, schema = 'public', poolSize = 10): Promise<Sql> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options: `-c search_path=${schema}`, types });
  // An idle client losing its connection emits 'error' on the pool; without a listener that kills the process.
  pool.on('error', () => undefined);
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end();
    throw new StorageError(`Cannot reach PostgreSQL at ${redactUrl(url)}: ${(error as Error).message}`, { cause: error });
  }
  try {
    await ensureSchema(pool, schema);
  } catch (error) {
    await pool.end();
    throw new StorageError(`Cannot create schema ${schema} in PostgreSQL: ${(error as Error).message}`, { cause: error });
  }
  const executor = (target: pg.Pool | pg.PoolClient): SqlExecutor => ({
    async query<Row extends object>(text: string, params: readonly unknown[] = []) {
      const result = await target.query(text, params as unknown[]);
      return result.rows as Row[];
    },
  });
  let closed = false;
  return {
    engine: 'postgres',
    ...executor(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const value = await fn(executor(client));
        await client.query('COMMIT');
        return value;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    exec: async (script) => {
      await pool.query(script);
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

/**
 * Creates the schema only when it is missing, so a role without CREATE works on a prepared schema, and treats a
 * concurrent creation by another node (unique violation on pg_namespace) as success.
 */
async function ensureSchema(pool: pg.Pool, schema: string): Promise<void> {
  const exists = async () => (await pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).rowCount === 1;
  if (await exists()) return;
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } catch (error) {
    if (isUniqueViolation(error) && (await exists())) return;
    throw error;
  }
}

/** int8 (bigint, count(*)) as a number while it is exact, as PGlite returns it; a BigInt beyond 2^53. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.INT8 && format !== 'binary') {
      return (value: string) => {
        const n = Number(value);
        return Number.isSafeInteger(n) ? n : BigInt(value);
      };
    }
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@');
}
