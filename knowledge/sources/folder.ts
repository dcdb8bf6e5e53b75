import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { KnowledgeSource, SourceItem, SyncBatch } from './source.ts';

/**
 * A local folder of knowledge files (sub-folders included, hidden files and folders left out). It lists every
 * file each time (a folder is cheap to list); the knowledge base compares versions (mtime and size) and content
 * hashes, so only changed files are read and parsed.
 */
export function folderSource(o: { id?: string; dir: string }): KnowledgeSource {
  const id = o.id ?? 'files';
  return {
    id,
    kind: 'folder',
    description: o.dir,
    async changes(_cursor, signal): Promise<SyncBatch> {
      const entries = await readdir(o.dir, { recursive: true, withFileTypes: true });
      const items: SourceItem[] = [];
      for (const entry of entries) {
        signal.throwIfAborted();
        const path = join(entry.parentPath, entry.name);
        const key = relative(o.dir, path).split(sep).join('/');
        if (!entry.isFile() || key.split('/').some((part) => part.startsWith('.'))) continue;
        // A file removed between listing and stat is simply not there.
        const info = await stat(path).catch(() => undefined);
        if (!info) continue;
        items.push({
          key,
          name: entry.name,
          location: join(o.dir, key),
          version: `${Math.trunc(info.mtimeMs)}:${info.size}`,
          size: info.size,
          read: (s) => readFile(path, { signal: s }),
        });
      }
      items.sort((a, b) => a.key.localeCompare(b.key));
      return { changes: items.map((item) => ({ kind: 'upsert', item })), complete: true };
    },
  };
}
