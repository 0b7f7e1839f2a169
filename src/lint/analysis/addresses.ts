import type { IpSet } from '../../engine/ip-set.js';
import { endpointAddresses } from '../../engine/match.js';
import type { Endpoint } from '../../model/types.js';

/** Endpoint addresses per family, ascending, each with the index of its endpoint. */
export interface SortedAddresses {
  readonly v4: readonly (readonly [bigint, number])[];
  readonly v6: readonly (readonly [bigint, number])[];
}

export function sortedAddresses(endpoints: readonly Endpoint[]): SortedAddresses {
  const v4: [bigint, number][] = [];
  const v6: [bigint, number][] = [];
  endpoints.forEach((e, i) => {
    for (const a of endpointAddresses(e)) (a.family === 'v4' ? v4 : v6).push([a.value, i]);
  });
  const byValue = (a: readonly [bigint, number], b: readonly [bigint, number]) =>
    a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
  return { v4: v4.sort(byValue), v6: v6.sort(byValue) };
}

/**
 * Indexes of the endpoints with an address in `ips`: each range of the set (inclusive bounds)
 * found by binary search among the sorted addresses, so a block costs its ranges and the pods
 * inside it, not every pod.
 */
export function endpointsWithin(addresses: SortedAddresses, ips: IpSet): Set<number> {
  const out = new Set<number>();
  for (const family of ['v4', 'v6'] as const) {
    const sorted = addresses[family];
    const ranges = ips[family];
    for (let r = 0; r < ranges.length; r += 2) {
      const start = ranges[r]!;
      const end = ranges[r + 1]!;
      let lo = 0;
      let hi = sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (sorted[mid]![0] < start) lo = mid + 1;
        else hi = mid;
      }
      for (let k = lo; k < sorted.length && sorted[k]![0] <= end; k++) out.add(sorted[k]![1]);
    }
  }
  return out;
}
