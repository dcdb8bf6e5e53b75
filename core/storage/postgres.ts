import pg from 'pg';
import type { Sql, SqlExecutor } from './sql.ts';
import { StorageError } from './sql.ts';

/**
 * PostgreSQL through a `pg` pool. `schema` becomes the search_path of every connection, so several instances
 * (or test runs) can share one database without seeing each other's tables.
 */
export async function openPostgres(url: string, schema = 'public', poolSize = 10): Promise<Sql> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options: `-c search_path=${schema}` });
  // An idle client losing its connection emits 'error' on the pool; without a listener that kills the process.
  pool.on('error', () => undefined);
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } catch (error) {
    await pool.end();
    throw new StorageError(`Cannot reach PostgreSQL at ${redactUrl(url)}: ${(error as Error).message}`, { cause: error });
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

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@');
}
