/** What only the embedded engine does: one process per data folder, kept by a lock file. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { openPglite, type Sql, StorageError } from '../../../core/storage/index.ts';
import { PGLITE_OPEN_TIMEOUT_MS, rejectionOf, tempDir } from './support.ts';

describe('openPglite', () => {
  let dir: string;
  let sql: Sql | undefined;
  const lockFile = () => join(resolve(dir), 'support-hub.lock');
  const reopen = async (ctx: Mocha.Context) => {
    ctx.timeout(PGLITE_OPEN_TIMEOUT_MS);
    await sql?.close();
    sql = undefined;
    sql = await openPglite(dir);
    return sql;
  };

  before(async function () {
    this.timeout(PGLITE_OPEN_TIMEOUT_MS);
    dir = tempDir('pglite');
    sql = await openPglite(dir);
  });
  after(async () => {
    await sql?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second open of a folder this process holds, naming the folder and the pid', async () => {
    const error = await rejectionOf(openPglite(dir));
    expect(error).to.be.instanceOf(StorageError);
    expect(error.message).to.include(resolve(dir)).and.to.include(String(process.pid));
  });

  it('refuses a folder whose lock file names another live process, naming that process', async () => {
    const other = tempDir('pglite-other');
    try {
      writeFileSync(join(other, 'support-hub.lock'), String(process.ppid));
      const error = await rejectionOf(openPglite(other));
      expect(error).to.be.instanceOf(StorageError);
      expect(error.message).to.include(other).and.to.include(String(process.ppid));
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('removes its lock file when closed', async function () {
    await sql!.close();
    sql = undefined;
    expect(existsSync(lockFile())).to.equal(false);
    await reopen(this);
  });

  it('can be opened again once closed', async function () {
    const again = await reopen(this);
    expect(await again.query('SELECT 1 AS one')).to.deep.equal([{ one: 1 }]);
  });

  it('keeps committed data across close and reopen', async function () {
    await sql!.exec('CREATE TABLE IF NOT EXISTS kept (id integer PRIMARY KEY)');
    await sql!.transaction((tx) => tx.query('INSERT INTO kept (id) VALUES ($1)', [7]));
    const again = await reopen(this);
    expect(await again.query('SELECT id FROM kept')).to.deep.equal([{ id: 7 }]);
  });

  it('takes over a lock left behind by a process that died', async function () {
    await sql!.close();
    sql = undefined;
    writeFileSync(lockFile(), String(deadPid()));
    const again = await reopen(this);
    expect(await again.query('SELECT 1 AS one')).to.deep.equal([{ one: 1 }]);
    expect(readFileSync(lockFile(), 'utf8')).to.equal(String(process.pid));
  });
});

/** The pid of a process that has exited (a just-finished child's pid is not reused that quickly). */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid;
}
