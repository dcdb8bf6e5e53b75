import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { acquireDataDirLock } from './lock.ts';
import type { Sql, SqlExecutor } from './sql.ts';

/** Embedded Postgres (WASM) in `<dataDir>/pglite`, owned by this process alone (see lock.ts). */
export async function openPglite(dataDir: string): Promise<Sql> {
  const release = acquireDataDirLock(dataDir);
  let db: PGlite;
  try {
    // relaxedDurability stays off: a commit returns only once it is on disk.
    db = await PGlite.create({ dataDir: join(resolve(dataDir), 'pglite') });
  } catch (error) {
    release();
    throw error;
  }
  const executor = (target: Pick<PGlite, 'query'>): SqlExecutor => ({
    async query<Row extends object>(text: string, params: readonly unknown[] = []) {
      const result = await target.query<Row>(text, params as unknown[]);
      return result.rows;
    },
  });
  let closed = false;
  return {
    engine: 'pglite',
    ...executor(db),
    transaction: (fn) => db.transaction((tx) => fn(executor(tx))),
    exec: async (script) => {
      await db.exec(script);
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await db.close();
      } finally {
        release();
      }
    },
  };
}
