import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Server } from 'restify';
import { mountFiles, type StaticFile } from '../core/http/index.ts';
import type { Logger } from '../core/logger.ts';

const WEB = dirname(fileURLToPath(import.meta.url));

/** Built browser code (`npm run build:web`) and the demo page; fixed paths only, never a path from the URL. */
const FILES: Record<string, StaticFile> = {
  '/': { file: join(WEB, 'demo', 'index.html'), type: 'text/html; charset=utf-8' },
  '/widget.js': { file: join(WEB, 'dist', 'widget.js'), type: 'text/javascript; charset=utf-8' },
  '/widget.js.map': { file: join(WEB, 'dist', 'widget.js.map'), type: 'application/json' },
  '/demo.css': { file: join(WEB, 'demo', 'demo.css'), type: 'text/css; charset=utf-8' },
};

export function mountWeb(server: Server, o: { log: Logger }): void {
  mountFiles(server, FILES, o);
}
