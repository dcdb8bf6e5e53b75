/**
 * The `Sql` contract: one suite body run against embedded PGlite and against PostgreSQL, so code written and tested
 * on one engine behaves the same on the other. What only one engine does is in storage/pglite.test.ts and
 * storage/postgres.test.ts.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { DirectLineStore } from '../../bot/directline/store.ts';
import { loadMigrations, migrate, type Sql, StorageError } from '../../core/storage/index.ts';
import { secretOrGenerated } from '../../core/storage/secrets.ts';
import { type Engine, pgliteEngine, postgresEngine } from '../support/engines.ts';
import { rejectionOf, tempDir } from './storage/support.ts';

for (const engine of [pgliteEngine(), postgresEngine()]) {
  describe(`Sql contract on ${engine.name}`, () => {
    sqlContract(engine);
  });
}

function sqlContract(engine: Engine): void {
  let sql: Sql;

  before(async function () {
    sql = await engine.open(this);
    await sql.exec(`CREATE TABLE items (id integer PRIMARY KEY, label text NOT NULL, doc jsonb, bytes bytea);
      CREATE TABLE ledger (id integer PRIMARY KEY, note text NOT NULL)`);
  });
  after(() => engine.dispose());

  describe('query', () => {
    before(async () => {
      await sql.query('INSERT INTO items (id, label) VALUES ($1, $2), ($3, $4), ($5, $6)', [1, 'one', 2, 'two', 3, 'three']);
    });

    it('binds numbered parameters and returns the matching rows as plain objects', async () => {
      const rows = await sql.query<{ id: number; label: string }>(
        'SELECT id, label FROM items WHERE id >= $1 AND label <> $2 ORDER BY id',
        [2, 'three'],
      );
      expect(rows).to.deep.equal([{ id: 2, label: 'two' }]);
    });

    it('returns an empty array when nothing matches', async () => {
      expect(await sql.query('SELECT id FROM items WHERE label = $1', ['none'])).to.deep.equal([]);
    });

    it('treats a parameter as a value, never as SQL', async () => {
      const rows = await sql.query('SELECT id FROM items WHERE label = $1', ["one' OR '1'='1"]);
      expect(rows).to.deep.equal([]);
    });

    it('returns bigint results such as count(*) as numbers on every engine', async () => {
      // PGlite parses int8 to a number, pg to a string: code written on one engine would break on the other.
      const [row] = await sql.query<{ n: unknown }>('SELECT count(*) AS n FROM items WHERE id <= $1', [3]);
      expect(row).to.deep.equal({ n: 3 });
    });

    it('returns timestamptz columns as Dates', async () => {
      const [row] = await sql.query<{ at: unknown }>("SELECT '2024-05-01T10:00:00Z'::timestamptz AS at");
      expect(row!.at).to.be.instanceOf(Date);
      expect((row!.at as Date).toISOString()).to.equal('2024-05-01T10:00:00.000Z');
    });
  });

  describe('jsonb', () => {
    it('round-trips a nested object given as JSON text and returns it parsed', async () => {
      const doc = { text: 'Grüße, 你好 "quoted"', n: 1.5, ok: true, none: null, list: [1, 'two', { three: 3 }] };
      await sql.query('INSERT INTO items (id, label, doc) VALUES ($1, $2, $3)', [10, 'json', JSON.stringify(doc)]);
      const [row] = await sql.query<{ doc: unknown }>('SELECT doc FROM items WHERE id = $1', [10]);
      expect(row!.doc).to.deep.equal(doc);
    });

    it('lets queries reach into the stored document', async () => {
      await sql.query('INSERT INTO items (id, label, doc) VALUES ($1, $2, $3)', [11, 'json', '{"channel":{"id":"web"}}']);
      const rows = await sql.query("SELECT id FROM items WHERE doc->'channel'->>'id' = $1", ['web']);
      expect(rows).to.deep.equal([{ id: 11 }]);
    });
  });

  describe('bytea', () => {
    it('round-trips every byte value of a Buffer', async () => {
      const bytes = Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256));
      await sql.query('INSERT INTO items (id, label, bytes) VALUES ($1, $2, $3)', [20, 'bytes', bytes]);
      const [row] = await sql.query<{ bytes: unknown }>('SELECT bytes FROM items WHERE id = $1', [20]);
      expect(row!.bytes).to.be.instanceOf(Uint8Array);
      expect(Buffer.from(row!.bytes as Uint8Array).equals(bytes)).to.equal(true);
    });

    it('round-trips an empty Buffer', async () => {
      await sql.query('INSERT INTO items (id, label, bytes) VALUES ($1, $2, $3)', [21, 'bytes', Buffer.alloc(0)]);
      const [row] = await sql.query<{ bytes: Uint8Array }>('SELECT bytes FROM items WHERE id = $1', [21]);
      expect(Buffer.from(row!.bytes).length).to.equal(0);
    });
  });

  describe('transaction', () => {
    const notes = async () =>
      (await sql.query<{ note: string }>('SELECT note FROM ledger ORDER BY id')).map((r) => r.note);

    beforeEach(() => sql.query('DELETE FROM ledger'));

    it('commits when the function resolves and returns its value', async () => {
      const value = await sql.transaction(async (tx) => {
        await tx.query('INSERT INTO ledger (id, note) VALUES ($1, $2)', [1, 'first']);
        await tx.query('INSERT INTO ledger (id, note) VALUES ($1, $2)', [2, 'second']);
        return 'done';
      });
      expect(value).to.equal('done');
      expect(await notes()).to.deep.equal(['first', 'second']);
    });

    it('sees its own writes before it commits', async () => {
      const seen = await sql.transaction(async (tx) => {
        await tx.query('INSERT INTO ledger (id, note) VALUES ($1, $2)', [1, 'mine']);
        return tx.query<{ note: string }>('SELECT note FROM ledger');
      });
      expect(seen).to.deep.equal([{ note: 'mine' }]);
    });

    it('rolls back every write when the function throws, and rethrows the same error', async () => {
      const thrown = new Error('changed my mind');
      const error = await rejectionOf(
        sql.transaction(async (tx) => {
          await tx.query('INSERT INTO ledger (id, note) VALUES ($1, $2)', [1, 'undone']);
          throw thrown;
        }),
      );
      expect(error).to.equal(thrown);
      expect(await notes()).to.deep.equal([]);
    });

    it('rolls back earlier writes when a later statement fails, and surfaces the database error', async () => {
      const error = await rejectionOf(
        sql.transaction(async (tx) => {
          await tx.query('INSERT INTO ledger (id, note) VALUES ($1, $2)', [1, 'kept?']);
          await tx.query('INSERT INTO ledger (id, note) VALUES ($1, $2)', [1, 'duplicate key']);
        }),
      );
      expect(error.message).to.match(/duplicate key|unique/i);
      expect(await notes()).to.deep.equal([]);
    });

    it('leaves the store usable after a rollback', async () => {
      await rejectionOf(sql.transaction(() => Promise.reject(new Error('nothing written'))));
      await sql.transaction((tx) => tx.query('INSERT INTO ledger (id, note) VALUES ($1, $2)', [1, 'after']));
      expect(await notes()).to.deep.equal(['after']);
    });
  });

  describe('migrate', () => {
    // A store of its own: these fake migrations must not meet the shipped ones in schema_migrations. Each test
    // uses its own version numbers, so the tests do not depend on one another.
    let db: Sql;
    let dir: string;
    const write = (files: Record<string, string>) => {
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    };
    const exists = async (table: string) =>
      (await db.query<{ t: unknown }>('SELECT to_regclass($1) AS t', [table]))[0]!.t !== null;

    before(async function () {
      db = await engine.open(this);
    });
    beforeEach(() => {
      dir = tempDir('migrations');
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('applies pending migrations in version order and returns their versions', async () => {
      write({
        '003_notes_seed.sql': "INSERT INTO notes (id, body, author) VALUES (1, 'hello', 'ada');\n",
        '001_notes.sql': 'CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL);\n',
        '002_notes_author.sql':
          '-- who wrote it; one statement per `;` line\nALTER TABLE notes ADD COLUMN author text;\n' +
          'CREATE INDEX notes_author ON notes (author);\n',
      });
      expect(await migrate(db, loadMigrations(dir))).to.deep.equal([1, 2, 3]);
      expect(await db.query('SELECT id, body, author FROM notes')).to.deep.equal([
        { id: 1, body: 'hello', author: 'ada' },
      ]);
    });

    it('orders versions by number, not by file name (999 before 1000)', async () => {
      write({
        '1000_shelf_label.sql': 'ALTER TABLE shelves ADD COLUMN label text;\n',
        '999_shelves.sql': 'CREATE TABLE shelves (id integer PRIMARY KEY);\n',
      });
      expect(await migrate(db, loadMigrations(dir))).to.deep.equal([999, 1000]);
    });

    it('records each applied migration with its version, name and checksum', async () => {
      write({
        '010_tags.sql': 'CREATE TABLE tags (name text PRIMARY KEY);\n',
        '011_tag_colour.sql': 'ALTER TABLE tags ADD COLUMN colour text;\n',
      });
      await migrate(db, loadMigrations(dir));
      const rows = await db.query<{ version: number; name: string; checksum: string }>(
        'SELECT version, name, checksum FROM schema_migrations WHERE version BETWEEN 10 AND 19 ORDER BY version',
      );
      expect(rows.map(({ version, name }) => ({ version, name }))).to.deep.equal([
        { version: 10, name: 'tags' },
        { version: 11, name: 'tag_colour' },
      ]);
      for (const row of rows) expect(row.checksum).to.match(/^[0-9a-f]{16}$/);
    });

    it('applies nothing when run a second time', async () => {
      write({ '020_counters.sql': "CREATE TABLE counters (name text PRIMARY KEY);\nINSERT INTO counters VALUES ('a');\n" });
      expect(await migrate(db, loadMigrations(dir))).to.deep.equal([20]);
      expect(await migrate(db, loadMigrations(dir))).to.deep.equal([]);
      expect(await db.query('SELECT name FROM counters')).to.deep.equal([{ name: 'a' }]);
    });

    it('applies only the migrations added since the last run', async () => {
      write({ '025_people.sql': 'CREATE TABLE people (id integer PRIMARY KEY);\n' });
      await migrate(db, loadMigrations(dir));
      write({ '026_people_name.sql': 'ALTER TABLE people ADD COLUMN name text;\n' });
      expect(await migrate(db, loadMigrations(dir))).to.deep.equal([26]);
    });

    it('refuses an applied migration whose file was edited, naming it, and applies nothing after it', async () => {
      write({ '030_audit_log.sql': 'CREATE TABLE audit_log (id integer PRIMARY KEY);\n' });
      await migrate(db, loadMigrations(dir));
      write({
        '030_audit_log.sql': 'CREATE TABLE audit_log (id integer PRIMARY KEY, at timestamptz);\n',
        '031_audit_actor.sql': 'CREATE TABLE audit_actor (id integer PRIMARY KEY);\n',
      });
      const error = await rejectionOf(migrate(db, loadMigrations(dir)));
      expect(error).to.be.instanceOf(StorageError);
      expect(error.message).to.include('audit_log').and.to.match(/changed/);
      expect(await exists('audit_actor')).to.equal(false);
    });

    it('rolls back a migration that fails part-way and does not record it', async () => {
      write({ '040_half_done.sql': 'CREATE TABLE half_done (id integer);\nINSERT INTO no_such_table VALUES (1);\n' });
      await rejectionOf(migrate(db, loadMigrations(dir)));
      expect(await exists('half_done')).to.equal(false);
      expect(await db.query('SELECT version FROM schema_migrations WHERE version = 40')).to.deep.equal([]);
    });
  });

  describe('with the shipped migrations', () => {
    let applied: number[];

    before(async () => {
      applied = await migrate(sql);
    });

    it('applies every shipped migration to an empty database, once', async () => {
      expect(applied).to.deep.equal(loadMigrations().map((m) => m.version));
      expect(await migrate(sql)).to.deep.equal([]);
    });

    it('gives 50 concurrent Direct Line appends to one conversation the sequence numbers 0..49 exactly once', async () => {
      // Each append increments dl_conversations.last_seq with UPDATE ... RETURNING inside a transaction.
      const store = new DirectLineStore(sql);
      await store.createConversation({ id: 'conv-concurrent', userId: 'user-1' });
      const appended = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          store.append('conv-concurrent', { type: 'message', text: `message ${i}` }, i % 2 === 0 ? 'user' : 'bot'),
        ),
      );
      const expected = Array.from({ length: 50 }, (_, i) => i);
      expect(appended.map((a) => a.seq).sort((a, b) => a - b)).to.deep.equal(expected);
      const stored = await store.listAfter('conv-concurrent', -1);
      expect(stored.map((a) => a.seq)).to.deep.equal(expected);
      expect(new Set(stored.map((a) => a.activity.text)).size).to.equal(50);
    });

    describe('secretOrGenerated', () => {
      it('generates a secret once and returns the same one on every later call', async () => {
        const first = await secretOrGenerated(sql, 'test-signing', undefined);
        expect(first).to.have.length.of.at.least(32);
        expect(await secretOrGenerated(sql, 'test-signing', undefined)).to.equal(first);
      });

      it('agrees on one secret when several callers ask at once', async () => {
        const secrets = await Promise.all(
          Array.from({ length: 8 }, () => secretOrGenerated(sql, 'test-concurrent', undefined)),
        );
        expect(new Set(secrets).size).to.equal(1);
      });

      it('keeps one secret per name', async () => {
        const a = await secretOrGenerated(sql, 'test-a', undefined);
        const b = await secretOrGenerated(sql, 'test-b', undefined);
        expect(a).not.to.equal(b);
      });

      it('returns the configured value as given and stores nothing', async () => {
        expect(await secretOrGenerated(sql, 'test-configured', 'configured-secret-value')).to.equal(
          'configured-secret-value',
        );
        expect(await sql.query('SELECT name FROM app_secrets WHERE name = $1', ['test-configured'])).to.deep.equal([]);
      });
    });
  });
}
