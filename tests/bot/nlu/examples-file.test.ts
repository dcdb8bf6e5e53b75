import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { ExamplesFileError, loadExamplesDir, loadExamplesFile } from '../../../bot/nlu/examples-file.ts';

describe('intent example files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nlu-examples-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function errorFor(yaml: string): Promise<string> {
    const path = join(dir, 'bad.yaml');
    writeFileSync(path, yaml);
    try {
      await loadExamplesFile(path);
    } catch (error) {
      expect(error).to.be.instanceOf(ExamplesFileError);
      return (error as Error).message;
    }
    return expect.fail('expected an error');
  }

  it('loads the shipped demo intents', async () => {
    const intents = await loadExamplesDir(join(import.meta.dirname, 'intent-fixtures/store-intents'));
    expect(intents.map((i) => i.intent)).to.include.members(['order_status', 'returns_refunds', 'talk_to_person']);
    expect(intents.every((i) => i.phrases.length >= 5)).to.equal(true);
  });

  it('names file, line, column and path for a schema error', async () => {
    const message = await errorFor('intents:\n  - intent: ok\n    phrases:\n      - fine\n  - intent: Bad Name\n    phrases: []\n');
    expect(message).to.match(/bad\.yaml:5:\d+ intents\[1\]\.intent: lower-case letters/);
  });

  it('names the line of a YAML syntax error', async () => {
    expect(await errorFor('intents:\n  - intent: a\n    phrases: [unclosed\n')).to.match(/bad\.yaml:\d+:\d+ /);
  });

  it('refuses duplicate keys and unknown keys', async () => {
    expect(await errorFor('intents: []\nintents: []\n')).to.match(/bad\.yaml:2:\d+ .*unique/i);
    expect(await errorFor('intents: []\nextra: 1\n')).to.match(/Unrecognized key/i);
  });

  it('caps aliases (billion laughs) and does not pollute prototypes', async () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) bomb.push(`${'b'.repeat(i)}: &${'b'.repeat(i)} [${Array(10).fill(i === 1 ? '*a' : `*${'b'.repeat(i - 1)}`).join(', ')}]`);
    expect(await errorFor(`${bomb.join('\n')}\nintents: []\n`)).to.match(/alias/i);
    await errorFor('intents: []\n__proto__:\n  polluted: true\n');
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });

  it('refuses a file over the size cap', async () => {
    expect(await errorFor(`intents: []\n# ${'x'.repeat(600 * 1024)}\n`)).to.match(/limit is/);
  });
});
