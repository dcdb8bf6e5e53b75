import type { Logger } from '../../core/logger.ts';
import type { Sql } from '../../core/storage/index.ts';
import type { Principal } from '../auth/index.ts';
import type { CannedResponse, KnowledgeSuggestion, Presence } from '../protocol.ts';
import * as floor from './floor.ts';
import { DEFAULT_DISPOSITIONS, type Disposition, type Queue, type RoutingPolicy } from '../routing/index.ts';
import { ConversationStore } from '../store/conversations.ts';
import { MessageStore } from '../store/messages.ts';
import { OutboxStore } from '../store/outbox.ts';
import { RepStore } from '../store/reps.ts';
import * as consoleActions from './console.ts';
import { customerChoice, customerMessage, customerPresence, initiate } from './customers.ts';
import { Delivery } from './delivery.ts';
import type { HubDeps } from './deps.ts';
import { routePass } from './router.ts';
import { type ConsoleEmitter, type CustomerChannel, type HubMetrics, NO_METRICS } from './types.ts';

export interface HubOptions {
  readonly sql: Sql;
  readonly log: Logger;
  readonly queues: readonly Queue[];
  readonly policy: RoutingPolicy;
  /** Wrap-up codes (the queues file's `dispositions`); default DEFAULT_DISPOSITIONS. */
  readonly dispositions?: readonly Disposition[];
  /** Customer channels by name: `bot` is the bot in this process. */
  readonly channels: Readonly<Record<string, CustomerChannel>>;
  /** How often deadlines and the outbox are swept (default 1 s). */
  readonly sweepMs?: number;
  readonly now?: () => number;
  readonly metrics?: HubMetrics;
  /** Canned responses for the console (HUB_CANNED_FILE). */
  readonly canned?: readonly CannedResponse[];
  /** Knowledge search for the console's suggestions (the bot's knowledge base, wired by the composition root). */
  readonly suggest?: (query: string) => Promise<KnowledgeSuggestion[]>;
}

/** The least time between two routing passes of one node. */
const REROUTE_SPACING_MS = 20;

const SILENT: ConsoleEmitter = { toRep() {}, toConversation() {}, toSupervisors() {} };

/**
 * The engagement hub's service: takes handoffs, routes them, relays messages both ways and keeps every promise
 * through restarts, because all of it is in SQL and every deadline is swept, not timed in memory. The socket layer
 * (sockets.ts) calls `console.*` for reps; the bot calls the customer side through its HubGateway.
 */
export class Hub {
  readonly #deps: HubDeps;
  #consoles: ConsoleEmitter = SILENT;
  #timer: NodeJS.Timeout | undefined;
  #routing: Promise<void> | undefined;
  #again = false;
  #closed = false;

