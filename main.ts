/**
 * Process entry: read the environment (and .env), build the app, listen, and shut down cleanly on signals.
 * This is the only file that reads process.env.
 */
import 'dotenv/config';
import { createApp } from './app.ts';
import { ConfigError, loadConfig } from './core/config.ts';
import { createLogger } from './core/logger.ts';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger({ level: config.log.level, pretty: config.log.pretty });
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled promise rejection'));

  let app;
  try {
    app = await createApp(config, log);
    await app.listen();
  } catch (error) {
    // Start-up problems (data folder in use, port taken, a maker's file with an error) are one clear line;
    // the log keeps the stack.
    log.fatal({ err: error }, 'start-up failed');
    process.stderr.write(`Start-up failed: ${(error as Error).message}\n`);
    process.exit(1);
  }
  log.info(`Open ${config.publicUrl ?? app.url.replace('127.0.0.1', 'localhost')}/ for the demo page`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    app
      .close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

void main();
