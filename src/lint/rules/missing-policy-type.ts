import type { LintRule, RuleFinding } from '../types.js';

/**
 * Rules for a direction that an explicit policyTypes leaves out: egress rules with
 * `policyTypes: [Ingress]`, ingress rules with `policyTypes: [Egress]`. The API server keeps
 * them but they have no effect.
 */
export const missingPolicyType: LintRule = {
  id: 'missing-policy-type',
  severity: 'warning',
  summary: 'rules for a direction missing from policyTypes are ignored',
  description:
    'When policyTypes is written, only the directions it lists take effect. Egress rules in a policy with policyTypes [Ingress] (or ingress rules with [Egress]) are silently ignored: the pods are not isolated for that direction and the rules allow nothing.',
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const policy of ctx.cluster.policies) {
      if (!policy.policyTypesExplicit) continue;
      for (const [direction, type] of [
        ['ingress', 'Ingress'],
        ['egress', 'Egress'],
      ] as const) {
        const count = policy[direction].length;
        if (count === 0 || policy.policyTypes.includes(type)) continue;
        findings.push(
          ctx.finding(
            policy,
            ['spec', direction],
            `${count} ${direction} rule${count === 1 ? ' is' : 's are'} ignored: policyTypes lists only ${policy.policyTypes.join(', ')}`,
            `add ${type} to policyTypes to apply them, or delete spec.${direction}`,
          ),
        );
      }
    }
    return findings;
  },
};
