import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Server } from 'restify';
import { mountFiles, type StaticFile } from '../../core/http/index.ts';
import type { Logger } from '../../core/logger.ts';

const HERE = dirname(fileURLToPath(import.meta.url));

/**
 * The rep console's files: the page, its stylesheet and the bundle `npm run build:web` writes to `dist/`. Fixed paths
 * only, never one taken from the URL. The page carries no inline script or style, so it runs under the server's
 * Content-Security-Policy (`script-src 'self'`) as it is; everything it does after loading goes through the signed-in
 * REST routes and the hub's Socket.io endpoint.
 */
const FILES: Record<string, StaticFile> = {
  '/console': { file: join(HERE, 'page', 'index.html'), type: 'text/html; charset=utf-8' },
  '/console/console.css': { file: join(HERE, 'page', 'console.css'), type: 'text/css; charset=utf-8' },
  '/console/console.js': { file: join(HERE, 'dist', 'console.js'), type: 'text/javascript; charset=utf-8' },
  '/console/console.js.map': { file: join(HERE, 'dist', 'console.js.map'), type: 'application/json' },
};

export function mountConsole(server: Server, o: { log: Logger }): void {
  mountFiles(server, FILES, o);
}
