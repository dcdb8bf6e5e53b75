/**
 * The composition root: builds every component from the parsed config and wires them onto one HTTP port.
 * `main.ts` adds the process concerns (environment, signals); tests call `createApp` directly.
 */
import type { AddressInfo } from 'node:net';
import type { ActivityHandler, CloudAdapter } from 'botbuilder';
import restify, { type Request, type Server } from 'restify';
import {
  azureTokenIssuer,
  createAdapter,
  directTurn,
  createLocalDirectLine,
  createRedisActivityFeed,
  type InProcessConnector,
  type LocalDirectLine,
  createNlu,
  createSupportBot,
  mountBotEndpoint,
  mountWidgetToken,
  SqlTranscriptStore,
  BotCustomerChannel,
  HandoffRefused,
  type HubGateway,
} from './bot/index.ts';
import { createAzureChatModel } from './core/ai/index.ts';
import { loadWordVectors } from './core/text/index.ts';
import type { Config } from './core/config.ts';
import { adminGuard, installHttpBasics } from './core/http/index.ts';
import type { Logger } from './core/logger.ts';
import { createMetrics } from './core/metrics.ts';
import { openStorage, secretOrGenerated, type Sql } from './core/storage/index.ts';
import {
  attachHub,
  createHubAuth,
  disconnectRevoked,
  type ExternalBot,
  externalChannels,
  HandoffRejected,
  Hub,
  type HubServer,
  loadCannedFile,
  loadQueuesFile,
  mountConsole,
  mountExternalBots,
  parseExternalBots,
} from './handoff-hub/index.ts';
import { createKnowledgeBase, mountKnowledgeApi, SHIPPED_SYNONYMS } from './knowledge/index.ts';
import {
  DEFAULT_RUNTIME_SETTINGS,
  mountTopicStatus,
  SHIPPED_SYSTEM_TOPICS,
  shippedActions,
  TopicStore,
} from './topics/index.ts';
import { DEMO_ORDERS_PATH, mountDemoOrders, mountWeb } from './web/index.ts';

export interface App {
  readonly server: Server;
  readonly sql: Sql;
  /** The URL the server listens on, e.g. http://127.0.0.1:3978 (set once `listen` resolved). */
  readonly url: string;
  /** How the hub reaches customers through the bot (rep messages, handoff status). */
  readonly customerChannel: BotCustomerChannel;
  /** The engagement hub (routing, relay, outbox). */
  readonly hub: Hub;
  listen(): Promise<string>;
  close(): Promise<void>;
}

/** Components built elsewhere and handed in (the engagement hub's gateway; tests pass fakes). */
export interface AppParts {
  readonly hub?: HubGateway;
  /** Other Bot Framework bots that may hand conversations over (until the config carries HUB_EXTERNAL_BOTS). */
  readonly externalBots?: readonly ExternalBot[];
  /**
   * Another bot for the local Direct Line to call in process instead of ours, with its own adapter (the turn
   * benchmark's bare echo bot, so both sides of that comparison use the same transport).
   */
  readonly bot?: (connector: InProcessConnector) => { adapter: CloudAdapter; bot: ActivityHandler };
}

