import { z } from 'zod';

/**
 * Every setting the system reads, parsed once at the composition root. `.env.example` documents each one;
 * a test keeps the two in step. Nothing outside `main.ts` reads `process.env`.
 */
const port = z.coerce.number().int().min(0).max(65535);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
const httpUrl = z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' });
// Loose on purpose: `admin@localhost` is a fine sign-in name on a fresh install; delivery is never attempted.
const signInEmail = z.string().trim().toLowerCase().max(254).regex(/^[^\s@]+@[^\s@]+$/, 'an email address (name@domain)');

export const envSchema = z.object({
  PORT: port.default(3978),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: httpUrl.optional().describe('base URL browsers use to reach this server'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'a postgres:// or postgresql:// URL' })
    .optional()
    .describe('postgres:// URL; unset means embedded PGlite in DATA_DIR'),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lower-case SQL identifier')
    .default('public'),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'a redis:// or rediss:// URL' }).optional(),
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]{0,64}$/, 'letters, digits, ":", "_" and "-" (max 64)').default('support-hub:').describe('prefix of every Redis key and channel'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_PRETTY: bool.default(false),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(256 * 1024),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  TRUST_PROXY: bool.default(false),

  BOT_NAME: z.string().min(1).max(80).default('Support Bot'),
  BOT_ENDPOINT: httpUrl.optional().describe('a bot elsewhere the local Direct Line posts activities to; default: the bot in this process, called directly'),
  MicrosoftAppId: optionalString,
  MicrosoftAppPassword: optionalString,
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  MicrosoftAppTenantId: optionalString,

  DIRECTLINE_TOKEN_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  DIRECTLINE_SECRET: z.string().min(16, 'at least 16 characters').optional(),
  DIRECTLINE_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(1800),
  DIRECTLINE_BOT_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  AZURE_DIRECTLINE_SECRET: optionalString.describe('use Azure Bot Service Direct Line in the widget instead'),
  AZURE_DIRECTLINE_DOMAIN: httpUrl.default('https://directline.botframework.com/v3/directline'),
  TOKEN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(30),

  TOPICS_DIR: z.string().min(1).default('topics/demo').describe('folder of topic YAML files (hot-reloaded)'),
  TOPICS_WATCH_MS: z.coerce.number().int().min(100).max(60_000).default(500),
  TOPICS_STEP_BUDGET: z.coerce.number().int().min(10).max(10_000).default(200),
  TOPICS_INTERRUPT_CONFIDENCE: z.coerce.number().min(0).max(1).default(0.6),
  ORDER_API_URL: httpUrl.optional().describe("order system for the order_status action; default: the demo store's API"),
  ORDER_API_KEY: optionalString.describe('sent to the order API as x-api-key'),
  ACTION_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),

  KNOWLEDGE_DIR: z.string().min(1).default('knowledge/demo').describe('folder of knowledge files (watched)'),
  KNOWLEDGE_SYNONYMS_FILE: optionalString.describe('synonym groups for search; default: knowledge/synonyms.txt'),
  KNOWLEDGE_ANSWER_THRESHOLD: z.coerce.number().min(0).max(1).optional().describe("override the ranker's tuned threshold"),
  KNOWLEDGE_WATCH_MS: z.coerce.number().int().min(200).max(3_600_000).default(2000),
  KNOWLEDGE_GENERATIVE_ANSWERS: bool.default(true),
  KNOWLEDGE_GENERATIVE_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(8000),
  KNOWLEDGE_EMBEDDING_MIN_SIMILARITY: z.coerce.number().min(0).max(1).default(0.5),
  SHAREPOINT_SITE_URL: httpUrl.optional().describe('e.g. https://contoso.sharepoint.com/sites/support'),
  SHAREPOINT_LIBRARY: z.string().min(1).default('Documents'),
  SHAREPOINT_TENANT_ID: optionalString,
  SHAREPOINT_CLIENT_ID: optionalString,
  SHAREPOINT_CLIENT_SECRET: optionalString,
  SHAREPOINT_SYNC_MS: z.coerce.number().int().min(10_000).default(900_000),
  ADMIN_TOKEN: z.string().min(24, 'at least 24 characters').optional().describe('bearer token for operator APIs; unset: loopback only'),

  NLU_EXAMPLES_DIR: optionalString.describe("extra intent example YAML files, added to the topics' trigger phrases"),
  NLU_CATALOG_FILE: optionalString.describe('product catalog (YAML/JSON) for product entities; default: the demo catalog'),
  NLU_OOS_THRESHOLD: z.coerce.number().min(-5).max(5).optional().describe('override the tuned out-of-scope margin'),
  NLU_AMBIGUITY_MARGIN: z.coerce.number().min(0).max(1).optional(),

  AZURE_OPENAI_ENDPOINT: httpUrl.optional().describe('Azure OpenAI resource URL; unset = embedded models only'),
  AZURE_OPENAI_API_KEY: optionalString.describe('unset with an endpoint = keyless Entra ID (DefaultAzureCredential)'),
  AZURE_OPENAI_API_VERSION: z.string().min(1).default('2024-10-21'),
  AZURE_OPENAI_CHAT_DEPLOYMENT: optionalString,
  AZURE_OPENAI_EMBEDDING_DEPLOYMENT: optionalString,
  AZURE_OPENAI_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(20_000),
  AZURE_OPENAI_MAX_RETRIES: z.coerce.number().int().min(0).max(2).default(2),
  AZURE_OPENAI_BREAKER_FAILURES: z.coerce.number().int().min(1).default(5),
  AZURE_OPENAI_BREAKER_OPEN_MS: z.coerce.number().int().min(1000).default(30_000),
  NLU_LLM_SECOND_OPINION: bool.default(true),
  NLU_LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(1500),
  NLU_LLM_CONSULT_BELOW: z.coerce.number().min(0).max(1).default(0.6),

  HUB_ADMIN_EMAIL: signInEmail.optional().describe('first admin, created when the hub has no account yet'),
  HUB_ADMIN_PASSWORD: z.string().min(12, 'at least 12 characters').max(1024).optional(),
  HUB_SESSION_TTL_MINUTES: z.coerce.number().int().min(5).max(43_200).default(480),
  HUB_COOKIE_SECURE: bool.optional().describe('default: true when PUBLIC_URL is https'),
  HUB_QUEUES_FILE: z.string().min(1).default('handoff-hub/demo/queues.yaml').describe('queues, business hours and routing knobs (YAML)'),
  HUB_CANNED_FILE: z.string().min(1).default('handoff-hub/demo/canned.yaml').describe("canned responses for the reps' console (YAML)"),
  HUB_EXTERNAL_BOTS: optionalString.describe('other Bot Framework bots that may hand conversations over (JSON; see handoff-hub/EXTERNAL_BOTS.md)'),
  HUB_SWEEP_MS: z.coerce.number().int().min(50).max(60_000).default(1000).describe('how often offer and reconnect deadlines are checked'),
});

