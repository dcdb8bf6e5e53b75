import { expect } from 'chai';
import { contrast, themeFor } from '../../web/widget/config.ts';
import { decodeEntities, safeHref } from '../../web/widget/markdown.ts';

describe('Widget markdown links', () => {
  it('keeps http, https and mailto targets', () => {
    expect(safeHref('https://example.com/a?b=1')).to.equal('https://example.com/a?b=1');
    expect(safeHref('http://example.com')).to.equal('http://example.com/');
    expect(safeHref('mailto:help@example.com')).to.equal('mailto:help@example.com');
  });

  it('drops script, data and relative targets', () => {
    for (const href of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'data:text/html,<b>', 'vbscript:x', '/relative', '//host/x', 'ftp://x']) {
      expect(safeHref(href), href).to.equal(null);
    }
  });

  it('decodes the character references marked leaves in text', () => {
    expect(decodeEntities('a &amp; b &lt;i&gt; &#39;x&#x27; &unknown;')).to.equal("a & b <i> 'x' &unknown;");
  });
});

describe('Widget theme (data-color)', () => {
  it('puts white text on dark brand colours and dark text on light ones', () => {
    expect(themeFor('#2f5d50').onBrand).to.equal('#ffffff');
    expect(themeFor('#ffd400').onBrand).to.equal('#1d2433');
  });

  it('uses a readable ink instead of a brand colour too light for text on white', () => {
    const yellow = themeFor('#ffd400');
    expect(yellow.brandInk).to.equal('#1d2433');
    expect(contrast(themeFor('#2f5d50').brandInk, '#ffffff')).to.be.at.least(4.5);
  });

  it('falls back to the default colour for anything but a hex colour', () => {
    expect(themeFor('red; background: url(x)').brand).to.equal(themeFor(undefined).brand);
    expect(themeFor('#ABC').brand).to.equal('#aabbcc');
  });
});
