import { cidrSet, type IpSet, ipsToCidrs, unionIps } from '../engine/ip-set.js';
import { parseCidr } from '../model/ip.js';

/** The smallest CIDR list covering exactly the union of the given CIDRs, IPv4 first. */
export function mergeCidrs(cidrs: readonly string[]): string[] {
  let set: IpSet = { v4: [], v6: [] };
  for (const text of cidrs) {
    const c = parseCidr(text);
    if (c !== undefined) set = unionIps(set, cidrSet(c));
  }
  return ipsToCidrs(set);
}
