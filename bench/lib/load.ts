import { DirectLineConversation, type StreamCounters } from './directline-client.ts';

export interface LoadOptions {
  readonly baseUrl: string;
  readonly secret: string;
  /** Conversations running at the same time. */
  readonly concurrency: number;
  /** Measured turns per conversation. */
  readonly turns: number;
  /** Turns per conversation sent first and not measured. */
  readonly warmup: number;
  /** A label for user ids (letters, digits, _ or -). */
  readonly label: string;
  /** After the warm-up, wait until no stream has had a frame for this long (default 200 ms). */
  readonly settleMs?: number;
}

export interface LoadResult {
  readonly samples: number[];
  readonly counters: StreamCounters;
  readonly wallMs: number;
  /** The last reply one of the conversations got (to check which bot answered). */
  readonly lastReplyText: string | undefined;
}

let userCounter = 0;

/**
 * What each conversation says, over and over: a greeting, a topic with a question, its answer (an order API
 * call), thanks. Every turn runs the NLU and the topic runtime; the echo bot just echoes the same texts.
 */
const SCRIPT = ['hello', 'where is my order', 'NW-10001', 'thank you'];

/**
 * Opens `concurrency` conversations (streams connected before any timing), runs their warm-up turns, then each
 * sends its measured turns one after another, waiting for each reply. Returns the measured latencies in ms.
 */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const conversations = await Promise.all(
    Array.from({ length: o.concurrency }, () =>
      DirectLineConversation.open(o.baseUrl, o.secret, `dl_bench_${o.label}_${++userCounter}`),
    ),
  );
  const samples: number[] = [];
  let started = performance.now();
  let wallMs = 0;
  try {
    // Warm-up turns first, for every conversation, and wait for all of them: a conversation's warm-up reply comes
    // after whatever opening it set off (the bot's welcome on conversationUpdate), so timing starts on a quiet server
    // with all conversations starting together.
    await Promise.all(
      conversations.map(async (conversation) => {
        for (let i = 0; i < o.warmup; i++) await conversation.turn(SCRIPT[i % SCRIPT.length]!);
      }),
    );
    await settle(conversations, o.settleMs ?? 200, 15_000);
    started = performance.now();
    await Promise.all(
      conversations.map(async (conversation, c) => {
                // Continue the script where the warm-up left it, so every conversation keeps a coherent dialogue.
        for (let i = 0; i < o.turns; i++) samples.push(await conversation.turn(SCRIPT[(o.warmup + i) % SCRIPT.length]!));
      }),
    );
    wallMs = performance.now() - started;
  } finally {
    await Promise.all(conversations.map((c) => c.close()));
  }
  const counters: StreamCounters = { typing: 0, keepalives: 0, unmatched: 0 };
  for (const c of conversations) {
    counters.typing += c.counters.typing;
    counters.keepalives += c.counters.keepalives;
    counters.unmatched += c.counters.unmatched;
  }
  return { samples, counters, wallMs, lastReplyText: conversations[0]?.lastReplyText };
}

async function settle(conversations: readonly DirectLineConversation[], quietMs: number, maxMs: number): Promise<void> {
  const deadline = performance.now() + maxMs;
  for (;;) {
    const last = Math.max(...conversations.map((c) => c.lastFrameAt));
    const quietFor = performance.now() - last;
    if (quietFor >= quietMs || performance.now() >= deadline) return;
    await new Promise((resolve) => setTimeout(resolve, quietMs - quietFor + 5));
  }
}
