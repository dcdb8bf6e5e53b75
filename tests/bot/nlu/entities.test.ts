import { expect } from 'chai';
import {
  createEntityExtractor,
  parseCatalog,
  parseEntityConfig,
  type EntityExtractor,
} from '../../../bot/nlu/entities/index.ts';
import type { Entity } from '../../../bot/nlu/types.ts';

const now = new Date('2025-03-14T10:00:00Z'); // a Friday
const catalog = parseCatalog([
  { id: 'iphone-15', name: 'iPhone 15' },
  { id: 'iphone-15-pro-max', name: 'iPhone 15 Pro Max', aliases: ['15 pro max'] },
  { id: 'airpods', name: 'AirPods', aliases: ['air pods'] },
  { id: 'usb-c-cable', name: 'USB-C cable' },
]);

/** Every entity's text is the slice of the input its span names. */
function expectExactSpans(input: string, entities: readonly Entity[]): void {
  for (const e of entities) expect(input.slice(e.start, e.end), `${e.type} span`).to.equal(e.text);
}

const brief = (entities: readonly Entity[]) => entities.map((e) => ({ type: e.type, text: e.text, value: e.value }));

describe('EntityExtractor', () => {
  let extractor: EntityExtractor;
  before(() => {
    extractor = createEntityExtractor(parseEntityConfig({}), catalog);
  });

  const find = (input: string) => {
    const entities = extractor.extract(input, now);
    expectExactSpans(input, entities);
    return entities;
  };

  it('finds an e-mail address, lower-cased', () => {
    expect(brief(find('write to Jane.Doe+orders@Example.co.uk please'))).to.deep.equal([
      { type: 'email', text: 'Jane.Doe+orders@Example.co.uk', value: 'jane.doe+orders@example.co.uk' },
    ]);
  });

  it('finds phone numbers as E.164, in the default region when no country code is given', () => {
    expect(brief(find('call +44 20 7946 0958 or (415) 555-2671'))).to.deep.equal([
      { type: 'phone', text: '+44 20 7946 0958', value: '+442079460958' },
      { type: 'phone', text: '(415) 555-2671', value: '+14155552671' },
    ]);
  });

  it('reads phone numbers in a configured region', () => {
    const french = createEntityExtractor(parseEntityConfig({ defaultRegion: 'FR' }));
    expect(brief(french.extract('appelez le 06 12 34 56 78', now))).to.deep.equal([
      { type: 'phone', text: '06 12 34 56 78', value: '+33612345678' },
    ]);
  });

  it('finds dates relative to now, as ISO dates', () => {
    expect(brief(find('it was due yesterday, now they say next Monday or March 20th'))).to.deep.equal([
      { type: 'date', text: 'yesterday', value: '2025-03-13' },
      { type: 'date', text: 'next Monday', value: '2025-03-17' },
      { type: 'date', text: 'March 20th', value: '2025-03-20' },
    ]);
  });

  it('reads day-first dates with the en-GB locale', () => {
    const british = createEntityExtractor(parseEntityConfig({ dateLocale: 'en-GB' }));
    expect(british.extract('ordered on 03/04/2025', now).map((e) => e.value)).to.deep.equal(['2025-04-03']);
    expect(find('ordered on 03/04/2025').map((e) => e.value)).to.deep.equal(['2025-03-04']);
  });

  it('finds amounts with their currency in the usual ways of writing them', () => {
    expect(brief(find('I paid $12.50, then 12,50 €, EUR 40, 40 dollars and £1,234.99'))).to.deep.equal([
      { type: 'amount', text: '$12.50', value: { amount: 12.5, currency: 'USD' } },
      { type: 'amount', text: '12,50 €', value: { amount: 12.5, currency: 'EUR' } },
      { type: 'amount', text: 'EUR 40', value: { amount: 40, currency: 'EUR' } },
      { type: 'amount', text: '40 dollars', value: { amount: 40, currency: 'USD' } },
      { type: 'amount', text: '£1,234.99', value: { amount: 1234.99, currency: 'GBP' } },
    ]);
  });

  it('finds order and account numbers with the default store patterns; the span is the identifier', () => {
    expect(brief(find('order no. ab-123456, order number 98765432 and account #CU-88123'))).to.deep.equal([
      { type: 'order_number', text: 'ab-123456', value: 'AB-123456' },
      { type: 'order_number', text: '98765432', value: '98765432' },
      { type: 'account_number', text: 'CU-88123', value: 'CU-88123' },
    ]);
  });

  it('uses configured patterns instead of the defaults', () => {
    const custom = createEntityExtractor(
      parseEntityConfig({ patterns: [{ type: 'account_number', pattern: String.raw`\bACC(\d{6})\b`, flags: '' }] }),
    );
    expect(brief(custom.extract('ACC123456 and AB-123456', now))).to.deep.equal([
      { type: 'account_number', text: '123456', value: '123456' },
    ]);
  });

  it('finds catalog products case-insensitively on word boundaries, preferring the longest name', () => {
    expect(brief(find('my iphone 15 PRO MAX and the air pods, not the iPhone 15'))).to.deep.equal([
      { type: 'product', text: 'iphone 15 PRO MAX', value: 'iphone-15-pro-max' },
      { type: 'product', text: 'air pods', value: 'airpods' },
      { type: 'product', text: 'iPhone 15', value: 'iphone-15' },
    ]);
    expect(find('myairpods and iphone150')).to.deep.equal([]);
    expect(brief(find('a usb c cable'))).to.deep.equal([{ type: 'product', text: 'usb c cable', value: 'usb-c-cable' }]);
  });

  describe('overlaps', () => {
    it('keeps the longer entity: an e-mail over the order code inside it', () => {
      expect(brief(find('from AB123456@shop.example'))).to.deep.equal([
        { type: 'email', text: 'AB123456@shop.example', value: 'ab123456@shop.example' },
      ]);
    });

    it('keeps the more specific entity at equal length: an order number over a phone-shaped one', () => {
      expect(find('order number 4155552671').map((e) => e.type)).to.deep.equal(['order_number']);
      expect(find('call 4155552671').map((e) => e.type)).to.deep.equal(['phone']);
    });

    it('never returns two entities over the same characters', () => {
      const entities = find('Order AB-123456 on 2025-03-01 for $1,299.00, call +1 415 555 2671, mail me@x.io, iPhone 15 Pro Max');
      for (let i = 1; i < entities.length; i++) expect(entities[i]!.start).to.be.at.least(entities[i - 1]!.end);
      expect(entities.map((e) => e.type)).to.deep.equal(['order_number', 'date', 'amount', 'phone', 'email', 'product']);
    });
  });

  describe('bad input', () => {
    const inputs: [string, string][] = [
      ['empty text', ''],
      ['10,000 characters', 'call +1 415 555 2671 about order AB-123456 tomorrow. '.repeat(200).slice(0, 10_000)],
      ['only emoji', '😡🙄👍🏽🇺🇸'.repeat(50)],
      ['mixed scripts', 'Bestellung AB-123456 配送 доставка 12,50 € مرحبا'],
      ['control characters', '\u0000\u0001 order AB-123456 \u0007\u001b[0m \u007f'],
      ['a lone surrogate', '\ud83d $5 \udc00'],
    ];
    for (const [name, input] of inputs) {
      it(`gives a list for ${name}`, () => {
        expect(find(input)).to.be.an('array');
      });
    }

    it('reads only the first maxChars characters of a long message', () => {
      const short = createEntityExtractor(parseEntityConfig({ maxChars: 20 }));
      expect(short.extract('AB-123456 ' + 'x'.repeat(30) + ' CD-654321', now).map((e) => e.text)).to.deep.equal(['AB-123456']);
    });

    it('finds no date against an invalid now', () => {
      expect(extractor.extract('tomorrow', new Date('nonsense'))).to.deep.equal([]);
    });
  });
});
