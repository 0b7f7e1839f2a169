import { ipBlockSet } from '../../engine/compile.js';
import { endpointsWithin, sortedAddresses } from '../analysis/addresses.js';
import { listWorkloads, peerPath } from '../analysis/describe.js';
import { rulesOf } from '../analysis/policies.js';
import type { LintRule, RuleFinding } from '../types.js';

/**
 * An ipBlock holding pod IPs of the input. Whether ipBlock peers match pod traffic is left to
 * the network plugin (the API reference says ipBlock is meant for cluster-external IPs): the
 * upstream conformance behaviour matches them, Cilium does not, so the policy behaves
 * differently from one cluster to the next.
 */
export const ipblockCoversPods: LintRule = {
  id: 'ipblock-covers-pods',
  severity: 'warning',
  summary: 'an ipBlock covers pod IPs (implementation-defined)',
  description:
    'ipBlock is meant for addresses outside the cluster. Whether it also matches traffic from or to pods whose IPs fall inside it depends on the network plugin, and pod IPs change on every restart. Select pods with podSelector and namespaceSelector, and leave the pod network out of ipBlocks with except.',
  check(ctx) {
    const withIps = ctx.cluster.endpoints.filter((e) => e.ips.length > 0 && !e.hostNetwork);
    if (withIps.length === 0) return [];
    const addresses = sortedAddresses(withIps);
    const findings: RuleFinding[] = [];
    for (const policy of ctx.cluster.policies) {
      for (const { direction, rule } of rulesOf(policy)) {
        for (const peer of rule.peers ?? []) {
          if (peer.type !== 'ipBlock') continue;
          const held = endpointsWithin(addresses, ipBlockSet(peer));
          if (held.size === 0) continue;
          const inside = withIps.filter((_, i) => held.has(i));
          findings.push(
            ctx.finding(
              policy,
              [...peerPath(direction, rule.index, peer.index), 'ipBlock', 'cidr'],
              `ipBlock ${peer.cidr} holds the IPs of pods ${listWorkloads(inside)}; whether ipBlock matches pod traffic depends on the network plugin`,
              'select pods with podSelector/namespaceSelector, and add the pod network to except (e.g. except: [10.0.0.0/8])',
            ),
          );
        }
      }
    }
    return findings;
  },
};
