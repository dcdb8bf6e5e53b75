/**
 * The relay workload both paths run (ours: Direct Line → bot → hub → Socket.io; raw: a bare Socket.io relay):
 * `pairs` customer/rep conversations, each sending `messages` messages each way, paced by a seeded generator so
 * both paths see the same schedule. Every message says which way it goes, its pair and its number
 * (`c2r 17 3`), so each receiver can be checked for loss, repeats and order.
 *
 * The first message each way (number 0) is a warm-up: all of them are delivered (or given up on) before the
 * measured ones start, and they are checked but not timed.
 */
import { mulberry32 } from '../../core/random.ts';
import { percentile, round } from './stats.ts';

export type Direction = 'c2r' | 'r2c';
export const DIRECTIONS: readonly Direction[] = ['c2r', 'r2c'];

/** One conversation as a driver opened it: each side sends one message at a time and resolves when acknowledged. */
export interface RelayPair {
  customerSays(text: string): Promise<void>;
  repSays(text: string): Promise<void>;
}

/** A path's conversations, opened by its driver (hub-ours.ts, raw-relay.ts). */
export interface OpenedPath {
  readonly pairs: RelayPair[];
  /** Ids a client saw twice and dropped (stream activities by id, console messages by seq); sends retried. */
  counters(): { repeats: number; retries: number };
  close(): Promise<void>;
}

/** What a driver calls for every message a receiver shows (after the dedupe a real client does by id or seq). */
export type Receive = (direction: Direction, text: string, at: number) => void;

export interface WorkloadOptions {
  /** Measured messages per conversation and direction (a warm-up message each way comes first). */
  readonly messages: number;
  readonly minGapMs: number;
  readonly maxGapMs: number;
  readonly seed: number;
  /**
   * After the last send, missing messages are waited for while they keep arriving (a saturated path drains its
   * backlog); they count as lost once nothing arrived for this long, or at the latest `drainMaxMs` after the last send.
   */
  readonly quietMs: number;
  readonly drainMaxMs: number;
  /**
   * No measured message is sent after this long from the phase's start (the rest are `unsent`), so a saturated
   * path still finishes in bounded time. Each sender waits for the acknowledgement of its previous message (for
   * ours: the Direct Line store, or the hub's commit), so the backlog behind those stays bounded.
   */
  readonly sendWindowMs: number;
}

export interface DirectionResult {
  readonly p50_ms: number;
  readonly p99_ms: number;
  readonly mean_ms: number;
  readonly max_ms: number;
  /** Measured messages delivered per second, first measured send to last measured arrival. */
  readonly throughput_per_s: number;
  readonly measured: number;
}

export interface WorkloadResult {
  readonly c2r: DirectionResult;
  readonly r2c: DirectionResult;
  /** Both directions together, over the measured phase. */
  readonly throughput_per_s: number;
  /** What the schedule asked for (messages/s) if every send were acknowledged at once. */
  readonly offered_per_s: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly out_of_order: number;
  /** Sends that went out later than scheduled because the previous one was not acknowledged yet. */
  readonly late_sends: number;
  /** Measured messages sent / not sent because the send window had closed. */
  readonly sent: number;
  readonly unsent: number;
  readonly measured_ms: number;
}

export const messageText = (direction: Direction, pair: number, n: number) => `${direction} ${pair} ${n}`;

function parse(text: string): { direction: Direction; pair: number; n: number } | undefined {
  const m = /^(c2r|r2c) (\d+) (\d+)$/.exec(text.trim());
  return m ? { direction: m[1] as Direction, pair: Number(m[2]), n: Number(m[3]) } : undefined;
}

/** Per pair and direction: the gap before each send (ms); message 0's is a start offset within one gap. */
export function schedule(pairs: number, o: WorkloadOptions): number[][][] {
  const random = mulberry32(o.seed);
  const gap = () => o.minGapMs + random() * (o.maxGapMs - o.minGapMs);
  return Array.from({ length: pairs }, () => DIRECTIONS.map(() => Array.from({ length: o.messages + 1 }, (_, n) => (n === 0 ? random() * o.maxGapMs : gap()))));
}

const sleepUntil = (t: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, t - performance.now())));

/** Tracks what each receiver saw: first arrival per message, repeats, and arrivals behind a later message. */
class Tally {
  readonly sentAt = new Map<string, number>();
  readonly arrivedAt = new Map<string, number>();
  lastArrival = performance.now();
  readonly #highest = new Map<string, number>();
  duplicated = 0;
  outOfOrder = 0;
  unexpected = 0;

