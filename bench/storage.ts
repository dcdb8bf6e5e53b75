/**
 * `npm run bench:storage`: what one statement costs on embedded PGlite through our `Sql` (statements prepared
 * once, then bound and run in one call: core/storage/pglite-prepared.ts) against the same statement through
 * `PGlite.query` (parse, describe, plan and run on every call), side by side in one process, each on its own
 * PGlite folder with the same tables. Statements: the Direct Line append (a four-part CTE, as in
 * bot/directline/store.ts), a key lookup and a one-row update. Rounds alternate which side goes first.
 * `after_idle_ms` times the key lookup when the process was idle for a while before each call (as a live chat's
 * messages find it): the same statement costs several times more then, on either side.
 *
 * Progress on stderr; one JSON object as the last line of stdout. Knobs (env): BENCH_STORAGE_CALLS (2000 per
 * statement and round), BENCH_ROUNDS (3).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { openPglite } from '../core/storage/index.ts';
import { runMain } from './lib/run-main.ts';

const SCHEMA = `
CREATE TABLE conv (id text PRIMARY KEY, last_seq integer NOT NULL DEFAULT 0);
CREATE TABLE act (conversation_id text NOT NULL REFERENCES conv(id), seq integer NOT NULL, from_role text NOT NULL,
  client_activity_id text, activity jsonb NOT NULL, bot_delivery text, PRIMARY KEY (conversation_id, seq));
CREATE UNIQUE INDEX act_client ON act (conversation_id, from_role, client_activity_id);
INSERT INTO conv (id) SELECT 'c' || g FROM generate_series(1, 100) g;`;

const STATEMENTS: Record<string, { text: string; params: (n: number) => unknown[] }> = {
  append_cte: {
    text: `WITH prior AS (
        SELECT seq, activity FROM act WHERE $3::text IS NOT NULL AND conversation_id = $1 AND from_role = $2 AND client_activity_id = $3
      ), counter AS (
        UPDATE conv SET last_seq = last_seq + 1 WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM prior) RETURNING last_seq
      ), stored AS (
        INSERT INTO act (conversation_id, seq, from_role, client_activity_id, activity, bot_delivery)
        SELECT $1, last_seq, $2, $3, $4::jsonb || jsonb_build_object('id', $1 || '|' || lpad(last_seq::text, 7, '0')), $5 FROM counter
        RETURNING seq
      )
      SELECT seq, NULL::jsonb AS activity FROM stored UNION ALL SELECT seq, activity FROM prior`,
    params: (n) => [`c${1 + (n % 100)}`, 'user', `a${n}`, JSON.stringify({ type: 'message', text: 'where is my order?' }), 'pending'],
  },
  key_lookup: { text: 'SELECT id, last_seq FROM conv WHERE id = $1', params: (n) => [`c${1 + (n % 100)}`] },
  update_row: { text: "UPDATE act SET bot_delivery = $3 WHERE conversation_id = $1 AND seq = $2", params: (n) => [`c${1 + (n % 100)}`, 1, n % 2 ? 'delivered' : 'pending'] },
};

const int = (name: string, fallback: number) => {
  const n = Number.parseInt(process.env[name] ?? '', 10);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};
const CALLS = int('BENCH_STORAGE_CALLS', 2000);
const ROUNDS = int('BENCH_ROUNDS', 3);
const log = (message: string) => process.stderr.write(`[bench:storage] ${message}\n`);
/** Idle gaps before each timed call, for `after_idle_ms`. */
const IDLE_GAPS_MS = [0, 5, 20, 100];
const IDLE_CALLS = 30;

type Run = (text: string, params: unknown[]) => Promise<unknown>;

async function timePerCall(run: Run, statement: (typeof STATEMENTS)[string], offset: number): Promise<number> {
  for (let i = 0; i < 100; i++) await run(statement.text, statement.params(offset + i)); // warm-up
  const started = performance.now();
  for (let i = 0; i < CALLS; i++) await run(statement.text, statement.params(offset + 100 + i));
  return ((performance.now() - started) / CALLS) * 1000;
}

async function main(): Promise<void> {
  const dirs = [mkdtempSync(join(tmpdir(), 'bench-storage-ours-')), mkdtempSync(join(tmpdir(), 'bench-storage-query-'))];
  const ours = await openPglite(dirs[0]!);
  const raw = await PGlite.create({ dataDir: join(dirs[1]!, 'pglite') });
  try {
    await ours.exec(SCHEMA);
    await raw.exec(SCHEMA);
    const sides: Record<'ours' | 'pglite_query', Run> = {
      ours: (text, params) => ours.query(text, params),
      pglite_query: (text, params) => raw.query(text, params),
    };
    const micros: Record<string, Record<string, number[]>> = {};
    let offset = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? (['ours', 'pglite_query'] as const) : (['pglite_query', 'ours'] as const);
      for (const [name, statement] of Object.entries(STATEMENTS)) {
        offset += CALLS + 100;
        for (const side of order) {
          const us = await timePerCall(sides[side], statement, offset);
          ((micros[name] ??= {})[side] ??= []).push(us);
        }
      }
      log(`round ${round + 1}/${ROUNDS} done`);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const lookup = STATEMENTS.key_lookup!;
    const afterIdle: Record<string, Record<'ours_us' | 'pglite_query_us', number>> = {};
    for (const gap of IDLE_GAPS_MS) {
      const bySide = { ours_us: [] as number[], pglite_query_us: [] as number[] };
      for (let i = 0; i < IDLE_CALLS; i++) {
        for (const [side, key] of [['ours', 'ours_us'], ['pglite_query', 'pglite_query_us']] as const) {
          if (gap > 0) await new Promise((resolve) => setTimeout(resolve, gap));
          const started = performance.now();
          await sides[side](lookup.text, lookup.params(i));
          bySide[key].push((performance.now() - started) * 1000);
        }
      }
      afterIdle[String(gap)] = { ours_us: Math.round(median(bySide.ours_us)), pglite_query_us: Math.round(median(bySide.pglite_query_us)) };
      log(`key_lookup after ${gap} ms idle: ours ${afterIdle[String(gap)]!.ours_us} us, PGlite.query ${afterIdle[String(gap)]!.pglite_query_us} us`);
    }
    const statements = Object.fromEntries(
      Object.entries(micros).map(([name, bySide]) => {
        const o = median(bySide.ours!);
        const q = median(bySide.pglite_query!);
        return [name, { ours_us: Math.round(o * 10) / 10, pglite_query_us: Math.round(q * 10) / 10, ratio: Math.round((o / q) * 1000) / 1000 }];
      }),
    );
    for (const [name, s] of Object.entries(statements)) log(`${name}: ours ${s.ours_us} us, PGlite.query ${s.pglite_query_us} us (ratio ${s.ratio})`);
    process.stdout.write(
      `${JSON.stringify({ bench: 'storage', engine: 'pglite', calls: CALLS, rounds: ROUNDS, statements, key_lookup_after_idle_ms: afterIdle, node: process.version })}\n`,
    );
  } finally {
    await ours.close();
    await raw.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

runMain(main, log);
