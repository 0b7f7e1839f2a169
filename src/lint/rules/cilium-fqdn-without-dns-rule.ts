import type { CompiledCiliumPolicy } from '../../engine/compile-cilium.js';
import { subjectSelects } from '../../engine/match.js';
import type { CiliumSpec } from '../../model/types.js';
import { ciliumItems, ciliumSubject } from '../analysis/cilium.js';
import type { LintContext, LintRule, RuleFinding } from '../types.js';

/**
 * toFQDNs allows the addresses Cilium's DNS proxy saw the pod resolve. Without an egress rule
 * with `rules: dns` selecting the same pods (in this policy, another one of its namespace, or a
 * clusterwide one) no DNS traffic goes through the proxy, no address is learnt, and the
 * toFQDNs rule allows nothing.
 */
export const ciliumFqdnWithoutDnsRule: LintRule = {
  id: 'cilium-fqdn-without-dns-rule',
  severity: 'warning',
  summary: 'toFQDNs without a DNS rule that lets the proxy learn the names',
  description:
    'Cilium allows toFQDNs destinations by the addresses its DNS proxy sees in the pod\'s DNS answers. The proxy only sees DNS traffic that an egress rule with toPorts.rules.dns sends through it; without one selecting the same pods, the names are never learnt and the rule allows nothing. Add an egress rule to the DNS server on port 53 with rules: {dns: [{matchPattern: "*"}]}.',
  check(ctx) {
    const findings: RuleFinding[] = [];
    const learns = dnsLearning(ctx);
    for (const { policy, spec, item, path } of ciliumItems(ctx.cluster)) {
      const fqdn = (item.peers ?? []).find((p) => p.type === 'fqdn');
      if (fqdn === undefined || learns(policy.namespace, spec)) continue;
      findings.push(
        ctx.finding(
          ciliumSubject(policy),
          [...path, fqdn.field],
          'no egress rule with DNS rules sends the DNS traffic of these pods through the proxy, so the names are never learnt and this rule allows nothing',
          'add an egress item to kube-dns on port 53 (UDP and TCP) with rules: {dns: [{matchPattern: "*"}]}',
        ),
      );
    }
    return findings;
  },
};

/**
 * Whether the pods of a rule have their DNS seen by the proxy. With workloads: every pod the
 * rule selects is selected by some rule with a DNS egress rule. Policy-only input: some rule of
 * the same namespace, or a clusterwide one, has a DNS egress rule.
 */
function dnsLearning(ctx: LintContext): (namespace: string | null, spec: CiliumSpec) => boolean {
  const withDns = ctx.compiled.ciliumPolicies.filter((cp) =>
    cp.egressRules.some((r) => r.l7?.type === 'dns'),
  );
  const labels = ctx.compiled.namespaceLabels;
  return (namespace, spec) => {
    if (!ctx.hasWorkloads)
      return withDns.some((cp) => cp.policy.namespace === null || cp.policy.namespace === namespace);
    const own = ctx.compiled.ciliumPolicies.find((cp: CompiledCiliumPolicy) => cp.spec === spec);
    if (own === undefined) return true; // selects no pod: nothing to learn for
    return ctx.cluster.endpoints
      .filter((e) => subjectSelects(own.subject, e, labels))
      .every((e) => withDns.some((cp) => subjectSelects(cp.subject, e, labels)));
  };
}
