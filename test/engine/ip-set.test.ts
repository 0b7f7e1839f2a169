import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ipBlockSet } from '../../src/engine/compile.js';
import {
  ALL_IPS,
  cidrSet,
  EMPTY_IPS,
  type IpSet,
  intersectIps,
  ipsContain,
  ipsSubset,
  ipsToCidrs,
  isEmptyIps,
  subtractIps,
  unionIps,
} from '../../src/engine/ip-set.js';
import { formatCidr, formatIp, parseCidr, parseIp } from '../../src/model/ip.js';
import { cidrHolds } from '../reference/naive.js';

const cidr = (text: string): IpSet => cidrSet(parseCidr(text)!);
const ip = (text: string) => parseIp(text)!;

describe('addresses and CIDRs', () => {
  it.each([
    ['10.0.0.1', 'v4'],
    ['0.0.0.0', 'v4'],
    ['255.255.255.255', 'v4'],
    ['fd00::1', 'v6'],
    ['::', 'v6'],
    ['::ffff:10.0.0.1', 'v6'],
    ['2001:db8:0:0:0:0:0:1', 'v6'],
  ])('parses %s as %s', (text, family) => {
    expect(parseIp(text)?.family).toBe(family);
  });

  it.each(['10.0.0', '10.0.0.256', '010.0.0.1', '10.0.0.1/32', 'fd00::1%eth0', 'fd00:::1', 'x', ''])(
    'rejects %s',
    (text) => {
      expect(parseIp(text)).toBeUndefined();
    },
  );

  it.each([
    { text: '10.0.0.0/24', canonical: true, first: '10.0.0.0', last: '10.0.0.255', formatted: '10.0.0.0/24' },
    {
      text: '10.0.0.7/24',
      canonical: false,
      first: '10.0.0.0',
      last: '10.0.0.255',
      formatted: '10.0.0.0/24',
    },
    { text: '0.0.0.0/0', canonical: true, first: '0.0.0.0', last: '255.255.255.255', formatted: '0.0.0.0/0' },
    { text: '10.0.0.5/32', canonical: true, first: '10.0.0.5', last: '10.0.0.5', formatted: '10.0.0.5/32' },
    {
      text: 'fd00::1:0/112',
      canonical: true,
      first: 'fd00::1:0',
      last: 'fd00::1:ffff',
      formatted: 'fd00::1:0/112',
    },
    {
      text: 'fd00::1:5/112',
      canonical: false,
      first: 'fd00::1:0',
      last: 'fd00::1:ffff',
      formatted: 'fd00::1:0/112',
    },
    {
      text: '::/0',
      canonical: true,
      first: '::',
      last: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
      formatted: '::/0',
    },
  ])('$text', ({ text, canonical, first, last, formatted }) => {
    const c = parseCidr(text)!;
    expect(c.canonical).toBe(canonical);
    expect(formatIp({ family: c.family, value: c.first })).toBe(first);
    expect(formatIp({ family: c.family, value: c.last })).toBe(last);
    expect(formatCidr(c)).toBe(formatted);
  });

  it.each(['10.0.0.0/33', '10.0.0.0', '10.0.0.0/', '10.0.0.0/-1', 'fd00::/129', '10.0.0.0/08'])(
    'rejects %s',
    (text) => {
      expect(parseCidr(text)).toBeUndefined();
    },
  );
});

