import type { Server, Socket } from 'socket.io';
import { z } from 'zod';
import type { Logger } from '../core/logger.ts';
import { can, type Principal } from './auth/index.ts';
import { type Ack, clientEvents, type ClientEventName, type ServerEvents } from './protocol.ts';
import type { Hub } from './service/hub.ts';
import { fail, type ConsoleEmitter, type Result } from './service/types.ts';
import { offerOf, view } from './service/views.ts';

/** Socket.io rooms: every socket of a rep, every viewer of a conversation, every supervisor. */
const room = {
  rep: (id: string) => `rep:${id}`,
  conversation: (id: string) => `conv:${id}`,
  supervisors: 'supervisors',
};

/** How often each node tells SQL which reps still have a console open (presence goes stale after 30 s). */
const HEARTBEAT_MS = 10_000;

/** Consoles reached through rooms; with the Redis adapter a room spans every node. */
export function consoleEmitter(io: Server): ConsoleEmitter {
  return {
    toRep: (repId, event, ...args) => void io.to(room.rep(repId)).emit(event, ...args),
    toConversation: (id, event, ...args) => void io.to(room.conversation(id)).emit(event, ...args),
    toSupervisors: (event, ...args) => void io.to(room.supervisors).emit(event, ...args),
  };
}

type Handler = (socket: Socket, principal: Principal, payload: never) => Promise<Result<object>>;

/**
 * Binds the protocol's client events to the hub: each payload is validated with its schema, the session is checked
 * again (a revoked or expired one closes the socket), the hub authorises the action on the conversation as SQL has
 * it now, and the answer goes back through the acknowledgement. Nothing a client sends can throw past here.
 */
