import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIp } from '../../src/model/ip.js';

describe('parseIp', () => {
  it.each<[string, bigint | undefined]>([
    ['10.0.0.1', 0x0a000001n],
    ['0.0.0.0', 0n],
    ['255.255.255.255', 0xffffffffn],
    ['192.168.1.20', 0xc0a80114n],
    ['256.0.0.1', undefined],
    ['010.0.0.1', undefined],
    ['1.2.3', undefined],
    ['1.2.3.4.5', undefined],
    ['1.2.3.', undefined],
    ['.1.2.3', undefined],
    ['1..2.3', undefined],
    ['1.2.3.4 ', undefined],
    ['1.2.3.4/32', undefined],
    ['1000.2.3.4', undefined],
    ['', undefined],
    ['a.b.c.d', undefined],
  ])('reads IPv4 %j as Go netip.ParseAddr does', (text, value) => {
    const ip = parseIp(text);
    expect(ip === undefined ? undefined : [ip.family, ip.value]).toEqual(
      value === undefined ? undefined : ['v4', value],
    );
  });

  it('agrees with a regular-expression reading on any dotted text', () => {
    const octet = /^(0|[1-9][0-9]{0,2})$/;
    const reference = (text: string) => {
      const parts = text.split('.');
      if (parts.length !== 4 || !parts.every((p) => octet.test(p) && Number(p) <= 255)) return undefined;
      return parts.reduce((v, p) => (v << 8n) | BigInt(Number(p)), 0n);
    };
    const part = fc.oneof(
      fc.nat(999).map(String),
      fc.stringMatching(/^[0-9]{0,4}$/),
      fc.constantFrom('', 'x', '-1'),
    );
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 6 }), (parts) => {
        const text = parts.join('.');
        expect(parseIp(text)?.value).toEqual(reference(text));
      }),
      { numRuns: 2000 },
    );
  });
});
