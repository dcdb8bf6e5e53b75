/** PGlite statements are prepared once and then only bound and run (core/storage/pglite-prepared.ts). */
import { rmSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { expect } from 'chai';
import { openPglite, type Sql } from '../../../core/storage/index.ts';
import { PreparedStatements } from '../../../core/storage/pglite-prepared.ts';
import { PGLITE_OPEN_TIMEOUT_MS, rejectionOf, tempDir } from './support.ts';

describe('PGlite prepared statements', () => {
  let db: PGlite;
  let statements: PreparedStatements;
  const prepared = async () => (await db.query<{ name: string }>('SELECT name FROM pg_prepared_statements ORDER BY name')).rows.map((r) => r.name);

  before(async function () {
    this.timeout(PGLITE_OPEN_TIMEOUT_MS);
    db = await PGlite.create();
    await db.exec('CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL, doc jsonb, at timestamptz)');
    statements = new PreparedStatements(db, 2);
  });
  after(() => db.close());

  it('runs one statement text with different parameters, parsing values as PGlite.query does', async () => {
    const insert = 'INSERT INTO notes (id, body, doc, at) VALUES ($1, $2, $3, $4) RETURNING id, doc, at';
    const [first] = await statements.outsideTransaction(insert, [1, 'one', { tags: ['a'] }, new Date('2026-01-02T03:04:05Z')]);
    const [second] = await statements.outsideTransaction(insert, [2, 'two', null, null]);
    expect(first).to.deep.equal({ id: 1, doc: { tags: ['a'] }, at: new Date('2026-01-02T03:04:05Z') });
    expect(second).to.deep.equal({ id: 2, doc: null, at: null });
    expect(await statements.outsideTransaction('SELECT body FROM notes WHERE id = $1', [2])).to.deep.equal([{ body: 'two' }]);
  });

  it('keeps at most its capacity prepared, closing the least recently used, and still runs every text', async () => {
    const texts = ['SELECT 1 AS n WHERE $1::int > 0', 'SELECT 2 AS n WHERE $1::int > 0', 'SELECT 3 AS n WHERE $1::int > 0'];
    for (const round of [0, 1]) {
      for (const [i, text] of texts.entries()) expect(await statements.outsideTransaction(text, [round + 1])).to.deep.equal([{ n: i + 1 }]);
    }
    expect(await prepared()).to.have.length(2);
  });

  it('prepares again when a table changed under a prepared SELECT *', async () => {
    const text = 'SELECT * FROM notes WHERE id = $1';
    expect(Object.keys((await statements.outsideTransaction<object>(text, [1]))[0]!)).to.deep.equal(['id', 'body', 'doc', 'at']);
    await db.exec('ALTER TABLE notes ADD COLUMN extra text');
    const [row] = await statements.outsideTransaction<object>(text, [1]);
    expect(row).to.include({ id: 1, extra: null });
  });

  it('prepares again when a script dropped every prepared statement', async () => {
    const text = 'SELECT body FROM notes WHERE id = $1';
    expect(await statements.outsideTransaction(text, [1])).to.deep.equal([{ body: 'one' }]);
    await db.exec('DEALLOCATE ALL');
    expect(await statements.outsideTransaction(text, [1])).to.deep.equal([{ body: 'one' }]);
  });

  it('reports a database error with its SQLSTATE and keeps working after it', async () => {
    const duplicate = await rejectionOf(statements.outsideTransaction('INSERT INTO notes (id, body) VALUES ($1, $2)', [1, 'again']));
    expect((duplicate as Error & { code?: string }).code).to.equal('23505');
    const syntax = await rejectionOf(statements.outsideTransaction('SELEC body FROM notes', []));
    expect((syntax as Error & { code?: string }).code).to.equal('42601');
    expect(await statements.outsideTransaction('SELECT body FROM notes WHERE id = $1', [1])).to.deep.equal([{ body: 'one' }]);
  });
});

describe('openPglite statements and transactions', () => {
  let dir: string;
  let sql: Sql;

  before(async function () {
    this.timeout(PGLITE_OPEN_TIMEOUT_MS);
    dir = tempDir('pglite-prepared');
    sql = await openPglite(dir);
    await sql.exec('CREATE TABLE entries (id integer PRIMARY KEY)');
  });
  after(async () => {
    await sql.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('never runs a statement inside a transaction it is not part of: it waits, and survives that rollback', async () => {
    let release!: () => void;
    const holding = new Promise<void>((r) => (release = r));
    const transaction = sql.transaction(async (tx) => {
      await tx.query('INSERT INTO entries (id) VALUES ($1)', [1]);
      await holding;
      throw new Error('roll back');
    });
    await new Promise((r) => setTimeout(r, 20));
    const outside = sql.query('INSERT INTO entries (id) VALUES ($1) RETURNING id', [2]);
    release();
    expect((await rejectionOf(transaction)).message).to.equal('roll back');
    expect(await outside).to.deep.equal([{ id: 2 }]);
    expect(await sql.query('SELECT id FROM entries ORDER BY id')).to.deep.equal([{ id: 2 }]);
  });

  it('sees its own uncommitted writes inside a transaction and commits them together', async () => {
    const seen = await sql.transaction(async (tx) => {
      await tx.query('INSERT INTO entries (id) VALUES ($1)', [3]);
      return tx.query<{ n: number }>('SELECT count(*) AS n FROM entries WHERE id = $1', [3]);
    });
    expect(seen).to.deep.equal([{ n: 1 }]);
    expect(await sql.query('SELECT id FROM entries ORDER BY id')).to.deep.equal([{ id: 2 }, { id: 3 }]);
  });
});
