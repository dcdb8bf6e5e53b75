/**
 * The hub bench's baselines (bench/lib/raw-relay.ts): the raw relay passes messages both ways in order, and the
 * floor stores every message before it passes it on, so its figures really include one durable write each.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { openPglite, type Sql } from '../../core/storage/index.ts';
import { openRaw, startRawRelay, type RawRelay } from '../../bench/lib/raw-relay.ts';
import type { Direction } from '../../bench/lib/hub-workload.ts';
import { waitFor } from '../support/wait.ts';

describe('hub bench baselines', function () {
  this.timeout(60_000);

  async function exchange(relay: RawRelay, customerHttp: boolean) {
    const received: [Direction, string][] = [];
    const path = await openRaw({ url: relay.url, customers: 2, reps: 1, customerHttp }, (direction, text) => received.push([direction, text]));
    try {
      await path.pairs[0]!.customerSays('c2r 0 1');
      await path.pairs[1]!.customerSays('c2r 1 1');
      await path.pairs[0]!.repSays('r2c 0 1');
      await path.pairs[0]!.customerSays('c2r 0 2');
      await waitFor(() => received.length === 4, 'the four messages');
      return received;
    } finally {
      await path.close();
    }
  }

  it('the raw relay passes each message to the other side, in order', async () => {
    const relay = await startRawRelay();
    try {
      expect(await exchange(relay, false)).to.deep.equal([
        ['c2r', 'c2r 0 1'],
        ['c2r', 'c2r 1 1'],
        ['r2c', 'r2c 0 1'],
        ['c2r', 'c2r 0 2'],
      ]);
    } finally {
      await relay.close();
    }
  });

  describe('the floor (customers post over HTTP, one INSERT per message)', () => {
    let dir: string;
    let sql: Sql;
    before(async function () {
      this.timeout(120_000); // PGlite's start-up is slow on a busy machine
      dir = mkdtempSync(join(tmpdir(), 'bench-floor-test-'));
      sql = await openPglite(dir);
    });
    after(async () => {
      await sql.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('stores every message, numbered per conversation, before passing it on', async () => {
      const relay = await startRawRelay({ persist: sql });
      try {
        expect((await exchange(relay, true)).map(([, text]) => text)).to.deep.equal(['c2r 0 1', 'c2r 1 1', 'r2c 0 1', 'c2r 0 2']);
        const rows = await sql.query<{ conversation_id: string; seq: number; sender: string; text: string }>(
          'SELECT conversation_id, seq, sender, text FROM raw_relay_messages ORDER BY conversation_id, seq',
        );
        expect(rows).to.deep.equal([
          { conversation_id: 'raw-0', seq: 1, sender: 'customer', text: 'c2r 0 1' },
          { conversation_id: 'raw-0', seq: 2, sender: 'rep', text: 'r2c 0 1' },
          { conversation_id: 'raw-0', seq: 3, sender: 'customer', text: 'c2r 0 2' },
          { conversation_id: 'raw-1', seq: 1, sender: 'customer', text: 'c2r 1 1' },
        ]);
      } finally {
        await relay.close();
      }
    });

    it('answers a customer post it cannot read with 400 and relays nothing', async () => {
      const relay = await startRawRelay({ persist: sql });
      try {
        const response = await fetch(`${relay.url}/customers/raw-9/messages`, { method: 'POST', body: '{not json' });
        expect(response.status).to.equal(400);
        const [row] = await sql.query<{ n: number }>("SELECT count(*)::int AS n FROM raw_relay_messages WHERE conversation_id = 'raw-9'");
        expect(row!.n).to.equal(0);
      } finally {
        await relay.close();
      }
    });
  });
});
