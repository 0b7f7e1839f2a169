import { fieldWritten } from '../context.js';
import type { LintRule, RuleFinding } from '../types.js';

/**
 * Egress rules without policyTypes and without an ingress field: the API server defaults
 * policyTypes to [Ingress, Egress] (SetDefaults_NetworkPolicySpec), so the policy also isolates
 * its pods for ingress, with no rule admitting anything. A policy written only to allow, say,
 * DNS egress then cuts every connection into the pods it selects.
 */
export const egressRulesIsolateIngress: LintRule = {
  id: 'egress-rules-isolate-ingress',
  severity: 'warning',
  summary: 'egress rules without policyTypes also isolate ingress',
  description:
    'Without policyTypes, the API server sets [Ingress, Egress] when spec.egress has a rule: Ingress is always there. A policy meant for egress alone (allow DNS, allow the database) therefore denies all ingress to the pods it selects, unless another policy admits it.',
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const policy of ctx.cluster.policies) {
      if (policy.policyTypesExplicit || policy.egress.length === 0 || policy.ingress.length > 0) continue;
      // `ingress: []` written out says ingress is meant to be closed
      if (fieldWritten(ctx.cluster, policy, ['spec', 'ingress'])) continue;
      findings.push(
        ctx.finding(
          policy,
          ['spec', 'egress'],
          'egress rules without policyTypes also isolate ingress: policyTypes defaults to [Ingress, Egress], and no ingress rule admits anything',
          'if only egress was meant, add `policyTypes: [Egress]`; to deny ingress on purpose, write `policyTypes: [Ingress, Egress]`',
        ),
      );
    }
    return findings;
  },
};
