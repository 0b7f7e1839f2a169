import { parseCidr, parseIp } from '../../model/ip.js';
import { failingSides, peerFor, peerPath, type Side } from '../sides.js';
import type { Candidate, FixContext, FixStrategy } from '../types.js';

/**
 * An ipBlock holding one address that no pod has any more, next to the pod addresses: a pod's
 * old IP, written when the pod had it. Pod IPs change at every restart; the fix replaces the
 * ipBlock by a selector of the peer.
 */
export const staleIpBlock: FixStrategy = {
  id: 'stale-ipblock',
  want: 'allowed',
  summary: "replace an ipBlock holding a pod's old IP by a selector of the pod",
  propose(ctx) {
    return failingSides(ctx).flatMap((side) => propose(ctx, side));
  },
};

function propose(ctx: FixContext, side: Side): Candidate[] {
  if (side.peer.type !== 'endpoint') return [];
  const podIps = ctx.cluster.endpoints.flatMap((e) => e.ips);
  const out: Candidate[] = [];
  for (const policy of side.evaluation.policies) {
    for (const rule of policy[side.direction]) {
      for (const peer of rule.peers ?? []) {
        if (peer.type !== 'ipBlock') continue;
        const cidr = parseCidr(peer.cidr);
        if (cidr === undefined || cidr.first !== cidr.last) continue;
        const ip = peer.cidr.split('/')[0]!;
        if (podIps.includes(ip) || !podIps.some((p) => sameSlash16(p, ip))) continue;
        const path = peerPath(side.direction, rule.index, peer.index);
        out.push({
          strategy: staleIpBlock.id,
          nearMiss: true,
          side: side.direction,
          title: `in ${policy.namespace}/${policy.name}, replace ipBlock ${peer.cidr} (no pod has that address now) by a selector of ${side.peer.endpoint.workload}`,
          at: { policy, path },
          edits: [
            { type: 'set', object: policy.source, path, value: peerFor(ctx, policy.namespace, side.peer) },
          ],
        });
      }
    }
  }
  return out;
}

function sameSlash16(a: string, b: string): boolean {
  const x = parseIp(a);
  const y = parseIp(b);
  if (x === undefined || y === undefined || x.family !== 'v4' || y.family !== 'v4') return false;
  return x.value >> 16n === y.value >> 16n;
}
