import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { DEFAULT_INGEST_LIMITS, parseFile } from '../../knowledge/ingest/index.ts';

/** pdf.js runs in a worker thread: its polyfills stay there, and a slow PDF is stopped. */
describe('PDF reading in a worker thread', function () {
  this.timeout(30_000);
  const pdf = () => readFile('knowledge/demo/Tent setup guide.pdf');

  it("reads the text and leaves this process's JSON functions native", async () => {
    const [parse, stringify] = [JSON.parse, JSON.stringify];
    const result = await parseFile('Tent setup guide.pdf', await pdf());
    expect(result.ok).to.equal(true);
    expect(JSON.parse).to.equal(parse);
    expect(JSON.stringify).to.equal(stringify);
  });

  it('stops a PDF that takes longer than the limit, with the reason', async () => {
    const result = await parseFile('Tent setup guide.pdf', await pdf(), { ...DEFAULT_INGEST_LIMITS, maxParseMs: 5 });
    expect(result).to.deep.equal({ ok: false, reason: 'the PDF took longer than 0.005 s to read' });
  });
});
