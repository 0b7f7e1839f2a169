import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALL_CONNS,
  complementIntervals,
  connsAllow,
  connsEqual,
  connsKey,
  connsOf,
  connsToJson,
  countIntervals,
  EMPTY_CONNS,
  formatConns,
  type Intervals,
  intersectConns,
  intersectIntervals,
  intervalsContain,
  isAllConns,
  isEmptyConns,
  isFullIntervals,
  rangeIntervals,
  subtractConns,
  subtractIntervals,
  unionConns,
  unionIntervals,
} from '../../src/engine/port-set.js';

describe('interval lists', () => {
  it.each<{ a: Intervals; b: Intervals; union: Intervals; intersect: Intervals; minus: Intervals }>([
    { a: [], b: [], union: [], intersect: [], minus: [] },
    { a: [80, 80], b: [], union: [80, 80], intersect: [], minus: [80, 80] },
    { a: [], b: [80, 80], union: [80, 80], intersect: [], minus: [] },
    // adjacent ranges merge
    { a: [80, 80], b: [81, 81], union: [80, 81], intersect: [], minus: [80, 80] },
    { a: [1, 10], b: [5, 20], union: [1, 20], intersect: [5, 10], minus: [1, 4] },
    {
      a: [1, 100],
      b: [10, 20, 30, 40],
      union: [1, 100],
      intersect: [10, 20, 30, 40],
      minus: [1, 9, 21, 29, 41, 100],
    },
    {
      a: [10, 20, 30, 40],
      b: [15, 35],
      union: [10, 40],
      intersect: [15, 20, 30, 35],
      minus: [10, 14, 36, 40],
    },
    { a: [1, 65535], b: [1, 65535], union: [1, 65535], intersect: [1, 65535], minus: [] },
    { a: [1, 1, 65535, 65535], b: [2, 65534], union: [1, 65535], intersect: [], minus: [1, 1, 65535, 65535] },
  ])('$a ∪∩∖ $b', ({ a, b, union, intersect, minus }) => {
    expect(unionIntervals(a, b)).toEqual(union);
    expect(unionIntervals(b, a)).toEqual(union);
    expect(intersectIntervals(a, b)).toEqual(intersect);
    expect(intersectIntervals(b, a)).toEqual(intersect);
    expect(subtractIntervals(a, b)).toEqual(minus);
  });

  it.each<{ a: Intervals; complement: Intervals }>([
    { a: [], complement: [1, 65535] },
    { a: [1, 65535], complement: [] },
    { a: [1, 1], complement: [2, 65535] },
    { a: [65535, 65535], complement: [1, 65534] },
    { a: [80, 81, 443, 443], complement: [1, 79, 82, 442, 444, 65535] },
  ])('complement of $a', ({ a, complement }) => {
    expect(complementIntervals(a)).toEqual(complement);
  });

  it.each([
    { a: [80, 80], port: 80, in: true },
    { a: [80, 80], port: 79, in: false },
    { a: [80, 80], port: 81, in: false },
    { a: [1, 10, 20, 30], port: 15, in: false },
    { a: [1, 10, 20, 30], port: 20, in: true },
    { a: [1, 10, 20, 30], port: 30, in: true },
    { a: [1, 65535], port: 65535, in: true },
    { a: [], port: 1, in: false },
  ])('$port in $a is $in', ({ a, port, in: inside }) => {
    expect(intervalsContain(a, port)).toBe(inside);
  });

  it('ranges, counts and fullness', () => {
    expect(rangeIntervals(80, 81)).toEqual([80, 81]);
    expect(rangeIntervals(81, 80)).toEqual([]);
    expect(countIntervals([1, 10, 20, 20])).toBe(11);
    expect(isFullIntervals([1, 65535])).toBe(true);
    expect(isFullIntervals([1, 65534])).toBe(false);
  });

  // Sets as arrays of booleans are the obviously-correct model of interval lists.
  const ports = fc.array(fc.tuple(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 0, max: 15 })), {
    maxLength: 5,
  });
  const build = (ranges: [number, number][]) =>
    ranges.reduce<Intervals>((acc, [lo, len]) => unionIntervals(acc, rangeIntervals(lo, lo + len)), []);
  const members = (a: Intervals) => {
    const out = new Set<number>();
    for (let i = 0; i < a.length; i += 2) for (let p = a[i]!; p <= a[i + 1]!; p++) out.add(p);
    return out;
  };
  const canonical = (a: Intervals) => {
    for (let i = 0; i < a.length; i += 2) {
      if (a[i]! > a[i + 1]!) return false;
      if (i > 0 && a[i]! <= a[i - 1]! + 1) return false;
    }
    return true;
  };

  it('union, intersection and difference agree with sets and stay canonical', () => {
    fc.assert(
      fc.property(ports, ports, (ra, rb) => {
        const a = build(ra);
        const b = build(rb);
        const sa = members(a);
        const sb = members(b);
        for (const [result, want] of [
          [unionIntervals(a, b), new Set([...sa, ...sb])],
          [intersectIntervals(a, b), new Set([...sa].filter((p) => sb.has(p)))],
          [subtractIntervals(a, b), new Set([...sa].filter((p) => !sb.has(p)))],
        ] as const) {
          expect(canonical(result)).toBe(true);
          expect([...members(result)].sort((x, y) => x - y)).toEqual([...want].sort((x, y) => x - y));
        }
      }),
    );
  });
});

describe('conn sets', () => {
  const tcp80 = connsOf('TCP', [80, 80]);
  const udpAll = connsOf('UDP', [1, 65535]);

  it('per-protocol algebra', () => {
    const both = unionConns(tcp80, udpAll);
    expect(connsAllow(both, 'TCP', 80)).toBe(true);
    expect(connsAllow(both, 'TCP', 81)).toBe(false);
    expect(connsAllow(both, 'UDP', 12345)).toBe(true);
    expect(connsAllow(both, 'SCTP', 80)).toBe(false);
    expect(intersectConns(both, tcp80)).toEqual(tcp80);
    expect(subtractConns(both, udpAll)).toEqual(tcp80);
    expect(subtractConns(ALL_CONNS, ALL_CONNS)).toEqual(EMPTY_CONNS);
    expect(isEmptyConns(EMPTY_CONNS)).toBe(true);
    expect(isAllConns(ALL_CONNS)).toBe(true);
    expect(isAllConns(unionConns(udpAll, connsOf('TCP', [1, 65535])))).toBe(false);
    expect(connsEqual(unionConns(tcp80, tcp80), tcp80)).toBe(true);
    expect(connsKey(tcp80)).not.toBe(connsKey(udpAll));
  });

  it('JSON form: ports omitted for a fully open protocol, absent protocols left out', () => {
    expect(connsToJson(unionConns(tcp80, udpAll))).toEqual([
      { protocol: 'TCP', ports: [[80, 80]] },
      { protocol: 'UDP' },
    ]);
    expect(connsToJson(EMPTY_CONNS)).toEqual([]);
  });

  it.each([
    { conns: EMPTY_CONNS, text: 'none' },
    { conns: ALL_CONNS, text: 'all' },
    { conns: connsOf('TCP', [80, 81, 443, 443]), text: 'TCP 80-81,443' },
    { conns: unionConns(tcp80, udpAll), text: 'TCP 80; UDP all' },
  ])('formats $text', ({ conns, text }) => {
    expect(formatConns(conns)).toBe(text);
  });
});
