import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, type AppParts, createApp } from '../../app.ts';
import { type Config, loadConfig } from '../../core/config.ts';
import { createLogger } from '../../core/logger.ts';

export interface TestApp {
  /** http://127.0.0.1:PORT; the same port is kept across restarts so clients can reconnect. */
  readonly url: string;
  readonly config: Config;
  readonly app: App;
  /** A clean shutdown and a start on the same data folder and port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export const TEST_DIRECTLINE_SECRET = 'test-directline-secret-0123456789';
export const TEST_TOKEN_SECRET = 'test-token-signing-secret-0123456789abcdef';

/**
 * The whole server, in process, on a free port with its own temporary PGlite folder (or the env's DATABASE_URL
 * and DATABASE_SCHEMA when given). Logs are silent unless TEST_LOG_LEVEL is set.
 */
export async function startTestApp(env: Record<string, string> = {}, parts: AppParts = {}): Promise<TestApp> {
  const dataDir = env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'support-hub-test-'));
  const ownsDir = env.DATA_DIR === undefined;
  const base = {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DIRECTLINE_SECRET: TEST_DIRECTLINE_SECRET,
    DIRECTLINE_TOKEN_SECRET: TEST_TOKEN_SECRET,
    TOKEN_RATE_LIMIT_PER_MINUTE: '1000',
    SHUTDOWN_TIMEOUT_MS: '2000',
    ...env,
  };
  let config = loadConfig(base);
  const log = createLogger({ level: config.log.level });
  let app = await createApp(config, log, parts);
  const url = await app.listen();
  const port = new URL(url).port;
  config = loadConfig({ ...base, PORT: port });
  let running = true;
  return {
    url,
    get config() {
      return config;
    },
    get app() {
      return app;
    },
    async restart() {
      if (running) await app.close();
      running = false;
      app = await createApp(config, log, parts);
      await app.listen();
      running = true;
    },
    async stop() {
      if (running) await app.close();
      running = false;
      if (ownsDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
