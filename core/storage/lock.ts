import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { StorageError } from './sql.ts';

/** Data folders locked by this process: the pid check below cannot tell two owners apart inside one process. */
const heldHere = new Set<string>();

/**
 * PGlite is single-user Postgres: a second process on the same folder corrupts it (pglite #1106), and PGlite itself
 * takes no lock. We take one: a file holding the owner's pid, created exclusively. A lock left by a dead process
 * (kill -9) is taken over; one held by a live process refuses start-up with a message that says what to do.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'support-hub.lock');
  if (heldHere.has(dir)) throw lockedError(dir, process.pid);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      heldHere.add(dir);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        heldHere.delete(dir);
        rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new StorageError(`Cannot create the lock file ${path}`, { cause: error });
      }
      const owner = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
      if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) throw lockedError(dir, owner);
      rmSync(path, { force: true }); // stale: its owner is gone
    }
  }
  throw new StorageError(`Cannot take the lock file ${path}: another process keeps recreating it`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lockedError(dir: string, pid: number): StorageError {
  return new StorageError(
    `The data folder ${dir} is in use by process ${pid}. Stop that process, or give this one its own folder ` +
      `with DATA_DIR=... (embedded PGlite allows one process per folder; use DATABASE_URL for several).`,
  );
}
