import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { acquireDataDirLock } from './lock.ts';
import { PreparedStatements } from './pglite-prepared.ts';
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
  const statements = new PreparedStatements(db);
  const inTransaction: SqlExecutor = {
    query: (text, params = []) => statements.insideTransaction(text, params),
  };
  let closed = false;
  return {
    engine: 'pglite',
    query: (text, params = []) => statements.outsideTransaction(text, params),
    transaction: (fn) => db.transaction(() => fn(inTransaction)),
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
