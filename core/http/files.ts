import { readFile, stat } from 'node:fs/promises';
import type { Server } from 'restify';
import type { Logger } from '../logger.ts';
import { notFound, route } from './errors.ts';

/** A file served at a fixed path. */
export interface StaticFile {
  readonly file: string;
  readonly type: string;
}

/**
 * Serves built browser code and pages at fixed paths (never a path taken from the URL), revalidated on every load so
 * a new release never meets an older cached bundle. A missing file (not built yet) is a 404 that says how to build it.
 */
export function mountFiles(server: Server, files: Readonly<Record<string, StaticFile>>, o: { log: Logger }): void {
  for (const [path, entry] of Object.entries(files)) {
    server.get(path, route(o.log, async (_req, res) => {
      const info = await stat(entry.file).catch(() => undefined);
      if (!info?.isFile()) throw notFound(`${path} (run npm run build:web)`);
      res.setHeader('content-type', entry.type);
      res.setHeader('cache-control', 'no-cache');
      res.sendRaw(200, await readFile(entry.file));
    }));
  }
}
