import { peerPath } from '../analysis/describe.js';
import { rulesOf } from '../analysis/policies.js';
import type { LintRule, RuleFinding } from '../types.js';

/** An ipBlock of 0.0.0.0/0 or ::/0: the whole internet as a peer. Off unless enabled. */
export const ipblockAllAddresses: LintRule = {
  id: 'ipblock-all-addresses',
  severity: 'info',
  strictSeverity: 'warning',
  enabledByDefault: false,
  summary: 'an ipBlock allows every address (0.0.0.0/0 or ::/0)',
  description:
    'An ipBlock with a /0 prefix allows traffic from (or to) every address on the internet. That is sometimes the point (a public frontend, egress to SaaS APIs), but it deserves a deliberate look.',
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const policy of ctx.cluster.policies) {
      for (const { direction, rule } of rulesOf(policy)) {
        for (const peer of rule.peers ?? []) {
          if (peer.type !== 'ipBlock' || !peer.cidr.endsWith('/0')) continue;
          const except = peer.except.length === 0 ? '' : ` except ${peer.except.join(', ')}`;
          findings.push(
            ctx.finding(
              policy,
              [...peerPath(direction, rule.index, peer.index), 'ipBlock', 'cidr'],
              `allows ${direction} ${direction === 'ingress' ? 'from' : 'to'} every address (${peer.cidr}${except})`,
              'narrow the cidr to the addresses that need access',
            ),
          );
        }
      }
    }
    return findings;
  },
};
