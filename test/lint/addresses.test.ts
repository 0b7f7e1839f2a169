import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cidrSet, type IpSet, ipsContain, subtractIps, unionIps } from '../../src/engine/ip-set.js';
import { endpointAddresses } from '../../src/engine/match.js';
import { endpointsWithin, sortedAddresses } from '../../src/lint/analysis/addresses.js';
import { parseCidr } from '../../src/model/ip.js';
import type { Endpoint } from '../../src/model/types.js';

/** Addresses close together, so that blocks hold some pods and miss others. */
const v4 = fc
  .tuple(fc.constantFrom(10, 192), fc.integer({ min: 0, max: 1 }), fc.nat(15))
  .map(([a, b, c]) => `${a}.0.${b}.${c}`);
const v6 = fc
  .tuple(fc.integer({ min: 0, max: 1 }), fc.nat(15))
  .map(([a, b]) => `fd00::${a}:${b.toString(16)}`);
const address = fc.oneof(v4, v4, v6);
const cidr = fc.oneof(
  fc.tuple(v4, fc.integer({ min: 26, max: 32 })).map(([ip, bits]) => `${ip}/${bits}`),
  fc.tuple(v6, fc.integer({ min: 122, max: 128 })).map(([ip, bits]) => `${ip}/${bits}`),
);
const set = fc
  .tuple(fc.array(cidr, { minLength: 1, maxLength: 3 }), fc.array(cidr, { maxLength: 3 }))
  .map(([inside, except]) => {
    const of = (list: readonly string[]) =>
      list.reduce<IpSet>((s, c) => unionIps(s, cidrSet(parseCidr(c, { legacy: true })!)), { v4: [], v6: [] });
    return subtractIps(of(inside), of(except));
  });

describe('pods in an address block, by sorted addresses', () => {
  it('are the pods a scan of every address finds', () => {
    let found = 0;
    fc.assert(
      fc.property(
        fc.array(fc.array(address, { minLength: 1, maxLength: 2 }), { maxLength: 30 }),
        set,
        (ipLists, ips) => {
          const endpoints = ipLists.map((ips) => ({ ips }) as unknown as Endpoint);
          const scanned = endpoints.flatMap((e, i) =>
            endpointAddresses(e).some((a) => ipsContain(ips, a)) ? [i] : [],
          );
          const got = [...endpointsWithin(sortedAddresses(endpoints), ips)].sort((a, b) => a - b);
          expect(got).toEqual(scanned);
          found += got.length;
        },
      ),
      { numRuns: 500 },
    );
    expect(found).toBeGreaterThan(100);
  });
});
