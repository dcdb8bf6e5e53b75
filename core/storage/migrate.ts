import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StorageError, type Sql } from './sql.ts';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  readonly file: string;
}

/** Reads `NNN_name.sql` files in order; the number is the version and must be unique. */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
  const seen = new Set<number>();
  return files.map((file) => {
    const match = /^(\d{3,})_([a-z0-9_]+)\.sql$/.exec(file);
    if (!match) throw new StorageError(`${join(dir, file)}: migration files are named NNN_snake_case.sql`);
    const version = Number(match[1]);
    if (seen.has(version)) throw new StorageError(`${join(dir, file)}: migration version ${version} is used twice`);
    seen.add(version);
    return { version, name: match[2]!, file, sql: readFileSync(join(dir, file), 'utf8') };
  });
}

/** Any fixed number; it only has to be the same on every node of a deployment. */
const LOCK_KEY = 727274;

const checksum = (sql: string) => createHash('sha256').update(sql).digest('hex').slice(0, 16);

/**
 * Applies the migrations not yet recorded, each in its own transaction, and refuses to start when an applied
 * migration was edited afterwards (the database would no longer match the files). On PostgreSQL an advisory lock
 * makes several nodes starting at once apply each migration exactly once.
 */
export async function migrate(sql: Sql, migrations = loadMigrations()): Promise<number[]> {
  // Under the same lock as the migrations: concurrent CREATE TABLE IF NOT EXISTS races on pg_type otherwise.
  await sql.transaction(async (tx) => {
    if (sql.engine === 'postgres') await tx.query(`SELECT pg_advisory_xact_lock(${LOCK_KEY})`);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now())`);
  });
  const applied: number[] = [];
  for (const migration of migrations) {
    const did = await sql.transaction(async (tx) => {
      if (sql.engine === 'postgres') await tx.query(`SELECT pg_advisory_xact_lock(${LOCK_KEY})`);
      const [row] = await tx.query<{ checksum: string }>('SELECT checksum FROM schema_migrations WHERE version = $1', [
        migration.version,
      ]);
      if (row) {
        if (row.checksum !== checksum(migration.sql)) {
          throw new StorageError(
            `Migration ${migration.file} was changed after it was applied; ` +
              'add a new migration instead of editing an old one',
          );
        }
        return false;
      }
      for (const statement of splitStatements(migration.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        checksum(migration.sql),
      ]);
      return true;
    });
    if (did) applied.push(migration.version);
  }
  return applied;
}

/** Splits on semicolons at line ends; our migrations keep one statement per `;`-terminated block (no functions). */
function splitStatements(script: string): string[] {
  return script
    .replace(/^\s*--.*$/gm, '')
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