export function bindConsoleSockets(io: Server, hub: Hub, o: { log: Logger; revalidate: (p: Principal) => Promise<Principal | undefined> }): { close(): void } {
  hub.attachConsoles(consoleEmitter(io));
  let closing = false;

  const handlers: { [E in ClientEventName]: Handler } = {
    'presence:set': (_s, p, e: z.output<(typeof clientEvents)['presence:set']>) => hub.console.setPresence(p, e.presence),
    'presence:get': async (_s, p) => ({ ok: true, presence: await hub.chosenPresence(p.accountId) }),
    'offer:accept': (s, p, e: z.output<(typeof clientEvents)['offer:accept']>) => joinOnSuccess(s, e.conversationId, hub.console.accept(p, e)),
    'offer:decline': (_s, p, e: z.output<(typeof clientEvents)['offer:decline']>) => hub.console.decline(p, e),
    'queue:pick': (s, p, e: z.output<(typeof clientEvents)['queue:pick']>) => joinOnSuccess(s, e.conversationId, hub.console.pick(p, e)),
    'conversation:join': async (s, p, e: z.output<(typeof clientEvents)['conversation:join']>) => {
      const c = await hub.console.authoriseJoin(p, e.conversationId);
      if ('ok' in c) return c;
      // Join before reading: a message stored in between arrives both ways, and the client keeps one per seq.
      await s.join(room.conversation(c.id));
      return hub.console.history(c, e.afterSeq);
    },
    'message:send': (_s, p, e: z.output<(typeof clientEvents)['message:send']>) => hub.console.send(p, e),
    typing: (_s, p, e: z.output<(typeof clientEvents)['typing']>) => hub.console.typing(p, e.conversationId),
    read: (_s, p, e: z.output<(typeof clientEvents)['read']>) => hub.console.read(p, e),
    transfer: (_s, p, e: z.output<(typeof clientEvents)['transfer']>) => hub.console.transfer(p, e),
    handback: (_s, p, e: z.output<(typeof clientEvents)['handback']>) => hub.console.handBack(p, e),
    wrapup: (_s, p, e: z.output<(typeof clientEvents)['wrapup']>) => hub.console.wrapUp(p, e),
    close: (_s, p, e: z.output<(typeof clientEvents)['close']>) => hub.console.close(p, e),
    'conversations:mine': (_s, p) => hub.console.list(p),
    overview: (_s, p) => hub.console.overview(p),
    directory: () => hub.console.directory(),
    'canned:list': async () => hub.console.canned(),
    'dispositions:list': async () => hub.console.dispositions(),
    'knowledge:suggest': (_s, p, e: z.output<(typeof clientEvents)['knowledge:suggest']>) => hub.console.suggest(p, e),
  };

  io.on('connection', (socket) => {
    const principal = socket.data.principal as Principal;
    void socket.join(room.rep(principal.accountId));
    if (can(principal, 'queue.view')) void socket.join(room.supervisors);
    void onSignIn(socket, principal);

    for (const name of Object.keys(clientEvents) as ClientEventName[]) {
      socket.on(name, (payload: unknown, ack?: unknown) => {
        const reply = typeof ack === 'function' ? (ack as (a: Ack<Record<string, unknown>>) => void) : () => undefined;
        handle(socket, name, payload).then(reply, (error: unknown) => {
          o.log.error({ err: error, event: name }, 'hub event failed');
          reply(fail('unavailable', 'the hub could not do that just now; try again'));
        });
      });
    }
    socket.onAny((event: string, ...args: unknown[]) => {
      if (event in clientEvents) return;
      const ack = args.at(-1);
      if (typeof ack === 'function') ack(fail('unknown-event', `unknown event "${event}"; see handoff-hub/protocol.ts`));
    });
    // A node shutting down is not its reps signing out: their presence goes stale unless another node has them.
    socket.on('disconnect', () => {
      if (!closing) void onSignOut(principal);
    });
  });

  async function handle(socket: Socket, name: ClientEventName, payload: unknown): Promise<Ack<Record<string, unknown>>> {
    const parsed = clientEvents[name].safeParse(payload);
    if (!parsed.success) return invalid(parsed.error);
    const principal = await o.revalidate(socket.data.principal as Principal);
    if (!principal) {
      socket.disconnect(true);
      return fail('unauthorised', 'the session has ended; sign in again');
    }
    socket.data.principal = principal; // the role as it is now
    return (await handlers[name](socket, principal, parsed.data as never)) as Ack<Record<string, unknown>>;
  }

  async function onSignIn(socket: Socket, principal: Principal): Promise<void> {
    try {
      await hub.repsSeen([principal.accountId]);
      hub.reroute();
      // A console that reloads gets its open offers and chats again.
      for (const c of await hub.console.mine(principal)) {
        const offer = offerOf(c);
        const v = view(c);
        if (offer) socket.emit('offer', offer);
        else socket.emit('conversation:state', { conversationId: v.id, state: v.state, repId: v.repId, queueId: v.queueId });
      }
    } catch (error) {
      o.log.warn({ err: error }, 'hub sign-in bookkeeping failed');
    }
  }

  async function onSignOut(principal: Principal): Promise<void> {
    try {
      // Other tabs, or other nodes, may still hold a console of theirs.
      if ((await io.in(room.rep(principal.accountId)).fetchSockets()).length === 0) await hub.repGone(principal.accountId);
    } catch (error) {
      o.log.warn({ err: error }, 'hub sign-out bookkeeping failed');
    }
  }

  const heartbeat = setInterval(() => {
    const here = new Set<string>();
    for (const socket of io.of('/').sockets.values()) here.add((socket.data.principal as Principal).accountId);
    hub.repsSeen([...here]).catch((error: unknown) => o.log.warn({ err: error }, 'presence heartbeat failed'));
  }, HEARTBEAT_MS);
  heartbeat.unref();
  return {
    close() {
      closing = true;
      clearInterval(heartbeat);
    },
  };
}

function joinOnSuccess<T extends object>(socket: Socket, conversationId: string, result: Promise<Result<T>>): Promise<Result<T>> {
  return result.then(async (r) => {
    if (r.ok) await socket.join(room.conversation(conversationId));
    return r;
  });
}

/** A payload that does not match its schema: the field and the rule, and `too-large` for text over the limit. */
function invalid(error: z.ZodError): Ack<Record<string, unknown>> {
  const issue = error.issues[0]!;
  const path = issue.path.join('.') || '(payload)';
  const code = issue.code === 'too_big' && issue.origin === 'string' ? 'too-large' : 'bad-request';
  return fail(code, `${path}: ${issue.message}`);
}

export type { ServerEvents };
