import { cidrSet, type IpSet, ipsToCidrs, subtractIps, unionIps } from '../engine/ip-set.js';
import type { MatrixNode } from '../engine/matrix.js';
import { type IpFamily, parseCidr } from '../model/ip.js';

/**
 * A short display name for a matrix node: the id for pods, workloads and namespaces; for an
 * external node, its CIDRs, or `CIDR except A,B` when that is shorter (`0.0.0.0/0 except
 * 10.0.0.0/8` rather than the 20 CIDRs of its complement). Machine formats keep the id.
 */
export function nodeLabel(node: MatrixNode): string {
  if (node.kind !== 'External') return node.id;
  return externalLabel(node.cidrs ?? [node.id]);
}

/** The shorter of a CIDR list and `ENCLOSING except …`, per address family. */
export function externalLabel(cidrs: readonly string[]): string {
  const sets: Record<IpFamily, IpSet> = { v4: { v4: [], v6: [] }, v6: { v4: [], v6: [] } };
  for (const text of cidrs) {
    const c = parseCidr(text);
    if (c !== undefined) sets[c.family] = unionIps(sets[c.family], cidrSet(c));
  }
  const parts: string[] = [];
  for (const family of ['v4', 'v6'] as const) {
    const set = sets[family];
    const ranges = set[family];
    if (ranges.length === 0) continue;
    const plain = ipsToCidrs(set);
    const enclosing = enclosingCidr(family, ranges[0]!, ranges[ranges.length - 1]!);
    const except = ipsToCidrs(subtractIps(cidrSet(enclosing.cidr), set));
    parts.push(
      except.length + 1 < plain.length ? `${enclosing.text} except ${except.join(',')}` : plain.join(','),
    );
  }
  return parts.length === 0 ? cidrs.join(',') : parts.join(' and ');
}

function enclosingCidr(family: IpFamily, lo: bigint, hi: bigint) {
  const bits = family === 'v4' ? 32 : 128;
  let prefix = bits;
  while (prefix > 0 && lo >> BigInt(bits - prefix) !== hi >> BigInt(bits - prefix)) prefix--;
  const first = prefix === 0 ? 0n : (lo >> BigInt(bits - prefix)) << BigInt(bits - prefix);
  const text = ipsToCidrs(
    family === 'v4' ? { v4: [first, first], v6: [] } : { v4: [], v6: [first, first] },
  )[0]!.replace(/\/\d+$/, `/${prefix}`);
  const cidr = parseCidr(text)!;
  return { text, cidr };
}
