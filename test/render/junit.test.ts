import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { xmlEscape } from '../../src/render/junit.js';
import { parseXml } from '../helpers/xml.js';

/** What xmlEscape promises to keep: every character XML 1.0 can hold. */
function legalOnly(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    const legal =
      c === 0x9 ||
      c === 0xa ||
      c === 0xd ||
      (c >= 0x20 && c <= 0xd7ff) ||
      (c >= 0xe000 && c <= 0xfffd) ||
      c >= 0x10000;
    out += legal ? ch : `\\u${c.toString(16).padStart(4, '0')}`;
  }
  return out;
}

describe('xmlEscape', () => {
  it.each([
    ['a & b', 'a &amp; b'],
    ['<x y="1">', '&lt;x y=&quot;1&quot;&gt;'],
    ["it's", 'it&apos;s'],
    ['bell\u0007', 'bell\\u0007'],
    ['lone \ud800 surrogate', 'lone \\ud800 surrogate'],
    ['pair 😀', 'pair 😀'],
    ['\ufffe', '\\ufffe'],
    ['line\nbreak', 'line&#10;break'],
  ])('escapes %j', (input, escaped) => {
    expect(xmlEscape(input)).toBe(escaped);
  });

  it('keeps line breaks and tabs as they are in text content', () => {
    expect(xmlEscape('a\n\tb', 'text')).toBe('a\n\tb');
  });

  it('always gives well-formed XML that reads back as the text (attributes and content)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const doc = `<r a="${xmlEscape(text)}">${xmlEscape(text, 'text')}</r>`;
        const root = parseXml(doc);
        // \r in content is normalized to \n by real parsers; attributes and text otherwise round-trip.
        expect(root.attributes.a).toBe(legalOnly(text));
        expect(root.text).toBe(legalOnly(text));
      }),
      { numRuns: 300 },
    );
  });
});
