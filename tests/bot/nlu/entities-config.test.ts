import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import {
  createCatalogMatcher,
  DEFAULT_PATTERNS,
  loadCatalogFile,
  parseCatalog,
  parseEntityConfig,
} from '../../../bot/nlu/entities/index.ts';

describe('Entity configuration', () => {
  it('fills in the defaults for an online store', () => {
    const config = parseEntityConfig(undefined);
    expect(config).to.include({ defaultRegion: 'US', dateLocale: 'en', dollarCurrency: 'USD', maxChars: 5000 });
    expect(config.patterns).to.equal(DEFAULT_PATTERNS);
  });

  const invalid: [string, unknown, RegExp][] = [
    ['an invalid regular expression', { patterns: [{ type: 'order_number', pattern: '(AB\\d+' }] }, /^entities\.patterns\[0\]\.pattern: invalid regular expression/],
    ['a missing capture group', { patterns: [{ type: 'order_number', pattern: 'AB\\d+' }] }, /^entities\.patterns\[0\]\.pattern: has 0 capture group/],
    ['a pattern matching nothing at all', { patterns: [{ type: 'order_number', pattern: '(\\d*)' }] }, /^entities\.patterns\[0\]\.pattern: matches the empty string/],
    ['an unknown entity type', { patterns: [{ type: 'invoice', pattern: '(\\d+)' }] }, /^entities\.patterns\[0\]\.type:/],
    ['bad flags', { patterns: [{ type: 'order_number', pattern: '(\\d+)', flags: 'gx' }] }, /^entities\.patterns\[0\]\.flags: may only hold/],
    ['an unknown region', { defaultRegion: 'XX' }, /^entities\.defaultRegion: not a supported ISO 3166 region/],
    ['an unknown date locale', { dateLocale: 'tlh' }, /^entities\.dateLocale:/],
    ['a currency that is not a code', { dollarCurrency: 'dollars' }, /^entities\.dollarCurrency: expected an ISO 4217 code/],
    ['a zero character budget', { maxChars: 0 }, /^entities\.maxChars:/],
  ];
  for (const [name, raw, message] of invalid) {
    it(`rejects ${name}, naming the field`, () => {
      expect(() => parseEntityConfig(raw)).to.throw(message);
    });
  }

  it('names the file it was read from', () => {
    expect(() => parseEntityConfig({ defaultRegion: 'XX' }, 'config/bot.yaml: nlu.entities')).to.throw(
      /^config\/bot\.yaml: nlu\.entities\.defaultRegion:/,
    );
  });
});

describe('Product catalog', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'catalog-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('loads a YAML catalog', () => {
    const path = join(dir, 'catalog.yaml');
    writeFileSync(path, 'products:\n  - id: kettle-2\n    name: Kettle 2000\n    aliases: [kettle two]\n');
    expect(loadCatalogFile(path)).to.deep.equal([{ id: 'kettle-2', name: 'Kettle 2000', aliases: ['kettle two'] }]);
  });

  it('loads a JSON catalog', () => {
    const path = join(dir, 'catalog.json');
    writeFileSync(path, JSON.stringify([{ id: 'mug', name: 'Travel Mug' }]));
    expect(loadCatalogFile(path)).to.deep.equal([{ id: 'mug', name: 'Travel Mug', aliases: [] }]);
  });

  it('names the file and the entry of an invalid product', () => {
    const path = join(dir, 'broken.yaml');
    writeFileSync(path, '- id: mug\n  name: Travel Mug\n- id: mug\n  name: Other Mug\n');
    expect(() => loadCatalogFile(path)).to.throw(`${path}[1].id: duplicate product id "mug"`);
    expect(() => parseCatalog([{ id: 'a' }])).to.throw(/^catalog\[0\]\.name:/);
  });

  it('names the file that is not valid JSON', () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, '{');
    expect(() => loadCatalogFile(path)).to.throw(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
  });

  it('prefers the longest name where several products start at the same word', () => {
    const matcher = createCatalogMatcher(
      parseCatalog([
        { id: 'galaxy', name: 'Galaxy' },
        { id: 'galaxy-s24', name: 'Galaxy S24' },
        { id: 'galaxy-s24-ultra', name: 'Galaxy S24 Ultra' },
      ]),
    );
    expect(matcher.find('my GALAXY s24 ultra and a galaxy s24 and a Galaxy').map((e) => [e.text, e.value])).to.deep.equal([
      ['GALAXY s24 ultra', 'galaxy-s24-ultra'],
      ['galaxy s24', 'galaxy-s24'],
      ['Galaxy', 'galaxy'],
    ]);
  });
});
