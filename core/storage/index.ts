import type { Logger } from '../logger.ts';
import { migrate } from './migrate.ts';
import { openPglite } from './pglite.ts';
import { openPostgres, redactUrl } from './postgres.ts';
import type { Sql } from './sql.ts';

export type { Sql, SqlExecutor } from './sql.ts';
export { againOnUniqueViolation, isUniqueViolation, jsonColumn, StorageError } from './sql.ts';
export { migrate, loadMigrations } from './migrate.ts';
export { openPglite } from './pglite.ts';
export { openPostgres } from './postgres.ts';
export { secretOrGenerated } from './secrets.ts';

/** PostgreSQL when a URL is given, else embedded PGlite in the data folder; migrated before it is returned. */
export async function openStorage(
  options: { databaseUrl: string | undefined; schema: string; dataDir: string },
  log: Logger,
): Promise<Sql> {
  const sql = options.databaseUrl
    ? await openPostgres(options.databaseUrl, options.schema)
    : await openPglite(options.dataDir);
  try {
    const applied = await migrate(sql);
    log.info(
      { engine: sql.engine, where: options.databaseUrl ? redactUrl(options.databaseUrl) : options.dataDir, applied },
      'storage ready',
    );
    return sql;
  } catch (error) {
    await sql.close();
    throw error;
  }
}
