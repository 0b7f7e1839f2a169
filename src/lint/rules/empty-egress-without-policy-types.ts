import { fieldWritten } from '../context.js';
import type { LintRule, RuleFinding } from '../types.js';

/**
 * `egress: []` (or `egress:` with nothing) without policyTypes: the API server defaults
 * policyTypes to [Ingress] because egress has no rule, so egress is not isolated — the
 * opposite of what an empty list seems to say (SetDefaults_NetworkPolicySpec).
 */
export const emptyEgressWithoutPolicyTypes: LintRule = {
  id: 'empty-egress-without-policy-types',
  severity: 'warning',
  summary: 'egress: [] without policyTypes does not isolate egress',
  description:
    'Without policyTypes, the API server adds Egress only when spec.egress has at least one rule. An empty egress list therefore leaves egress wide open, although it reads like "deny all egress".',
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const policy of ctx.cluster.policies) {
      if (policy.policyTypesExplicit || policy.egress.length > 0) continue;
      if (!fieldWritten(ctx.cluster, policy, ['spec', 'egress'])) continue;
      findings.push(
        ctx.finding(
          policy,
          ['spec', 'egress'],
          'an empty egress list without policyTypes does not isolate egress: policyTypes defaults to [Ingress]',
          'to deny all egress, add `policyTypes: [Ingress, Egress]`; otherwise delete `egress: []`',
        ),
      );
    }
    return findings;
  },
};
