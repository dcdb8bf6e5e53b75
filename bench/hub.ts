/**
 * Live-chat relay through the engagement hub: how long a message takes from a customer to their rep and back, and
 * whether every one arrives exactly once and in order. Compares OUR path (customer on the local Direct Line → bot
 * → hub, stored with a seq → the rep's Socket.io console; rep's `message:send` → hub + outbox → bot proactive
 * message → Direct Line stream) with a RAW Socket.io relay (bench/lib/raw-relay.ts: same traffic, no persistence),
 * and with a FLOOR: that relay with customers posting over HTTP (as Direct Line has them do) and one INSERT per
 * message on the same engine before it is passed on (`floor`, `floor_p50_ratio`). The floor is the least any relay
 * with our protocol's duties pays, so the part of our ratio that those duties cost shows beside the part we add.
 *
 * Method: per level, a fresh server (its own temporary PGlite folder) with the bench queues (always open), reps
 * whose capacity lets everyone be served at once; every customer escalates ("I want to speak to a human") and the
 * reps accept. Then each conversation sends a warm-up message each way and MESSAGES measured ones each way, one at a
 * time per sender, with seeded gaps of GAP_MS (the same schedule for both paths). Clients run in a worker thread
 * (bench/lib/hub-worker.ts); customers of ours listen on the Direct Line WebSocket stream. customer→rep is timed
 * from the Direct Line POST (raw: the emit) to the rep's `message` event; rep→customer from `message:send` to the
 * activity on the customer's stream (raw: the customer's `message` event).
 *
 * Progress goes to stderr; the last line of stdout is one JSON object.
 * Knobs (env): BENCH_HUB_LEVELS (`100x10,500x50`: customers x reps), BENCH_HUB_MESSAGES (5 per direction),
 * BENCH_HUB_GAP_MS (`8000-16000`: each person writes every 8–16 s, a brisk live chat; `200-500` finds the ceiling), BENCH_HUB_SEED (7), BENCH_HUB_SEND_WINDOW_S (120: no measured send after this),
 * BENCH_HUB_DATABASE_URL (unset: PGlite; else PostgreSQL, one schema per level, dropped afterwards).
 */
process.env.LOG_LEVEL = 'silent';
process.env.TEST_LOG_LEVEL ??= 'silent';

import { availableParallelism, cpus, loadavg } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPglite, openPostgres, type Sql } from '../core/storage/index.ts';
import { startTestApp, type TestApp } from '../tests/support/app.ts';
import { ADMIN, createAccount, signIn } from '../tests/handoff-hub/auth-support.ts';
import { queuesFile } from '../tests/support/hub.ts';
import { type HubLoadOptions, type HubLoadResult, runHubLoadInWorker } from './lib/hub-worker.ts';
import type { WorkloadOptions } from './lib/hub-workload.ts';
import { startRawRelay } from './lib/raw-relay.ts';
import { runMain } from './lib/run-main.ts';

/** Always open, one queue; offers wait long enough for 500 accepts, and up to 10 are open per rep at once. */
const BENCH_QUEUES = `
routing:
  offerTimeoutSeconds: 120
  maxPendingOffersPerRep: 10
  reconnectWindowSeconds: 600
queues:
  - id: general
    name: General support
    languages: [en]
    maxWaitSeconds: 3600
`;

