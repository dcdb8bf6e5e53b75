/** The storage engines as suites use them: one factory each, so a suite body can run against both. */
import { rmSync } from 'node:fs';
import { openPglite, openPostgres, type Sql } from '../../core/storage/index.ts';
import { PGLITE_OPEN_TIMEOUT_MS, tempDir, testSchema } from '../core/storage/support.ts';
import { requireEnv } from './services.ts';

export interface Engine {
  readonly name: string;
  /** A new, empty store of this engine; `dispose` closes every store it opened and removes what they left behind. */
  open(ctx: Mocha.Context): Promise<Sql>;
  dispose(): Promise<void>;
}

export function pgliteEngine(): Engine {
  const opened: { sql: Sql; dir: string }[] = [];
  return {
    name: 'PGlite',
    async open(ctx) {
      ctx.timeout(PGLITE_OPEN_TIMEOUT_MS);
      const dir = tempDir('pglite');
      try {
        opened.push({ sql: await openPglite(dir), dir });
      } catch (error) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
      return opened.at(-1)!.sql;
    },
    async dispose() {
      for (const { sql, dir } of opened.splice(0)) {
        await sql.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export function postgresEngine(): Engine {
  const opened: { sql: Sql; schema: string }[] = [];
  return {
    name: 'PostgreSQL',
    async open(ctx) {
      const url = requireEnv(ctx, 'TEST_DATABASE_URL');
      const schema = testSchema();
      opened.push({ sql: await openPostgres(url, schema), schema });
      return opened.at(-1)!.sql;
    },
    async dispose() {
      for (const { sql, schema } of opened.splice(0)) {
        try {
          await sql.exec(`DROP SCHEMA ${schema} CASCADE`);
        } finally {
          await sql.close();
        }
      }
    },
  };
}

export const bothEngines = (): Engine[] => [pgliteEngine(), postgresEngine()];