describe('ip sets', () => {
  it.each([
    {
      block: ['10.0.0.0/16', []],
      inside: ['10.0.0.1', '10.0.255.255'],
      outside: ['10.1.0.0', '9.255.255.255'],
    },
    {
      block: ['10.0.0.0/16', ['10.0.1.0/24', '10.0.0.5/32']],
      inside: ['10.0.0.4', '10.0.0.6', '10.0.2.0'],
      outside: ['10.0.1.0', '10.0.1.255', '10.0.0.5'],
    },
    {
      block: ['0.0.0.0/0', ['10.0.0.0/8']],
      inside: ['8.8.8.8', '11.0.0.0'],
      outside: ['10.9.9.9', 'fd00::1'],
    },
    {
      block: ['fd00::/16', ['fd00:1::/32']],
      inside: ['fd00::1', 'fd00:2::1', 'fd00:ffff::1'],
      outside: ['fd00:1::1', 'fd01::1', '10.0.0.1'],
    },
    { block: ['::/0', []], inside: ['::1', '2001:db8::1'], outside: ['1.2.3.4'] },
  ] as const)('ipBlock $block', ({ block, inside, outside }) => {
    const set = ipBlockSet({ type: 'ipBlock', cidr: block[0], except: [...block[1]], index: 0 });
    for (const a of inside) expect(ipsContain(set, ip(a)), a).toBe(true);
    for (const a of outside) expect(ipsContain(set, ip(a)), a).toBe(false);
  });

  it('set algebra per family', () => {
    const a = unionIps(cidr('10.0.0.0/24'), cidr('fd00::/64'));
    const b = cidr('10.0.0.128/25');
    expect(intersectIps(a, b)).toEqual(b);
    expect(ipsSubset(b, a)).toBe(true);
    expect(ipsSubset(a, b)).toBe(false);
    expect(ipsToCidrs(subtractIps(a, b))).toEqual(['10.0.0.0/25', 'fd00::/64']);
    expect(isEmptyIps(subtractIps(a, a))).toBe(true);
    expect(isEmptyIps(EMPTY_IPS)).toBe(true);
    expect(ipsToCidrs(ALL_IPS)).toEqual(['0.0.0.0/0', '::/0']);
    // adjacent blocks merge
    expect(ipsToCidrs(unionIps(cidr('10.0.0.0/25'), cidr('10.0.0.128/25')))).toEqual(['10.0.0.0/24']);
  });

  it.each([
    {
      cidrs: ['0.0.0.0/0'],
      except: ['10.0.0.0/8'],
      out: [
        '0.0.0.0/5',
        '8.0.0.0/7',
        '11.0.0.0/8',
        '12.0.0.0/6',
        '16.0.0.0/4',
        '32.0.0.0/3',
        '64.0.0.0/2',
        '128.0.0.0/1',
      ],
    },
    { cidrs: ['10.0.0.0/30'], except: ['10.0.0.1/32'], out: ['10.0.0.0/32', '10.0.0.2/31'] },
    { cidrs: ['10.0.0.1/32', '10.0.0.2/32'], except: [], out: ['10.0.0.1/32', '10.0.0.2/32'] },
    { cidrs: ['fd00::/127'], except: ['fd00::1/128'], out: ['fd00::/128'] },
  ])('ipsToCidrs($cidrs minus $except) is minimal and exact', ({ cidrs, except, out }) => {
    let set = cidrs.map(cidr).reduce(unionIps, EMPTY_IPS);
    for (const e of except) set = subtractIps(set, cidr(e));
    expect(ipsToCidrs(set)).toEqual(out);
  });

  // the reference's bit-string CIDR check is the model for the interval arithmetic
  const v4 = fc
    .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }))
    .map(([a, b]) => `10.${a}.${b}.7`);
  const block = fc
    .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 8, max: 32 }))
    .map(([a, p]) => formatCidr(parseCidr(`10.${a}.0.0/${p}`)!));

  it('contains exactly what the bitwise prefix check contains, except included', () => {
    fc.assert(
      fc.property(
        block,
        fc.array(block, { maxLength: 3 }),
        fc.array(v4, { maxLength: 8 }),
        (c, excepts, addrs) => {
          const base = parseCidr(c)!;
          const valid = excepts.filter((e) => {
            const x = parseCidr(e)!;
            return x.first >= base.first && x.last <= base.last && x.prefix > base.prefix;
          });
          const set = ipBlockSet({ type: 'ipBlock', cidr: c, except: valid, index: 0 });
          for (const a of addrs) {
            const want = cidrHolds(c, a) && !valid.some((e) => cidrHolds(e, a));
            expect(ipsContain(set, ip(a)), `${a} in ${c} except ${valid.join(',')}`).toBe(want);
          }
          // and the CIDRs it prints cover the same addresses
          const printed = ipsToCidrs(set);
          for (const a of addrs) expect(printed.some((p) => cidrHolds(p, a))).toBe(ipsContain(set, ip(a)));
        },
      ),
    );
  });
});
