import { expect } from 'chai';
import type { Activity } from 'botbuilder';
import { SqlTranscriptStore } from '../../../bot/state/sql-transcript-store.ts';
import { migrate } from '../../../core/storage/index.ts';
import { bothEngines } from '../../support/engines.ts';

const activity = (n: number, type = 'message', conversation = 'c1'): Activity =>
  ({ type, id: `a${n}`, text: `message ${n}`, channelId: 'directline', conversation: { id: conversation }, from: { id: 'u' }, timestamp: new Date(1_700_000_000_000 + n * 1000) }) as unknown as Activity;

for (const engine of bothEngines()) {
  describe(`SqlTranscriptStore (botbuilder TranscriptStore) on ${engine.name}`, () => {
    let store: SqlTranscriptStore;
    before(async function () {
      const sql = await engine.open(this);
      await migrate(sql);
      store = new SqlTranscriptStore(sql);
    });
    after(() => engine.dispose());

    it('keeps what was said in order, leaves typing out, and writes a turn’s activities together', async () => {
      void store.logActivity(activity(1));
      void store.logActivity(activity(2, 'typing'));
      void store.logActivity(activity(3));
      const page = await store.getTranscriptActivities('directline', 'c1');
      expect(page.items.map((a) => a.id)).to.deep.equal(['a1', 'a3']);
    });

    it('returns the latest activities oldest first, per conversation', async () => {
      for (let n = 10; n < 20; n++) void store.logActivity(activity(n, 'message', 'c2'));
      void store.logActivity(activity(99, 'message', 'other'));
      expect((await store.recent('directline', 'c2', 3)).map((a) => a.id)).to.deep.equal(['a17', 'a18', 'a19']);
      const list = await store.listTranscripts('directline');
      expect(list.items.map((t) => t.id)).to.include.members(['c1', 'c2', 'other']);
      await store.deleteTranscript('directline', 'c2');
      expect((await store.recent('directline', 'c2', 3))).to.deep.equal([]);
    });
  });
}