  readonly receive: Receive = (direction, text, at) => {
    const m = parse(text);
    if (!m || m.direction !== direction) {
      this.unexpected++;
      return;
    }
    const key = messageText(m.direction, m.pair, m.n);
    if (this.arrivedAt.has(key)) {
      this.duplicated++;
      return;
    }
    this.arrivedAt.set(key, at);
    this.lastArrival = at;
    const stream = `${m.direction} ${m.pair}`;
    if (m.n < (this.#highest.get(stream) ?? -1)) this.outOfOrder++;
    else this.#highest.set(stream, m.n);
  };

  missing(keys: readonly string[]): number {
    return keys.filter((k) => !this.arrivedAt.has(k)).length;
  }

  /** Latencies and throughput of the measured messages of one direction. */
  summarize(keys: readonly string[], direction: Direction, start: number): DirectionResult & { last: number } {
    const arrived = keys.filter((k) => k.startsWith(direction) && this.arrivedAt.has(k));
    const latencies = arrived.map((k) => this.arrivedAt.get(k)! - this.sentAt.get(k)!).sort((a, b) => a - b);
    const last = arrived.reduce((max, k) => Math.max(max, this.arrivedAt.get(k)!), start);
    return {
      p50_ms: round(percentile(latencies, 50)),
      p99_ms: round(percentile(latencies, 99)),
      mean_ms: round(latencies.reduce((s, v) => s + v, 0) / Math.max(1, latencies.length)),
      max_ms: round(latencies.at(-1) ?? Number.NaN),
      throughput_per_s: round((latencies.length / Math.max(1, last - start)) * 1000, 1),
      measured: latencies.length,
      last,
    };
  }
}

interface Phase {
  /** Texts of the messages sent, in sending order. */
  readonly keys: string[];
  readonly start: number;
  lastSend: number;
}

/** One run of the schedule over the pairs a driver opened: a warm-up phase, then the measured one. */
class RelayRun {
  readonly #plan: number[][][];
  late = 0;
  unsent = 0;

  constructor(
    private readonly o: WorkloadOptions,
    private readonly tally: Tally,
    private readonly pairs: readonly RelayPair[],
  ) {
    this.#plan = schedule(pairs.length, o);
  }

  /** Sends messages `numbers` of every pair both ways on schedule, then waits for them to arrive. */
  async phase(numbers: readonly number[]): Promise<Phase> {
    const phase: Phase = { keys: [], start: performance.now(), lastSend: performance.now() };
    await Promise.all(this.pairs.flatMap((pair, p) => DIRECTIONS.map((direction, d) => this.#sender(phase, numbers, pair, p, direction, d))));
    const deadline = performance.now() + this.o.drainMaxMs;
    const quiet = () => performance.now() - Math.max(this.tally.lastArrival, phase.lastSend) >= this.o.quietMs;
    while (this.tally.missing(phase.keys) > 0 && performance.now() < deadline && !quiet()) await sleepUntil(performance.now() + 20);
    return phase;
  }

  /** One side of one pair: each message after its gap, and never before the previous one was acknowledged. */
  async #sender(phase: Phase, numbers: readonly number[], pair: RelayPair, p: number, direction: Direction, d: number): Promise<void> {
    let due = phase.start;
    for (const [i, n] of numbers.entries()) {
      due += this.#plan[p]![d]![n]!;
      if (Math.max(due, performance.now()) > phase.start + this.o.sendWindowMs) {
        this.unsent += numbers.length - i;
        return;
      }
      if (performance.now() > due + 20) this.late++;
      await sleepUntil(due);
      const text = messageText(direction, p, n);
      phase.keys.push(text);
      const at = performance.now();
      this.tally.sentAt.set(text, at);
      await (direction === 'c2r' ? pair.customerSays(text) : pair.repSays(text));
      phase.lastSend = Math.max(phase.lastSend, at);
    }
  }
}

/** Builds the receive callback first (drivers need it while connecting), then runs the workload over the pairs. */
export function workload(o: WorkloadOptions, log: (m: string) => void): { receive: Receive; run(pairs: readonly RelayPair[]): Promise<WorkloadResult> } {
  const tally = new Tally();
  return {
    receive: tally.receive,
    async run(pairs) {
      const run = new RelayRun(o, tally, pairs);
      const warm = await run.phase([0]);
      log(`warm-up: ${warm.keys.length - tally.missing(warm.keys)}/${warm.keys.length} delivered`);
      await sleepUntil(performance.now() + 300);
      const measured = await run.phase(Array.from({ length: o.messages }, (_, i) => i + 1));
      await sleepUntil(performance.now() + 500); // late repeats show up after everything arrived
      if (tally.unexpected > 0) log(`${tally.unexpected} messages that the workload did not send`);

      const { last: c2rLast, ...c2r } = tally.summarize(measured.keys, 'c2r', measured.start);
      const { last: r2cLast, ...r2c } = tally.summarize(measured.keys, 'r2c', measured.start);
      const measuredMs = Math.max(c2rLast, r2cLast) - measured.start;
      return {
        c2r,
        r2c,
        throughput_per_s: round(((c2r.measured + r2c.measured) / Math.max(1, measuredMs)) * 1000, 1),
        offered_per_s: round((pairs.length * 2 * 1000) / ((o.minGapMs + o.maxGapMs) / 2), 1),
        lost: tally.missing([...warm.keys, ...measured.keys]),
        duplicated: tally.duplicated,
        out_of_order: tally.outOfOrder,
        late_sends: run.late,
        sent: measured.keys.length,
        unsent: run.unsent,
        measured_ms: Math.round(measuredMs),
      };
    },
  };
}
