import { type IpAddress, type IpFamily, V4_MAX, V6_MAX } from '../model/ip.js';
import { type IpSet, ipsToCidrs } from './ip-set.js';

/**
 * A part of the address space outside the cluster that every policy treats alike: the space
 * is cut only at the CIDR boundaries the policies mention, and pieces inside exactly the same
 * ipBlocks form one node.
 */
export interface ExternalNode {
  /** `cidr[,cidr…]`. */
  readonly id: string;
  readonly cidrs: readonly string[];
  readonly ips: IpSet;
  /** Any address of the node: all of them are treated alike. */
  readonly address: IpAddress;
}

export interface ExternalPartition {
  readonly nodes: readonly ExternalNode[];
  /** The node holding an address. */
  nodeOf(address: IpAddress): number;
}

interface Atom {
  readonly family: IpFamily;
  readonly lo: bigint;
  readonly hi: bigint;
}

/**
 * Partitions the address space by the given ipBlocks. IPv6 space is included only when
 * `ipv6` is set (the input mentions IPv6), so IPv4-only clusters get IPv4 nodes only.
 */
export function partitionExternal(blocks: readonly IpSet[], ipv6: boolean): ExternalPartition {
  const families: IpFamily[] = ipv6 ? ['v4', 'v6'] : ['v4'];
  const unique = dedupeBlocks(blocks);
  const atoms: Atom[] = [];
  const starts: Record<IpFamily, bigint[]> = { v4: [], v6: [] };
  for (const family of families) {
    const max = family === 'v4' ? V4_MAX : V6_MAX;
    const cuts = new Set<bigint>([0n]);
    for (const b of unique) {
      const r = b[family];
      for (let i = 0; i < r.length; i += 2) {
        cuts.add(r[i]!);
        if (r[i + 1]! < max) cuts.add(r[i + 1]! + 1n);
      }
    }
    const sorted = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    sorted.forEach((lo, i) => {
      const hi = i + 1 < sorted.length ? sorted[i + 1]! - 1n : max;
      atoms.push({ family, lo, hi });
      starts[family].push(lo);
    });
  }
  // Group atoms that lie in exactly the same blocks.
  const groups = new Map<string, Atom[]>();
  const atomGroup: string[] = [];
  for (const atom of atoms) {
    let key = atom.family;
    unique.forEach((b, i) => {
      if (rangesHold(b[atom.family], atom.lo)) key += `,${i}`;
    });
    atomGroup.push(key);
    const list = groups.get(key) ?? [];
    list.push(atom);
    groups.set(key, list);
  }
  const keys = [...groups.keys()];
  const nodes = keys.map((key): ExternalNode => {
    const list = groups.get(key)!;
    const v4: bigint[] = [];
    const v6: bigint[] = [];
    for (const a of list) {
      const target = a.family === 'v4' ? v4 : v6;
      const last = target.length - 1;
      if (last > 0 && target[last]! + 1n === a.lo) target[last] = a.hi;
      else target.push(a.lo, a.hi);
    }
    const ips: IpSet = { v4, v6 };
    const cidrs = ipsToCidrs(ips);
    const first = list[0]!;
    return { id: cidrs.join(','), cidrs, ips, address: { family: first.family, value: first.lo } };
  });
  const nodeIndex = new Map(keys.map((k, i) => [k, i]));
  const atomNode = atomGroup.map((k) => nodeIndex.get(k)!);
  const offsets: Record<IpFamily, number> = { v4: 0, v6: starts.v4.length };
  return {
    nodes,
    nodeOf(address) {
      const s = starts[address.family];
      if (s.length === 0) return -1;
      let lo = 0;
      let hi = s.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (s[mid]! <= address.value) lo = mid;
        else hi = mid - 1;
      }
      return atomNode[offsets[address.family] + lo]!;
    },
  };
}

function dedupeBlocks(blocks: readonly IpSet[]): IpSet[] {
  const seen = new Map<string, IpSet>();
  for (const b of blocks) seen.set(`${b.v4.join(',')}|${b.v6.join(',')}`, b);
  return [...seen.values()];
}

function rangesHold(r: readonly bigint[], value: bigint): boolean {
  for (let i = 0; i < r.length; i += 2) {
    if (value < r[i]!) return false;
    if (value <= r[i + 1]!) return true;
  }
  return false;
}
