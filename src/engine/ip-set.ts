import { type Cidr, formatIp, type IpAddress } from '../model/ip.js';

/** Sorted, disjoint, non-adjacent closed ranges `[lo0, hi0, lo1, hi1, …]` on one family's line. */
export type IpRanges = readonly bigint[];

/** A set of IP addresses, IPv4 and IPv6. */
export interface IpSet {
  readonly v4: IpRanges;
  readonly v6: IpRanges;
}

import { V4_MAX, V6_MAX } from '../model/ip.js';

export const EMPTY_IPS: IpSet = { v4: [], v6: [] };
export const ALL_IPS: IpSet = { v4: [0n, V4_MAX], v6: [0n, V6_MAX] };

/** The set holding exactly the addresses of `cidr`. */
export function cidrSet(cidr: Cidr): IpSet {
  const range = [cidr.first, cidr.last];
  return cidr.family === 'v4' ? { v4: range, v6: [] } : { v4: [], v6: range };
}

export function ipSetOfAddress(ip: IpAddress): IpSet {
  const range = [ip.value, ip.value];
  return ip.family === 'v4' ? { v4: range, v6: [] } : { v4: [], v6: range };
}

function unionRanges(a: IpRanges, b: IpRanges): IpRanges {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const all: [bigint, bigint][] = [];
  for (let i = 0; i < a.length; i += 2) all.push([a[i]!, a[i + 1]!]);
  for (let i = 0; i < b.length; i += 2) all.push([b[i]!, b[i + 1]!]);
  all.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const out: bigint[] = [];
  for (const [lo, hi] of all) {
    const last = out.length - 1;
    if (last > 0 && lo <= out[last]! + 1n) {
      if (hi > out[last]!) out[last] = hi;
    } else out.push(lo, hi);
  }
  return out;
}

function intersectRanges(a: IpRanges, b: IpRanges): IpRanges {
  const out: bigint[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = maxBig(a[i]!, b[j]!);
    const hi = minBig(a[i + 1]!, b[j + 1]!);
    if (lo <= hi) out.push(lo, hi);
    if (a[i + 1]! < b[j + 1]!) i += 2;
    else j += 2;
  }
  return out;
}

function complementRanges(a: IpRanges, max: bigint): IpRanges {
  const out: bigint[] = [];
  let next = 0n;
  for (let i = 0; i < a.length; i += 2) {
    if (a[i]! > next) out.push(next, a[i]! - 1n);
    next = a[i + 1]! + 1n;
  }
  if (next <= max) out.push(next, max);
  return out;
}

export function unionIps(a: IpSet, b: IpSet): IpSet {
  return { v4: unionRanges(a.v4, b.v4), v6: unionRanges(a.v6, b.v6) };
}

export function intersectIps(a: IpSet, b: IpSet): IpSet {
  return { v4: intersectRanges(a.v4, b.v4), v6: intersectRanges(a.v6, b.v6) };
}

export function subtractIps(a: IpSet, b: IpSet): IpSet {
  return {
    v4: intersectRanges(a.v4, complementRanges(b.v4, V4_MAX)),
    v6: intersectRanges(a.v6, complementRanges(b.v6, V6_MAX)),
  };
}

export function isEmptyIps(a: IpSet): boolean {
  return a.v4.length === 0 && a.v6.length === 0;
}

export function ipsContain(set: IpSet, ip: IpAddress): boolean {
  const r = ip.family === 'v4' ? set.v4 : set.v6;
  // binary search over range starts
  let lo = 0;
  let hi = r.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ip.value < r[mid * 2]!) hi = mid - 1;
    else if (ip.value > r[mid * 2 + 1]!) lo = mid + 1;
    else return true;
  }
  return false;
}

/** True when every address of `inner` is in `outer`. */
export function ipsSubset(inner: IpSet, outer: IpSet): boolean {
  return isEmptyIps(subtractIps(inner, outer));
}

/** The smallest list of CIDRs covering exactly the set, IPv4 first. */
export function ipsToCidrs(set: IpSet): string[] {
  const out: string[] = [];
  for (const family of ['v4', 'v6'] as const) {
    const r = set[family];
    const bits = family === 'v4' ? 32 : 128;
    for (let i = 0; i < r.length; i += 2) {
      let lo = r[i]!;
      const hi = r[i + 1]!;
      while (lo <= hi) {
        // the largest aligned block starting at lo that fits in [lo, hi]
        let size = 0;
        while (size < bits) {
          const next = 1n << BigInt(size + 1);
          if ((lo & (next - 1n)) !== 0n || lo + next - 1n > hi) break;
          size++;
        }
        out.push(`${formatIp({ family, value: lo })}/${bits - size}`);
        lo += 1n << BigInt(size);
      }
    }
  }
  return out;
}

// Math.max and Math.min do not take bigints.
function maxBig(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
