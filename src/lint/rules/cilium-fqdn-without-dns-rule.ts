import { ciliumItems, ciliumSubject } from '../analysis/cilium.js';
import type { LintRule, RuleFinding } from '../types.js';

/**
 * toFQDNs allows the addresses Cilium's DNS proxy saw the pod resolve. Without an egress rule
 * with `rules: dns` (in the policy itself or a clusterwide one) no DNS traffic goes through
 * the proxy, no address is learnt, and the toFQDNs rule allows nothing.
 */
export const ciliumFqdnWithoutDnsRule: LintRule = {
  id: 'cilium-fqdn-without-dns-rule',
  severity: 'warning',
  summary: 'toFQDNs without a DNS rule that lets the proxy learn the names',
  description:
    'Cilium allows toFQDNs destinations by the addresses its DNS proxy sees in the pod\'s DNS answers. The proxy only sees DNS traffic that an egress rule with toPorts.rules.dns sends through it; without one, the names are never learnt and the rule allows nothing. Add an egress rule to the DNS server on port 53 with rules: {dns: [{matchPattern: "*"}]}.',
  check(ctx) {
    const findings: RuleFinding[] = [];
    const items = ciliumItems(ctx.cluster);
    const dnsIn = (policyId: string | null) =>
      items.some(
        (x) =>
          (policyId === null ? x.policy.namespace === null : x.policy.id === policyId) &&
          x.item.section === 'egress' &&
          (x.item.toPorts ?? []).some((p) => p.l7?.type === 'dns'),
      );
    const clusterwideDns = dnsIn(null);
    for (const { policy, item, path } of items) {
      const fqdn = (item.peers ?? []).find((p) => p.type === 'fqdn');
      if (fqdn === undefined || clusterwideDns || dnsIn(policy.id)) continue;
      findings.push(
        ctx.finding(
          ciliumSubject(policy),
          [...path, fqdn.field],
          'no egress rule with DNS rules sends DNS through the proxy, so the names are never learnt and this rule allows nothing',
          'add an egress item to kube-dns on port 53 (UDP and TCP) with rules: {dns: [{matchPattern: "*"}]}',
        ),
      );
    }
    return findings;
  },
};