const int = (name: string, fallback: number) => {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number.parseInt(raw, 10);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer`);
  return n;
};

function levels(): { customers: number; reps: number }[] {
  const raw = process.env.BENCH_HUB_LEVELS || '100x10,500x50';
  return raw.split(',').map((level) => {
    const m = /^(\d+)x(\d+)$/.exec(level.trim());
    if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) throw new Error(`BENCH_HUB_LEVELS: "${level}" is not <customers>x<reps>`);
    return { customers: Number(m[1]), reps: Number(m[2]) };
  });
}

function gaps(): { minGapMs: number; maxGapMs: number } {
  const m = /^(\d+)-(\d+)$/.exec(process.env.BENCH_HUB_GAP_MS || '8000-16000');
  if (!m || Number(m[1]) > Number(m[2])) throw new Error('BENCH_HUB_GAP_MS must be <min>-<max> in ms');
  return { minGapMs: Number(m[1]), maxGapMs: Number(m[2]) };
}

const WORKLOAD: WorkloadOptions = {
  messages: int('BENCH_HUB_MESSAGES', 5),
  ...gaps(),
  seed: int('BENCH_HUB_SEED', 7),
  quietMs: 10_000,
  drainMaxMs: 120_000,
  sendWindowMs: int('BENCH_HUB_SEND_WINDOW_S', 120) * 1000,
};

const DATABASE_URL = process.env.BENCH_HUB_DATABASE_URL || undefined;

const log = (message: string) => process.stderr.write(`[bench:hub] ${message}\n`);
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;

function describe(path: string, r: HubLoadResult): string {
  return (
    `${path.padEnd(4)}: c→r p50 ${r.c2r.p50_ms} / p99 ${r.c2r.p99_ms} ms, r→c p50 ${r.r2c.p50_ms} / p99 ${r.r2c.p99_ms} ms, ` +
    `${r.throughput_per_s} msg/s (offered ${r.offered_per_s}), lost ${r.lost}, dup ${r.duplicated}, out of order ${r.out_of_order}, ` +
    `late sends ${r.late_sends}, unsent ${r.unsent}/${r.sent + r.unsent}, setup ${(r.setup_ms / 1000).toFixed(1)} s`
  );
}

/** Our whole server for one level, on a fresh database, with `reps` rep accounts of the given capacity. */
async function startServer(schema: string, reps: number, capacity: number): Promise<{ app: TestApp; staff: { email: string; password: string }[] }> {
  const app = await startTestApp({
    ...(DATABASE_URL ? { DATABASE_URL, DATABASE_SCHEMA: schema } : {}),
    LOG_LEVEL: 'silent',
    HUB_ADMIN_EMAIL: ADMIN.email,
    HUB_ADMIN_PASSWORD: ADMIN.password,
    HUB_QUEUES_FILE: queuesFile(BENCH_QUEUES),
    TOKEN_RATE_LIMIT_PER_MINUTE: '100000',
    // The knowledge folder is read at start only: its 2-second re-check is no part of the relay, and one still in
    // flight when the server stops queries a closed database (an unhandled rejection that ends the process).
    KNOWLEDGE_WATCH_MS: '3600000',
  });
  try {
    const admin = await signIn(app.url, ADMIN.email, ADMIN.password);
    const staff = await Promise.all(
      Array.from({ length: reps }, async (_, i) => {
        const login = { email: `rep-${i + 1}@bench.example.com`, password: `bench-password-${i + 1}-0123456789` };
        await createAccount(app.url, admin, { ...login, role: 'rep', displayName: `Rep ${i + 1}`, capacity });
        return login;
      }),
    );
    return { app, staff };
  } catch (error) {
    await app.stop();
    throw error;
  }
}

async function runLevel(customers: number, reps: number) {
  const t0 = performance.now();
  const capacity = Math.ceil(customers / reps);
  const schema = `bench_hub_${process.pid}_${customers}`;
  const raw = await startRawRelay();
  let app: TestApp | undefined;
  try {
    const server = await startServer(schema, reps, capacity);
    app = server.app;
    log(`${customers} customers / ${reps} reps (capacity ${capacity}): server up with its reps after ${seconds(t0)}`);
    const common = { customers, reps: server.staff, setupConcurrency: 25, setupTimeoutMs: 240_000, workload: WORKLOAD };
    const label = `c${customers}_r${reps}`;
    // Raw first, while our server is idle: ours leaves background work (sweeps, outbox) that would slow raw.
    const rawResult = await runHubLoadInWorker({ ...common, path: 'raw', label: `${label} raw`, url: raw.url });
    log(describe('raw', rawResult));
    const floor = await runFloor(`${schema}_floor`, { ...common, label: `${label} floor` });
    log(describe('floor', floor));
    const ours = await runHubLoadInWorker({ ...common, path: 'ours', label: `${label} ours`, url: app.url });
    log(describe('ours', ours));
    const result = {
      customers,
      reps,
      capacity,
      ours,
      raw: rawResult,
      floor,
      floor_p50_ratio_c2r: ratio(floor.c2r.p50_ms, rawResult.c2r.p50_ms),
      floor_p50_ratio_r2c: ratio(floor.r2c.p50_ms, rawResult.r2c.p50_ms),
      p50_ratio_c2r: ratio(ours.c2r.p50_ms, rawResult.c2r.p50_ms),
      p50_ratio_r2c: ratio(ours.r2c.p50_ms, rawResult.r2c.p50_ms),
      p99_ratio_c2r: ratio(ours.c2r.p99_ms, rawResult.c2r.p99_ms),
      p99_ratio_r2c: ratio(ours.r2c.p99_ms, rawResult.r2c.p99_ms),
      throughput_ratio: ratio(ours.throughput_per_s, rawResult.throughput_per_s),
      seconds: Math.round((performance.now() - t0) / 100) / 10,
    };
    return { label, result };
  } finally {
    await raw.close();
    await app?.stop();
    if (DATABASE_URL) await dropSchema(DATABASE_URL, schema);
  }
}

/** The floor path, on its own relay and store, both closed before our path runs. */
async function runFloor(schema: string, o: Omit<HubLoadOptions, 'path' | 'url'>): Promise<HubLoadResult> {
  const store = await openFloorStore(schema);
  try {
    const relay = await startRawRelay({ persist: store.sql });
    try {
      return await runHubLoadInWorker({ ...o, path: 'floor', url: relay.url });
    } finally {
      await relay.close();
    }
  } finally {
    await store.close();
  }
}

/** Storage for the raw relay with one INSERT per message: the same engine as ours, on its own database or schema. */
async function openFloorStore(schema: string): Promise<{ sql: Sql; close(): Promise<void> }> {
  if (DATABASE_URL) {
    const admin = await openPostgres(DATABASE_URL);
    await admin.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await admin.close();
    const sql = await openPostgres(DATABASE_URL, schema);
    return { sql, close: async () => (await sql.close(), await dropSchema(DATABASE_URL, schema)) };
  }
  const dir = mkdtempSync(join(tmpdir(), 'bench-hub-floor-'));
  const sql = await openPglite(dir);
  return { sql, close: async () => (await sql.close(), rmSync(dir, { recursive: true, force: true })) };
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const sql = await openPostgres(url);
  try {
    await sql.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await sql.close();
  }
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const loadAtStart = loadavg()[0]!;
  const runs: Record<string, Awaited<ReturnType<typeof runLevel>>['result']> = {};
  for (const { customers, reps } of levels()) {
    const { label, result } = await runLevel(customers, reps);
    runs[label] = result;
  }
  const all = Object.values(runs).flatMap((r) => [r.ours, r.raw, r.floor]);
  const sum = (key: 'lost' | 'duplicated' | 'out_of_order') => all.reduce((s, r) => s + r[key], 0);
  const p50Ratio = Math.max(...Object.values(runs).flatMap((r) => [r.p50_ratio_c2r, r.p50_ratio_r2c]));
  const out = {
    bench: 'hub',
    storage: DATABASE_URL ? 'postgresql' : 'pglite',
    lost: sum('lost'),
    duplicated: sum('duplicated'),
    out_of_order: sum('out_of_order'),
    lost_ours: Object.values(runs).reduce((s, r) => s + r.ours.lost, 0),
    p50_ratio: p50Ratio,
    /** floor / raw, worst run: what posting over HTTP and storing before passing on cost by themselves. */
    floor_p50_ratio: Math.max(...Object.values(runs).flatMap((r) => [r.floor_p50_ratio_c2r, r.floor_p50_ratio_r2c])),
    target: { p50_ratio_max: 2, lost: 0, met: p50Ratio <= 2 && sum('lost') === 0 },
    runs,
    workload: WORKLOAD,
    node: process.version,
    /** 1-minute load averages at the start and the end: other work on the machine shows here. */
    loadavg_1m: [loadAtStart, loadavg()[0]!].map((l) => Math.round(l * 100) / 100),
    cpus: typeof availableParallelism === 'function' ? availableParallelism() : cpus().length,
  };
  log(`done in ${seconds(t0)}: worst p50 ratio ${p50Ratio}, lost ${out.lost}, duplicated ${out.duplicated}, out of order ${out.out_of_order}`);
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

runMain(main, log);