export type Env = z.input<typeof envSchema>;

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string | undefined;
  readonly dataDir: string;
  readonly database: { readonly url: string | undefined; readonly schema: string };
  readonly redisUrl: string | undefined;
  /** Prefix of every Redis key and channel (several deployments can share one Redis). */
  readonly redisPrefix: string;
  readonly log: { readonly level: string; readonly pretty: boolean };
  readonly http: { readonly maxBodyBytes: number; readonly shutdownTimeoutMs: number; readonly trustProxy: boolean };
  readonly bot: {
    readonly name: string;
    readonly endpoint: string | undefined;
    readonly appId: string | undefined;
    readonly appPassword: string | undefined;
    readonly appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    readonly tenantId: string | undefined;
  };
  readonly directLine: {
    readonly tokenSecret: string | undefined;
    readonly secret: string | undefined;
    readonly tokenTtlSeconds: number;
    readonly botTimeoutMs: number;
    readonly tokenRateLimitPerMinute: number;
    readonly azure: { readonly secret: string; readonly domain: string } | undefined;
  };
  readonly topics: {
    readonly dir: string;
    readonly watchMs: number;
    readonly stepBudget: number;
    readonly interruptConfidence: number;
  };
  readonly actions: { readonly orderApiUrl: string | undefined; readonly orderApiKey: string | undefined; readonly timeoutMs: number };
  readonly knowledge: {
    readonly dir: string;
    readonly synonymsFile: string | undefined;
    readonly threshold: number | undefined;
    readonly watchMs: number;
    readonly generative: { readonly enabled: boolean; readonly timeoutMs: number };
    readonly embeddingMinSimilarity: number;
    readonly sharePoint:
      | {
          readonly siteUrl: string;
          readonly library: string;
          readonly tenantId: string | undefined;
          readonly clientId: string | undefined;
          readonly clientSecret: string | undefined;
          readonly syncMs: number;
        }
      | undefined;
  };
  readonly adminToken: string | undefined;
  readonly nlu: {
    readonly examplesDir: string | undefined;
    readonly catalogFile: string | undefined;
    readonly oosThreshold: number | undefined;
    readonly ambiguityMargin: number | undefined;
    readonly llm: { readonly enabled: boolean; readonly timeoutMs: number; readonly consultBelow: number };
  };
  readonly azureOpenAI:
    | {
        readonly endpoint: string;
        readonly apiKey: string | undefined;
        readonly apiVersion: string;
        readonly chatDeployment: string | undefined;
        readonly embeddingDeployment: string | undefined;
        readonly timeoutMs: number;
        readonly maxRetries: number;
        readonly breaker: { readonly failures: number; readonly openMs: number };
      }
    | undefined;
  readonly hub: {
    readonly adminEmail: string | undefined;
    readonly adminPassword: string | undefined;
    readonly sessionTtlMinutes: number;
    readonly cookieSecure: boolean;
    readonly queuesFile: string;
    readonly cannedFile: string;
    readonly sweepMs: number;
    /** Parsed by the hub (it names the entry and field in errors, never the secrets). */
    readonly externalBots: string | undefined;
  };
}

