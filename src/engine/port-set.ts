import { PROTOCOLS, type Protocol } from '../model/types.js';

/** Lowest and highest port a NetworkPolicy can name. */
export const MIN_PORT = 1;
export const MAX_PORT = 65535;

/**
 * Sorted, disjoint, non-adjacent closed intervals as a flat array `[lo0, hi0, lo1, hi1, …]`.
 * Flat arrays keep port sets cheap to build, compare and intern.
 */
export type Intervals = readonly number[];

/** A set of ports per protocol. A protocol absent from the set has no ports. */
export type ConnSet = Readonly<Record<Protocol, Intervals>>;

const EMPTY: Intervals = [];
const ALL: Intervals = [MIN_PORT, MAX_PORT];

export const EMPTY_CONNS: ConnSet = { TCP: EMPTY, UDP: EMPTY, SCTP: EMPTY };
export const ALL_CONNS: ConnSet = { TCP: ALL, UDP: ALL, SCTP: ALL };

/** The union of two interval lists. */
export function unionIntervals(a: Intervals, b: Intervals): Intervals {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let lo: number;
    let hi: number;
    if (j >= b.length || (i < a.length && a[i]! <= b[j]!)) {
      lo = a[i]!;
      hi = a[i + 1]!;
      i += 2;
    } else {
      lo = b[j]!;
      hi = b[j + 1]!;
      j += 2;
    }
    const last = out.length - 1;
    if (last > 0 && lo <= out[last]! + 1) {
      if (hi > out[last]!) out[last] = hi;
    } else {
      out.push(lo, hi);
    }
  }
  return out;
}

/** The intersection of two interval lists. */
export function intersectIntervals(a: Intervals, b: Intervals): Intervals {
  if (a.length === 0 || b.length === 0) return EMPTY;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i]!, b[j]!);
    const hi = Math.min(a[i + 1]!, b[j + 1]!);
    if (lo <= hi) out.push(lo, hi);
    if (a[i + 1]! < b[j + 1]!) i += 2;
    else j += 2;
  }
  return out;
}

/** The ports of `a` not in `b`. */
export function subtractIntervals(a: Intervals, b: Intervals): Intervals {
  if (a.length === 0 || b.length === 0) return a;
  return intersectIntervals(a, complementIntervals(b));
}

/** The ports in 1–65535 not in `a`. */
export function complementIntervals(a: Intervals): Intervals {
  const out: number[] = [];
  let next = MIN_PORT;
  for (let i = 0; i < a.length; i += 2) {
    if (a[i]! > next) out.push(next, a[i]! - 1);
    next = a[i + 1]! + 1;
  }
  if (next <= MAX_PORT) out.push(next, MAX_PORT);
  return out;
}

export function intervalsEqual(a: Intervals, b: Intervals): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function intervalsContain(a: Intervals, port: number): boolean {
  for (let i = 0; i < a.length; i += 2) {
    if (port < a[i]!) return false;
    if (port <= a[i + 1]!) return true;
  }
  return false;
}

/** The interval list holding `lo`–`hi` (empty when the range is empty). */
export function rangeIntervals(lo: number, hi: number): Intervals {
  return lo <= hi ? [lo, hi] : EMPTY;
}

export function isFullIntervals(a: Intervals): boolean {
  return a.length === 2 && a[0] === MIN_PORT && a[1] === MAX_PORT;
}

/** Number of ports in the list. */
export function countIntervals(a: Intervals): number {
  let n = 0;
  for (let i = 0; i < a.length; i += 2) n += a[i + 1]! - a[i]! + 1;
  return n;
}

export function unionConns(a: ConnSet, b: ConnSet): ConnSet {
  if (a === b) return a;
  return {
    TCP: unionIntervals(a.TCP, b.TCP),
    UDP: unionIntervals(a.UDP, b.UDP),
    SCTP: unionIntervals(a.SCTP, b.SCTP),
  };
}

export function intersectConns(a: ConnSet, b: ConnSet): ConnSet {
  if (a === b) return a;
  return {
    TCP: intersectIntervals(a.TCP, b.TCP),
    UDP: intersectIntervals(a.UDP, b.UDP),
    SCTP: intersectIntervals(a.SCTP, b.SCTP),
  };
}

export function subtractConns(a: ConnSet, b: ConnSet): ConnSet {
  return {
    TCP: subtractIntervals(a.TCP, b.TCP),
    UDP: subtractIntervals(a.UDP, b.UDP),
    SCTP: subtractIntervals(a.SCTP, b.SCTP),
  };
}

export function connsEqual(a: ConnSet, b: ConnSet): boolean {
  return a === b || PROTOCOLS.every((p) => intervalsEqual(a[p], b[p]));
}

export function isEmptyConns(a: ConnSet): boolean {
  return a.TCP.length === 0 && a.UDP.length === 0 && a.SCTP.length === 0;
}

export function isAllConns(a: ConnSet): boolean {
  return PROTOCOLS.every((p) => isFullIntervals(a[p]));
}

export function connsAllow(a: ConnSet, protocol: Protocol, port: number): boolean {
  return intervalsContain(a[protocol], port);
}

/** A ConnSet with `intervals` on one protocol and nothing on the others. */
export function connsOf(protocol: Protocol, intervals: Intervals): ConnSet {
  return { ...EMPTY_CONNS, [protocol]: intervals };
}

/** A stable string key for interning and memoizing. */
export function connsKey(a: ConnSet): string {
  return `${a.TCP.join(',')}|${a.UDP.join(',')}|${a.SCTP.join(',')}`;
}

/**
 * The matrix contract's form: one entry per protocol with ports, `ports` omitted when the
 * protocol is fully open.
 */
export function connsToJson(a: ConnSet): { protocol: Protocol; ports?: [number, number][] }[] {
  const out: { protocol: Protocol; ports?: [number, number][] }[] = [];
  for (const protocol of PROTOCOLS) {
    const iv = a[protocol];
    if (iv.length === 0) continue;
    if (isFullIntervals(iv)) out.push({ protocol });
    else {
      const ports: [number, number][] = [];
      for (let i = 0; i < iv.length; i += 2) ports.push([iv[i]!, iv[i + 1]!]);
      out.push({ protocol, ports });
    }
  }
  return out;
}

/** Short human form: `TCP 80,8080-8090; UDP all`. Empty set: `none`. */
export function formatConns(a: ConnSet): string {
  const parts: string[] = [];
  for (const protocol of PROTOCOLS) {
    const iv = a[protocol];
    if (iv.length === 0) continue;
    parts.push(`${protocol} ${formatIntervals(iv)}`);
  }
  if (parts.length === 0) return 'none';
  if (parts.length === 3 && isAllConns(a)) return 'all';
  return parts.join('; ');
}

export function formatIntervals(iv: Intervals): string {
  if (isFullIntervals(iv)) return 'all';
  const parts: string[] = [];
  for (let i = 0; i < iv.length; i += 2)
    parts.push(iv[i] === iv[i + 1] ? `${iv[i]}` : `${iv[i]}-${iv[i + 1]}`);
  return parts.join(',');
}
