import { parse, protocol, type PGlite } from '@electric-sql/pglite';
import { isStalePreparedStatement } from './sql.ts';

/**
 * Named prepared statements for PGlite. `PGlite.query` parses, describes and plans its statement on every call,
 * in six separate calls into the WASM backend; a statement prepared once is then bound and run in one call. On
 * this machine that makes the Direct Line append (a four-part CTE) 0.12 ms instead of 0.7 ms, and a key lookup
 * 0.03 ms instead of 0.11 ms (`npm run bench:storage`), which matters because PGlite runs on the event loop.
 *
 * Only public PGlite API is used (`execProtocol`, `runExclusive`, `serializers`, `parsers`, the exported wire
 * protocol serializer and result parser), except for taking the transaction lock outside a transaction (see
 * `outsideTransaction`), which `PGlite.query` takes too so that a statement never lands inside someone else's
 * open transaction.
 */

interface Prepared {
  readonly name: string;
  /** Parameter type OIDs, to serialise values the way `PGlite.query` does. */
  readonly paramTypes: readonly number[];
}

/** Statements kept prepared by default; the least recently used one is closed beyond this. */
const CAPACITY = 500;

interface TransactionLock {
  _runExclusiveTransaction<T>(fn: () => Promise<T>): Promise<T>;
}

export class PreparedStatements {
  readonly #statements = new Map<string, Prepared>();
  #next = 0;

  constructor(
    private readonly db: PGlite,
    private readonly capacity = CAPACITY,
  ) {
    if (typeof (db as unknown as Partial<TransactionLock>)._runExclusiveTransaction !== 'function') {
      throw new Error('this PGlite version has no _runExclusiveTransaction: update core/storage/pglite-prepared.ts');
    }
  }

  /** Runs a statement outside any transaction: waits for open transactions, then syncs the files like `query`. */
  async outsideTransaction<T extends object>(text: string, params: readonly unknown[]): Promise<T[]> {
    const lock = this.db as unknown as TransactionLock;
    const rows = await lock._runExclusiveTransaction(() => this.#run<T>(text, params));
    await this.db.syncToFs();
    return rows;
  }

  /** Runs a statement inside the transaction the caller holds (its commit syncs the files). */
  insideTransaction<T extends object>(text: string, params: readonly unknown[]): Promise<T[]> {
    return this.#run<T>(text, params);
  }

  #run<T extends object>(text: string, params: readonly unknown[]): Promise<T[]> {
    return this.db.runExclusive(async () => {
      try {
        return await this.#execute<T>(await this.#prepared(text), params);
      } catch (error) {
        if (!isStalePreparedStatement(error)) throw error;
        await this.#close(text);
        return this.#execute<T>(await this.#prepared(text), params);
      }
    });
  }

  async #prepared(text: string): Promise<Prepared> {
    const known = this.#statements.get(text);
    if (known) {
      // Most recently used last, so the first entry is the one to close when the cache is full.
      this.#statements.delete(text);
      this.#statements.set(text, known);
      return known;
    }
    const name = `s${++this.#next}`;
    const { messages } = await this.db.execProtocol(
      concat([protocol.serialize.parse({ name, text, types: [] }), protocol.serialize.describe({ type: 'S', name }), protocol.serialize.sync()]),
      { syncToFs: false },
    );
    const prepared = { name, paramTypes: parse.parseDescribeStatementResults(messages) };
    this.#statements.set(text, prepared);
    if (this.#statements.size > this.capacity) await this.#close(this.#statements.keys().next().value!);
    return prepared;
  }

  async #execute<T extends object>(statement: Prepared, params: readonly unknown[]): Promise<T[]> {
    const values = params.map((value, i) => {
      if (value === null || value === undefined) return null;
      const serializer = this.db.serializers[statement.paramTypes[i]!];
      return serializer ? serializer(value) : String(value);
    });
    const { messages } = await this.db.execProtocol(
      concat([
        protocol.serialize.bind({ statement: statement.name, values }),
        protocol.serialize.describe({ type: 'P' }),
        protocol.serialize.execute({}),
        protocol.serialize.sync(),
      ]),
      { syncToFs: false },
    );
    const [result] = parse.parseResults(messages, this.db.parsers);
    return (result?.rows ?? []) as T[];
  }

  async #close(text: string): Promise<void> {
    const statement = this.#statements.get(text);
    if (!statement) return;
    this.#statements.delete(text);
    await this.db.execProtocol(concat([protocol.serialize.close({ type: 'S', name: statement.name }), protocol.serialize.sync()]), {
      syncToFs: false,
    });
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
