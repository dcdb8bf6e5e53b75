import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Server } from 'restify';
import { notFound, route } from '../core/http/index.ts';
import type { Logger } from '../core/logger.ts';

const WEB = dirname(fileURLToPath(import.meta.url));

/** Built browser code (`npm run build:web`) and the demo page; fixed paths only, never a path from the URL. */
const FILES: Record<string, { file: string; type: string; cache: string }> = {
  '/': { file: join(WEB, 'demo', 'index.html'), type: 'text/html; charset=utf-8', cache: 'no-cache' },
  '/widget.js': { file: join(WEB, 'dist', 'widget.js'), type: 'text/javascript; charset=utf-8', cache: 'no-cache' },
  '/widget.js.map': { file: join(WEB, 'dist', 'widget.js.map'), type: 'application/json', cache: 'no-cache' },
  '/demo.css': { file: join(WEB, 'demo', 'demo.css'), type: 'text/css; charset=utf-8', cache: 'no-cache' },
};

export function mountWeb(server: Server, o: { log: Logger }): void {
  for (const [path, entry] of Object.entries(FILES)) {
    server.get(path, route(o.log, async (_req, res) => {
      const info = await stat(entry.file).catch(() => undefined);
      if (!info?.isFile()) throw notFound(`${path} (run npm run build:web)`);
      res.setHeader('content-type', entry.type);
      res.setHeader('cache-control', entry.cache);
      res.sendRaw(200, await readFile(entry.file));
    }));
  }
}