  constructor(private readonly o: HubOptions) {
    const conversations = new ConversationStore(o.sql);
    const outbox = new OutboxStore(o.sql);
    const channels = o.channels;
    this.#deps = {
      sql: o.sql,
      conversations,
      messages: new MessageStore(o.sql),
      outbox,
      reps: new RepStore(o.sql),
      delivery: new Delivery({
        outbox,
        conversations,
        channels: (name) => channels[name],
        log: o.log,
        metrics: o.metrics ?? NO_METRICS,
        onDelivered: (conversationId, item) => {
          if (item.kind === 'message') this.#consoles.toConversation(conversationId, 'delivered', { conversationId, messageId: item.messageId });
        },
      }),
      consoles: () => this.#consoles,
      queues: o.queues,
      policy: o.policy,
      dispositions: o.dispositions ?? DEFAULT_DISPOSITIONS,
      now: o.now ?? Date.now,
      log: o.log,
      metrics: o.metrics ?? NO_METRICS,
      reroute: () => this.reroute(),
    };
  }

  get deps(): HubDeps {
    return this.#deps;
  }

  /** Starts the sweep (deadlines, outbox left by a dead node, presence gone stale) and a first pass. */
  start(): void {
    const every = this.o.sweepMs ?? 1000;
    this.#timer = setInterval(() => {
      this.reroute();
      this.#deps.delivery.sweep().catch((error: unknown) => this.o.log.error({ err: error }, 'outbox sweep failed'));
    }, every);
    this.#timer.unref();
    this.reroute();
  }

  /** The consoles to tell about changes (the socket layer, once it is attached). */
  attachConsoles(emitter: ConsoleEmitter): void {
    this.#consoles = emitter;
  }

  /** Runs a routing pass soon; calls while one runs make exactly one more. */
  reroute(): void {
    if (this.#closed) return;
    if (this.#routing) {
      this.#again = true;
      return;
    }
    this.#routing = (async () => {
      for (let first = true; first || (this.#again && !this.#closed); first = false) {
        // A burst of changes (a hundred handoffs at once) is routed in a few passes, not one pass per change.
        if (!first) await new Promise((resolve) => setTimeout(resolve, REROUTE_SPACING_MS));
        this.#again = false;
        try {
          await routePass(this.#deps);
        } catch (error) {
          if (!this.#closed) this.o.log.error({ err: error }, 'routing pass failed');
        }
      }
    })().finally(() => {
      this.#routing = undefined;
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    await this.#routing;
    await this.#deps.delivery.idle();
  }

  // The customer's side (the bot's HubGateway).
  initiate(event: unknown, reference: unknown, channel = 'bot') {
    return initiate(this.#deps, event, reference, channel);
  }
  customerMessage(hubConversationId: string, message: { id: string; text: string; at: string }) {
    return customerMessage(this.#deps, hubConversationId, message);
  }
  customerChoice(hubConversationId: string, choice: 'leave-message' | 'return-to-bot') {
    return customerChoice(this.#deps, hubConversationId, choice);
  }
  /** The customer is typing: shown to whoever watches the conversation (never stored). */
  async customerTyping(hubConversationId: string): Promise<void> {
    const c = await this.#deps.conversations.get(hubConversationId);
    if (!c || c.routing.state !== 'active') return;
    this.#consoles.toConversation(c.id, 'typing', { conversationId: c.id, from: { kind: 'customer', id: c.context.customer.id, name: c.context.customer.name ?? 'Customer' } });
  }
  customerPresence(customerKey: string, connected: boolean) {
    return customerPresence(this.#deps, customerKey, connected);
  }

  /** Which channel a conversation came through and where it stands (for channels that check ownership). */
  async conversation(id: string): Promise<{ channel: string; state: string } | undefined> {
    const c = await this.#deps.conversations.get(id);
    return c && { channel: c.channel, state: c.routing.state };
  }

  // Reps' presence, kept fresh by the socket layer.
  repsSeen(accountIds: readonly string[]) {
    return this.#deps.reps.seen(accountIds, new Date(this.#deps.now()));
  }
  async repGone(accountId: string) {
    await this.#deps.reps.gone(accountId);
    this.reroute();
  }
  chosenPresence(accountId: string): Promise<Presence> {
    return this.#deps.reps.chosen(accountId);
  }

  /** Rep and supervisor actions, each authorised inside. */
  readonly console = {
    setPresence: (p: Principal, presence: Presence) => consoleActions.setPresence(this.#deps, p, presence),
    accept: (p: Principal, e: Parameters<typeof consoleActions.accept>[2]) => consoleActions.accept(this.#deps, p, e),
    decline: (p: Principal, e: Parameters<typeof consoleActions.decline>[2]) => consoleActions.decline(this.#deps, p, e),
    pick: (p: Principal, e: Parameters<typeof consoleActions.pick>[2]) => consoleActions.pick(this.#deps, p, e),
    authoriseJoin: (p: Principal, id: string) => consoleActions.authoriseJoin(this.#deps, p, id),
    history: (c: Parameters<typeof consoleActions.history>[1], afterSeq: number) => consoleActions.history(this.#deps, c, afterSeq),
    send: (p: Principal, e: Parameters<typeof consoleActions.send>[2]) => consoleActions.send(this.#deps, p, e),
    typing: (p: Principal, conversationId: string) =>
      consoleActions.typing(this.#deps, p, conversationId, (c) => {
        const channel = this.o.channels[c.channel];
        channel?.typing?.(c.botRef, { id: p.accountId, name: p.displayName }).catch(() => undefined);
      }),
    read: (p: Principal, e: Parameters<typeof consoleActions.read>[2]) => consoleActions.read(this.#deps, p, e),
    transfer: (p: Principal, e: Parameters<typeof consoleActions.transfer>[2]) => consoleActions.transfer(this.#deps, p, e),
    handBack: (p: Principal, e: Parameters<typeof consoleActions.handBack>[2]) => consoleActions.handBack(this.#deps, p, e),
    close: (p: Principal, e: Parameters<typeof consoleActions.close>[2]) => consoleActions.close(this.#deps, p, e),
    wrapUp: (p: Principal, e: Parameters<typeof consoleActions.wrapUp>[2]) => consoleActions.wrapUp(this.#deps, p, e),
    mine: (p: Principal) => consoleActions.mine(this.#deps, p),
    list: (p: Principal) => floor.mine(this.#deps, p),
    overview: (p: Principal) => floor.overview(this.#deps, p),
    directory: () => floor.directory(this.#deps),
    canned: () => floor.canned(this.o.canned ?? []),
    dispositions: () => ({ ok: true as const, dispositions: this.#deps.dispositions }),
    suggest: (p: Principal, e: { conversationId: string; query?: string | undefined }) => floor.suggest(this.#deps, p, e, this.o.suggest),
  };
}