export async function createApp(config: Config, log: Logger, parts: AppParts = {}): Promise<App> {
  const sql = await openStorage(
    { databaseUrl: config.database.url, schema: config.database.schema, dataDir: config.dataDir },
    log,
  );
  let port = config.port;
  const loopback = () => `http://${callbackHost(config.host)}:${port}`;
  const baseUrl = (req: Request) => config.publicUrl ?? requestBase(req, config.http.trustProxy);
  const clientIp = (req: Request) =>
    (config.http.trustProxy ? req.header('x-forwarded-for')?.split(',')[0]?.trim() : undefined) ??
    req.socket.remoteAddress ??
    'unknown';

  const server = restify.createServer({ name: 'support-hub', handleUpgrades: false, ignoreTrailingSlash: true });
  const metrics = createMetrics();
  installHttpBasics(server, {
    sql,
    log,
    metrics,
    azureDomain: config.directLine.azure?.domain,
    httpsOnly: config.publicUrl?.startsWith('https:') ?? false,
  });

  const authEnabled = Boolean(config.bot.appId);
  let directLine: LocalDirectLine | undefined;
  if (!authEnabled) {
    // With Redis, a stream on one node hears of activities stored through another.
    const feed = config.redisUrl ? await createRedisActivityFeed({ url: config.redisUrl, log: log.child({ component: 'directline-feed' }), prefix: config.redisPrefix }) : undefined;
    directLine = createLocalDirectLine({
      ...(feed ? { feed } : {}),
      sql,
      log: log.child({ component: 'directline' }),
      metrics,
      tokenSecret: await secretOrGenerated(sql, 'directline-token', config.directLine.tokenSecret),
      secret: config.directLine.secret,
      tokenTtlSeconds: config.directLine.tokenTtlSeconds,
      botEndpoint: () => config.bot.endpoint ?? `${loopback()}/api/messages`,
      botTimeoutMs: config.directLine.botTimeoutMs,
      bot: { id: 'bot', name: config.bot.name },
      callbackBase: () => (config.bot.endpoint ? (config.publicUrl ?? loopback()) : loopback()),
      baseUrl,
      maxBodyBytes: config.http.maxBodyBytes,
    });
    directLine.mount(server);
  }
  // The widget talks through Azure's Direct Line when a secret is configured, else through the local one.
  const issue = config.directLine.azure ? azureTokenIssuer(config.directLine.azure) : directLine?.issueWidgetToken;
  if (issue) {
    mountWidgetToken(server, { issue, perMinute: config.directLine.tokenRateLimitPerMinute, clientIp, log });
  } else {
    log.warn('MicrosoftAppId is set but AZURE_DIRECTLINE_SECRET is not: the widget has no channel to talk through');
  }

  const admin = adminGuard(config.adminToken);
  const azureOpenAI = config.azureOpenAI;
  const chat = azureOpenAI ? createAzureChatModel({ ...azureOpenAI, log: log.child({ component: 'azure-openai' }) }) : undefined;
  // Shipped GloVe vectors (~50 ms to load), shared: customers' own words find articles, and topics, written in
  // other words.
  const wordVectors = await loadWordVectors();
  const knowledge = await createKnowledgeBase(
    { ...config.knowledge, synonymsFile: config.knowledge.synonymsFile ?? SHIPPED_SYNONYMS },
    {
      sql,
      log: log.child({ component: 'knowledge' }),
      wordVectors,
      cloud: {
        ...(chat && azureOpenAI?.embeddingDeployment
          ? { embeddings: { model: chat, modelName: azureOpenAI.embeddingDeployment, minSimilarity: config.knowledge.embeddingMinSimilarity, queryTimeoutMs: 1500 } }
          : {}),
        ...(chat && azureOpenAI?.chatDeployment && config.knowledge.generative.enabled
          ? { generator: { chat, timeoutMs: config.knowledge.generative.timeoutMs } }
          : {}),
      },
    },
  );
  mountKnowledgeApi(server, { base: knowledge, log, admin });

  const actions = shippedActions({
    orderApiUrl: () => config.actions.orderApiUrl ?? `${loopback()}${DEMO_ORDERS_PATH}`,
    orderApiKey: config.actions.orderApiKey,
    timeoutMs: config.actions.timeoutMs,
  });
  const topics = await TopicStore.open({
    dir: config.topics.dir,
    shippedSystemDir: SHIPPED_SYSTEM_TOPICS,
    pollMs: config.topics.watchMs,
    knownActions: actions.names(),
    log: log.child({ component: 'topics' }),
  });
  const nlu = await createNlu(config.nlu, topics.library.intentExamples(), { log: log.child({ component: 'nlu' }), wordVectors });
  // Edited trigger phrases retrain in the background; the current model answers until the new one is ready.
  topics.onChange((library) => {
    nlu.retrain(library.intentExamples()).catch((error: unknown) => log.error({ err: error }, 'intent retraining failed'));
  });
  const transcripts = new SqlTranscriptStore(sql);
  // The bot reaches the hub through this gateway; the hub reaches customers through the bot's customer channel.
  let hub: Hub | undefined;
  const gateway: HubGateway = parts.hub ?? {
    async initiate(event, reference) {
      try {
        return await hub!.initiate(event, reference);
      } catch (error) {
        throw error instanceof HandoffRejected ? new HandoffRefused(error.message) : error;
      }
    },
    customerMessage: (id, message) => hub!.customerMessage(id, message),
    customerChoice: (id, choice) => hub!.customerChoice(id, choice),
    customerTyping: (id) => hub!.customerTyping(id),
  };
  const bot = createSupportBot({
    transcripts,
    hub: gateway,
    botName: config.bot.name,
    sql,
    nlu,
    knowledge,
    topics: {
      library: () => topics.library,
      actions,
      settings: {
        ...DEFAULT_RUNTIME_SETTINGS,
        stepBudget: config.topics.stepBudget,
        interruptConfidence: config.topics.interruptConfidence,
      },
      onTrace: (event, topic) => metrics.topicEvents.inc({ event, topic }),
    },
    ...(chat && azureOpenAI?.chatDeployment && config.nlu.llm.enabled
      ? { secondOpinion: { chat, timeoutMs: config.nlu.llm.timeoutMs, consultBelow: config.nlu.llm.consultBelow } }
      : {}),
    log,
  });
  // The embedded default: the local Direct Line and the bot share this process, so they call each other directly.
  const inProcess = directLine && !config.bot.endpoint ? directLine : undefined;
  const adapter = createAdapter(config.bot, log.child({ component: 'bot' }), transcripts, inProcess?.connector);
  if (inProcess) {
    const served = parts.bot ? parts.bot(inProcess.connector) : { adapter, bot };
    inProcess.connectBot(directTurn(served.adapter, served.bot));
  }
  const customerChannel = new BotCustomerChannel(adapter, config.bot.appId ?? '', bot);
  const queues = await loadQueuesFile(config.hub.queuesFile);
  // Other Bot Framework bots hand conversations over too (handoff-hub/EXTERNAL_BOTS.md): each is a customer channel.
  const externalBots = parts.externalBots ?? parseExternalBots(config.hub.externalBots);
  hub = new Hub({
    sql,
    log: log.child({ component: 'hub' }),
    queues: queues.queues,
    policy: queues.policy,
    dispositions: queues.dispositions,
    channels: { bot: customerChannel, ...externalChannels(externalBots) },
    canned: await loadCannedFile(config.hub.cannedFile),
    // Reps get the same index the bot answers from, with internal articles too, each passage with its citation.
    suggest: async (query) =>
      (await knowledge.search(query, { audience: 'internal' }, 5)).map(({ passage, document, confidence }) => ({
        title: [document.meta.title, ...passage.headings.slice(1)].join(' › '),
        text: passage.text,
        citation: { title: document.meta.title, url: document.meta.url ?? null },
        confidence,
      })),
    metrics: {
      event: (event, queue) => metrics.hubEvents.inc({ event, queue }),
      message: (from) => metrics.hubMessages.inc({ from }),
      delivery: (outcome) => metrics.hubCustomerDeliveries.inc({ outcome }),
    },
    sweepMs: config.hub.sweepMs,
  });
  // The widget's Direct Line stream dropping or coming back opens or closes the reconnect window of a live chat.
  directLine?.onStreamPresence((conversationId, connected) => {
    hub!.customerPresence(`directline/${conversationId}`, connected).catch((error: unknown) => log.warn({ err: error, conversationId }, 'customer presence update failed'));
  });
  mountExternalBots(server, { hub, bots: externalBots, log: log.child({ component: 'external-bots' }), maxBodyBytes: config.http.maxBodyBytes * 4 });
  mountBotEndpoint(server, {
    adapter,
    bot,
    allowedServiceUrl: authEnabled ? undefined : () => directLine!.serviceUrl(),
    maxBodyBytes: config.http.maxBodyBytes * 4,
    log,
  });
  mountTopicStatus(server, { store: topics, log, admin });
  mountWeb(server, { log });
  mountConsole(server, { log });
  if (!config.actions.orderApiUrl) mountDemoOrders(server, { log });

  // Reps' sign-in: seeds the first admin on a fresh database, mounts /api/hub/auth and /api/hub/accounts.
  const hubAuth = await createHubAuth({
    sql,
    log: log.child({ component: 'hub-auth' }),
    ...config.hub,
    publicUrl: config.publicUrl,
    trustProxy: config.http.trustProxy,
    clientIp,
  });
  hubAuth.mount(server);

  let hubServer: HubServer | undefined;
  // A session that ends (logout, disabled account, password reset) closes its sockets on every node.
  hubAuth.onRevoked((sessionIds) => {
    if (hubServer) disconnectRevoked(hubServer.io, sessionIds).catch((error: unknown) => log.warn({ err: error }, 'closing revoked hub sockets failed'));
  });
  const http = server.server;
  http.on('upgrade', (req, socket, head) => {
    if (directLine?.handleUpgrade(req, socket, head)) return;
    // Socket.io takes its own path; anything else gets no answer worth waiting for.
    if (!req.url?.startsWith('/socket.io/')) socket.destroy();
  });

  let url = '';
  return {
    server,
    sql,
    customerChannel,
    hub,
    get url() {
      return url;
    },
    async listen() {
      await new Promise<void>((resolve, reject) => {
        http.once('error', reject);
        server.listen(config.port, config.host, () => {
          http.off('error', reject);
          resolve();
        });
      });
      port = (http.address() as AddressInfo).port;
      url = `http://${callbackHost(config.host)}:${port}`;
      hubServer = await attachHub(http, {
        redisUrl: config.redisUrl,
        redisPrefix: config.redisPrefix,
        log: log.child({ component: 'hub' }),
        authenticate: hubAuth.authenticateHandshake,
        revalidate: hubAuth.revalidate,
        hub,
      });
      hub.start();
      await directLine?.resume();
      topics.watch();
      // A first start indexes the folder before answering; later starts answer from the stored index at once.
      if (knowledge.documentCount === 0) await knowledge.sync();
      else knowledge.syncQuietly();
      knowledge.watch((source) => (source.kind === 'sharepoint' ? (config.knowledge.sharePoint?.syncMs ?? 900_000) : config.knowledge.watchMs));
      log.info({ url, storage: sql.engine, directLine: directLine ? 'local' : 'azure' }, 'listening');
      return url;
    },
    async close() {
      const deadline = config.http.shutdownTimeoutMs;
      // Stop taking connections, let requests in flight finish, then close what they might still use.
      const closed = new Promise<void>((resolve) => (http.listening ? http.close(() => resolve()) : resolve()));
      http.closeIdleConnections();
      await directLine?.close(deadline);
      topics.close();
      await knowledge.close();
      nlu.close();
      await hubServer?.close().catch((error: unknown) => log.warn({ err: error }, 'hub close failed'));
      await hub.close();
      const timer = setTimeout(() => http.closeAllConnections(), deadline).unref();
      await closed;
      clearTimeout(timer);
      await sql.close();
      log.info('stopped');
    },
  };
}

/** Where this process reaches itself: loopback when bound to every interface. */
function callbackHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

function requestBase(req: Request, trustProxy: boolean): string {
  const proto = (trustProxy && req.header('x-forwarded-proto')?.split(',')[0]?.trim()) || (req.isSecure() ? 'https' : 'http');
  const host = (trustProxy && req.header('x-forwarded-host')) || req.header('host') || 'localhost';
  return `${proto}://${host}`;
}
