import { expect } from 'chai';
import { fillCanned, formatDuration, moodOf, safeHttpUrl, signed, sparkline, withCitation } from '../../../handoff-hub/console/app/format.ts';

describe('Console formatting', () => {
  describe('fillCanned', () => {
    it('fills in the customer and the rep', () => {
      expect(fillCanned('Hi {customer.name}, I am {rep.name}. Bye {customer.name}.', { customer: 'Maria', rep: 'Ana' })).to.equal('Hi Maria, I am Ana. Bye Maria.');
    });

    it('drops the placeholder and its comma when the customer gave no name', () => {
      expect(fillCanned("Hi {customer.name}, I'm {rep.name}.", { customer: null, rep: 'Ana' })).to.equal("Hi, I'm Ana.");
      expect(fillCanned('Thanks for waiting, {customer.name}. One moment.', { customer: '  ', rep: 'Ana' })).to.equal('Thanks for waiting. One moment.');
    });

    it('inserts names literally, even ones that look like placeholders or markup', () => {
      expect(fillCanned('Hi {customer.name}', { customer: '<b>{rep.name}</b>', rep: 'Ana' })).to.equal('Hi <b>{rep.name}</b>');
    });
  });

  it('writes durations the way a supervisor reads them', () => {
    expect([0, 59, 60, 75, 3599, 3600, 3700, -1, null].map((s) => formatDuration(s))).to.deep.equal(['0 s', '59 s', '1 min', '1 min 15 s', '59 min 59 s', '1 h', '1 h 1 min', '—', '—']);
  });

  it('puts the sentiment trend into words at the thresholds the bot uses', () => {
    expect([-0.5, -0.21, -0.2, 0, 0.2, 0.21].map(moodOf)).to.deep.equal(['negative', 'negative', 'neutral', 'neutral', 'neutral', 'positive']);
    expect([signed(-0.423), signed(0.3), signed(0)]).to.deep.equal(['−0.42', '+0.30', '+0.00']);
  });

  describe('sparkline', () => {
    it('lays scores from +1 (top) to −1 (bottom) across the box, with the zero line in the middle', () => {
      const line = sparkline([1, 0, -1], 100, 50, 5);
      expect(line.points).to.equal('5,5 50,25 95,45');
      expect(line.zeroY).to.equal(25);
      expect(line.last).to.deep.equal({ x: 95, y: 45 });
    });

    it('centres a single point and clamps scores outside −1…1', () => {
      expect(sparkline([2], 100, 50, 5).points).to.equal('50,5');
      expect(sparkline([], 100, 50).last).to.equal(null);
    });
  });

  it('makes links only of http(s) URLs', () => {
    expect(safeHttpUrl('https://help.example.com/a?b=1')).to.equal('https://help.example.com/a?b=1');
    expect(safeHttpUrl('javascript:alert(1)')).to.equal(null);
    expect(safeHttpUrl('data:text/html,<script>')).to.equal(null);
    expect(safeHttpUrl('not a url')).to.equal(null);
    expect(safeHttpUrl(null)).to.equal(null);
  });

  it('inserts a knowledge passage with its source, leaving out a URL that is not http(s)', () => {
    expect(withCitation(' Refunds take 5 days. ', { title: 'Refunds', url: 'https://help.example.com/refunds' })).to.equal('Refunds take 5 days.\n\nSource: Refunds (https://help.example.com/refunds)');
    expect(withCitation('Text', { title: 'Internal', url: 'javascript:x' })).to.equal('Text\n\nSource: Internal');
  });
});
