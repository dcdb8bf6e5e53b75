/**
 * Bot turn latency through the local Direct Line: POST an activity, time until the bot's reply arrives on the
 * conversation's WebSocket stream. Compares OUR bot (the server as `startTestApp` builds it) with a BARE
 * botbuilder echo bot behind the same local Direct Line (a second app serving it in process instead of ours).
 *
 * Method: both apps run side by side in this process, each with its own temporary PGlite folder; the customers run
 * in a worker thread (bench/lib/load-worker.ts), so a reply is timed when it reaches them, not when the server's
 * thread is next idle. The Track my order action calls the demo order API served from another worker thread
 * (bench/lib/order-api.ts), as it would call a real order system. Each level runs in
 * ROUNDS alternating rounds (ours/echo, then echo/ours, ...) so machine noise hits both alike; a level's numbers
 * pool the measured turns of all its rounds. c1: one conversation; c50: 50 conversations at once, each sending
 * its turns one after another and waiting for every reply. Warm-up turns are excluded.
 *
 * Progress goes to stderr; the last line of stdout is one JSON object.
 * Knobs (env): BENCH_ROUNDS (2), BENCH_C1_TURNS (200, in all), BENCH_C50_CONVERSATIONS (50),
 * BENCH_C50_TURNS (20 per conversation, in all).
 */
process.env.LOG_LEVEL = 'silent';
process.env.TEST_LOG_LEVEL ??= 'silent';

import { availableParallelism, cpus } from 'node:os';
import { startTestApp, TEST_DIRECTLINE_SECRET, type TestApp } from '../tests/support/app.ts';
import { bareEchoBot } from './lib/echo-bot.ts';
import { startOrderApiInWorker } from './lib/order-api.ts';
import { runLoadInWorker as runLoad } from './lib/load-worker.ts';
import { type LatencySummary, summarize } from './lib/stats.ts';
import { runMain } from './lib/run-main.ts';

const int = (name: string, fallback: number) => {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number.parseInt(raw, 10);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer`);
  return n;
};

const ROUNDS = int('BENCH_ROUNDS', 2);
const perRound = (total: number) => Math.max(1, Math.round(total / ROUNDS));
const LEVELS = {
  c1: { concurrency: 1, turns: perRound(int('BENCH_C1_TURNS', 200)), warmup: 5 },
  c50: { concurrency: int('BENCH_C50_CONVERSATIONS', 50), turns: perRound(int('BENCH_C50_TURNS', 20)), warmup: 1 },
} as const;

type Target = 'ours' | 'echo';
type Level = 'c1' | 'c50';

const log = (message: string) => process.stderr.write(`[bench:turn] ${message}\n`);

async function main(): Promise<void> {
  const t0 = performance.now();
  const apps: Partial<Record<Target, TestApp>> = {};
  // Track my order calls the order API on its own thread, as it would a real order system (see lib/order-api.ts).
  const orderApi = await startOrderApiInWorker();
  try {
    // Started together (a PGlite folder takes seconds to initialise); stopped in `finally` even if one failed.
    const started = await Promise.allSettled([
      startTestApp({ LOG_LEVEL: 'silent', ORDER_API_URL: orderApi.url }).then((app) => (apps.ours = app)),
      startTestApp({ LOG_LEVEL: 'silent' }, { bot: bareEchoBot }).then((app) => (apps.echo = app)),
    ]);
    for (const s of started) if (s.status === 'rejected') throw s.reason;
    log(`ours at ${apps.ours!.url}, echo app at ${apps.echo!.url} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);

    const url = (target: Target) => apps[target]!.url;

    // Warm-up (JIT, connection pools, PGlite caches): discarded.
    for (const target of ['ours', 'echo'] as const) {
      const first = await runLoad({ baseUrl: url(target), secret: TEST_DIRECTLINE_SECRET, concurrency: 1, turns: 20, warmup: 0, label: `${target}_w1` });
      // Make sure each app talks to the bot it should (the echo bot answers `echo: <text>`, ours does not).
      const echoed = first.lastReplyText?.startsWith('echo: ') ?? false;
      if (echoed !== (target === 'echo')) throw new Error(`${target}: unexpected reply ${JSON.stringify(first.lastReplyText)}`);
      await runLoad({ baseUrl: url(target), secret: TEST_DIRECTLINE_SECRET, concurrency: 10, turns: 3, warmup: 0, label: `${target}_w10` });
    }
    log(`apps up and warm after ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const samples: Record<Target, Record<Level, number[]>> = { ours: { c1: [], c50: [] }, echo: { c1: [], c50: [] } };
    const roundP50: Record<Target, Record<Level, number[]>> = { ours: { c1: [], c50: [] }, echo: { c1: [], c50: [] } };
    const typing: Record<Target, number> = { ours: 0, echo: 0 };
    const unmatched: Record<Target, number> = { ours: 0, echo: 0 };
    for (const level of ['c1', 'c50'] as const) {
      for (let r = 0; r < ROUNDS; r++) {
        const order: Target[] = r % 2 === 0 ? ['ours', 'echo'] : ['echo', 'ours'];
        for (const target of order) {
          const result = await runLoad({ baseUrl: url(target), secret: TEST_DIRECTLINE_SECRET, ...LEVELS[level], label: `${target}_${level}_r${r}` });
          const summary = summarize(result.samples);
          samples[target][level].push(...result.samples);
          roundP50[target][level].push(summary.p50_ms);
          typing[target] += result.counters.typing;
          unmatched[target] += result.counters.unmatched;
          log(
            `${level.padEnd(3)} round ${r + 1}/${ROUNDS} ${target.padEnd(4)}: p50 ${summary.p50_ms} ms, p99 ${summary.p99_ms} ms, ` +
              `mean ${summary.mean_ms} ms, max ${summary.max_ms} ms, ${summary.turns} turns in ${(result.wallMs / 1000).toFixed(1)} s` +
              (result.counters.typing ? `, ${result.counters.typing} typing frames` : ''),
          );
        }
      }
    }

    const pick = (target: Target): Record<Level, LatencySummary> => ({
      c1: summarize(samples[target].c1),
      c50: summarize(samples[target].c50),
    });
    const ours = pick('ours');
    const echo = pick('echo');
    const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;
    const out = {
      bench: 'turn',
      ours,
      echo,
      p50_ratio: ratio(ours.c1.p50_ms, echo.c1.p50_ms),
      p50_ratio_c50: ratio(ours.c50.p50_ms, echo.c50.p50_ms),
      rounds: ROUNDS,
      rounds_p50_ms: roundP50,
      typing_frames: typing,
      node: process.version,
      cpus: typeof availableParallelism === 'function' ? availableParallelism() : cpus().length,
    };
    log(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s (unmatched bot messages, e.g. welcomes: ours ${unmatched.ours}, echo ${unmatched.echo})`);
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } finally {
    const stops: Promise<unknown>[] = [];
    if (apps.ours) stops.push(apps.ours.stop());
    if (apps.echo) stops.push(apps.echo.stop());
    stops.push(orderApi.stop());
    await Promise.allSettled(stops);
  }
}

runMain(main, log);
