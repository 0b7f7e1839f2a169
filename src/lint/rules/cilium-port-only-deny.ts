import { ciliumItems, ciliumSubject } from '../analysis/cilium.js';
import type { LintRule, RuleFinding } from '../types.js';

/**
 * An ingressDeny/egressDeny item with toPorts and no peer field: it denies those ports to and
 * from every peer, and no allow anywhere can reopen them (deny beats allow).
 */
export const ciliumPortOnlyDeny: LintRule = {
  id: 'cilium-port-only-deny',
  severity: 'warning',
  summary: 'a Cilium deny rule with ports but no peer, which hits every peer',
  description:
    'A deny item without fromEndpoints, fromEntities or fromCIDR (toEndpoints, … for egress) applies to every peer, inside and outside the cluster, and deny rules win over every allow of every policy. Name the peers the deny is meant for.',
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const { policy, item, path } of ciliumItems(ctx.cluster)) {
      if (!item.section.endsWith('Deny') || item.peers !== null || item.toPorts === null) continue;
      if (item.toPorts.length === 0) continue;
      findings.push(
        ctx.finding(
          ciliumSubject(policy),
          path,
          `this ${item.section} item has ports but no peer: it denies them for every peer, and no allow can reopen them`,
          `add ${item.section === 'ingressDeny' ? 'fromEndpoints or fromEntities' : 'toEndpoints or toEntities'} naming the peers to deny`,
        ),
      );
    }
    return findings;
  },
};
