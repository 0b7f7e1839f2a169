import {
  ALL_CONNS,
  type ConnSet,
  connsAllow,
  connsOf,
  EMPTY_CONNS,
  MAX_PORT,
  MIN_PORT,
  rangeIntervals,
  unionConns,
  unionIntervals,
} from '../../../src/engine/port-set.js';
import { PROTOCOLS, type Protocol } from '../../../src/model/types.js';

export type ProtocolChoice = 'any' | Protocol;

export type FilterResult =
  | { readonly ok: true; readonly filter: ConnSet | null }
  | { readonly ok: false; readonly message: string };

/**
 * Reads a port filter as typed: empty (every port), `80`, `80,443`, `8000-8100`, combined with a
 * protocol (`any` for all three). Returns `null` for "every port of every protocol".
 */
export function parsePortFilter(text: string, protocol: ProtocolChoice): FilterResult {
  const trimmed = text.trim();
  let intervals: readonly number[] = rangeIntervals(MIN_PORT, MAX_PORT);
  if (trimmed !== '') {
    intervals = [];
    for (const part of trimmed.split(/[\s,]+/).filter((p) => p !== '')) {
      const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(part);
      if (m === null) return { ok: false, message: `${JSON.stringify(part)} is not a port or a range` };
      const lo = Number(m[1]);
      const hi = m[2] === undefined ? lo : Number(m[2]);
      if (lo < MIN_PORT || hi > MAX_PORT || lo > hi)
        return { ok: false, message: `${part} is outside 1–65535 or reversed` };
      intervals = unionIntervals(intervals, [lo, hi]);
    }
  }
  if (protocol === 'any') {
    if (trimmed === '') return { ok: true, filter: null };
    let all = EMPTY_CONNS;
    for (const p of PROTOCOLS) all = unionConns(all, connsOf(p, intervals));
    return { ok: true, filter: all };
  }
  return { ok: true, filter: connsOf(protocol, intervals) };
}

/**
 * The port to probe for an edge or a cell: 80/TCP when allowed (what curl uses), else the first
 * allowed port (TCP first), else the first port of the filter, else 80/TCP.
 */
export function probePort(conns: ConnSet, filter: ConnSet | null): { port: number; protocol: Protocol } {
  const scope = filter ?? ALL_CONNS;
  const first = (set: ConnSet) => {
    if (connsAllow(set, 'TCP', 80) && connsAllow(scope, 'TCP', 80))
      return { port: 80, protocol: 'TCP' as const };
    for (const protocol of PROTOCOLS) {
      const iv = set[protocol];
      for (let i = 0; i < iv.length; i += 2) {
        for (let p = iv[i]!; p <= iv[i + 1]!; p++)
          if (connsAllow(scope, protocol, p)) return { port: p, protocol };
      }
    }
    return undefined;
  };
  return first(conns) ?? first(scope) ?? { port: 80, protocol: 'TCP' };
}