/** Thrown when the environment is wrong; its message is one line naming the variable and what it expects. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: Record<string, string | undefined>): Config {
  // Empty strings in .env files mean "not set", as they do for most twelve-factor tools.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? '?');
    const shown = present[name] === undefined ? '' : ` (got ${JSON.stringify(redactValue(name, present[name]!))})`;
    throw new ConfigError(`Invalid environment variable ${name}${shown}: ${issue.message}`);
  }
  const e = parsed.data;
  const deployment = e.AZURE_OPENAI_CHAT_DEPLOYMENT ?? e.AZURE_OPENAI_EMBEDDING_DEPLOYMENT;
  if (deployment && !e.AZURE_OPENAI_ENDPOINT) {
    throw new ConfigError('Invalid environment variable AZURE_OPENAI_ENDPOINT: required when a deployment is set');
  }
  if (e.AZURE_OPENAI_ENDPOINT && !deployment) {
    throw new ConfigError(
      'Invalid environment variable AZURE_OPENAI_CHAT_DEPLOYMENT: required when AZURE_OPENAI_ENDPOINT is set ' +
        '(or set AZURE_OPENAI_EMBEDDING_DEPLOYMENT)',
    );
  }
  if (Boolean(e.HUB_ADMIN_EMAIL) !== Boolean(e.HUB_ADMIN_PASSWORD)) {
    const missing = e.HUB_ADMIN_EMAIL ? 'HUB_ADMIN_PASSWORD' : 'HUB_ADMIN_EMAIL';
    throw new ConfigError(`Invalid environment variable ${missing}: HUB_ADMIN_EMAIL and HUB_ADMIN_PASSWORD are set together`);
  }
  if (e.MicrosoftAppPassword && !e.MicrosoftAppId) {
    throw new ConfigError('Invalid environment variable MicrosoftAppId: required when MicrosoftAppPassword is set');
  }
  return deepFreeze({
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    dataDir: e.DATA_DIR,
    database: { url: e.DATABASE_URL, schema: e.DATABASE_SCHEMA },
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    log: { level: e.LOG_LEVEL, pretty: e.LOG_PRETTY },
    http: { maxBodyBytes: e.MAX_BODY_BYTES, shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS, trustProxy: e.TRUST_PROXY },
    bot: {
      name: e.BOT_NAME,
      endpoint: e.BOT_ENDPOINT,
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      appType: e.MicrosoftAppType,
      tenantId: e.MicrosoftAppTenantId,
    },
    directLine: {
      tokenSecret: e.DIRECTLINE_TOKEN_SECRET,
      secret: e.DIRECTLINE_SECRET,
      tokenTtlSeconds: e.DIRECTLINE_TOKEN_TTL_SECONDS,
      botTimeoutMs: e.DIRECTLINE_BOT_TIMEOUT_MS,
      tokenRateLimitPerMinute: e.TOKEN_RATE_LIMIT_PER_MINUTE,
      azure: e.AZURE_DIRECTLINE_SECRET
        ? { secret: e.AZURE_DIRECTLINE_SECRET, domain: e.AZURE_DIRECTLINE_DOMAIN.replace(/\/+$/, '') }
        : undefined,
    },
    topics: {
      dir: e.TOPICS_DIR,
      watchMs: e.TOPICS_WATCH_MS,
      stepBudget: e.TOPICS_STEP_BUDGET,
      interruptConfidence: e.TOPICS_INTERRUPT_CONFIDENCE,
    },
    actions: { orderApiUrl: e.ORDER_API_URL?.replace(/\/+$/, ''), orderApiKey: e.ORDER_API_KEY, timeoutMs: e.ACTION_TIMEOUT_MS },
    knowledge: {
      dir: e.KNOWLEDGE_DIR,
      synonymsFile: e.KNOWLEDGE_SYNONYMS_FILE,
      threshold: e.KNOWLEDGE_ANSWER_THRESHOLD,
      watchMs: e.KNOWLEDGE_WATCH_MS,
      generative: { enabled: e.KNOWLEDGE_GENERATIVE_ANSWERS, timeoutMs: e.KNOWLEDGE_GENERATIVE_TIMEOUT_MS },
      embeddingMinSimilarity: e.KNOWLEDGE_EMBEDDING_MIN_SIMILARITY,
      sharePoint: e.SHAREPOINT_SITE_URL
        ? {
            siteUrl: e.SHAREPOINT_SITE_URL,
            library: e.SHAREPOINT_LIBRARY,
            tenantId: e.SHAREPOINT_TENANT_ID,
            clientId: e.SHAREPOINT_CLIENT_ID,
            clientSecret: e.SHAREPOINT_CLIENT_SECRET,
            syncMs: e.SHAREPOINT_SYNC_MS,
          }
        : undefined,
    },
    adminToken: e.ADMIN_TOKEN,
    nlu: {
      examplesDir: e.NLU_EXAMPLES_DIR,
      catalogFile: e.NLU_CATALOG_FILE,
      oosThreshold: e.NLU_OOS_THRESHOLD,
      ambiguityMargin: e.NLU_AMBIGUITY_MARGIN,
      llm: { enabled: e.NLU_LLM_SECOND_OPINION, timeoutMs: e.NLU_LLM_TIMEOUT_MS, consultBelow: e.NLU_LLM_CONSULT_BELOW },
    },
    azureOpenAI: e.AZURE_OPENAI_ENDPOINT
      ? {
          endpoint: e.AZURE_OPENAI_ENDPOINT,
          apiKey: e.AZURE_OPENAI_API_KEY,
          apiVersion: e.AZURE_OPENAI_API_VERSION,
          chatDeployment: e.AZURE_OPENAI_CHAT_DEPLOYMENT,
          embeddingDeployment: e.AZURE_OPENAI_EMBEDDING_DEPLOYMENT,
          timeoutMs: e.AZURE_OPENAI_TIMEOUT_MS,
          maxRetries: e.AZURE_OPENAI_MAX_RETRIES,
          breaker: { failures: e.AZURE_OPENAI_BREAKER_FAILURES, openMs: e.AZURE_OPENAI_BREAKER_OPEN_MS },
        }
      : undefined,
    hub: {
      adminEmail: e.HUB_ADMIN_EMAIL,
      adminPassword: e.HUB_ADMIN_PASSWORD,
      sessionTtlMinutes: e.HUB_SESSION_TTL_MINUTES,
      cookieSecure: e.HUB_COOKIE_SECURE ?? e.PUBLIC_URL?.startsWith('https:') ?? false,
      queuesFile: e.HUB_QUEUES_FILE,
      cannedFile: e.HUB_CANNED_FILE,
      sweepMs: e.HUB_SWEEP_MS,
      externalBots: e.HUB_EXTERNAL_BOTS,
    },
  });
}

function redactValue(name: string, value: string): string {
  value = value.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@'); // a URL may carry a password
  return /SECRET|PASSWORD|KEY/i.test(name) ? '***' : value.length > 60 ? `${value.slice(0, 57)}...` : value;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
