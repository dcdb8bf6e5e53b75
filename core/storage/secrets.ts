import { randomBytes } from 'node:crypto';
import type { Sql } from './sql.ts';

/**
 * The configured value if there is one, else a random secret generated once and kept in SQL, so restarts and
 * every node of a deployment agree on it (tokens stay valid across a restart) without anyone setting it by hand.
 */
export async function secretOrGenerated(sql: Sql, name: string, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  await sql.query('INSERT INTO app_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [
    name,
    randomBytes(32).toString('base64url'),
  ]);
  const [row] = await sql.query<{ value: string }>('SELECT value FROM app_secrets WHERE name = $1', [name]);
  return row!.value;
}
