import { findDuplicatePolicies } from '../analysis/duplicates.js';
import { diagnosticFindings } from '../diagnostics.js';
import type { LintRule } from '../types.js';

/**
 * Two policies that say the same thing (same namespace, podSelector, policyTypes and rules, in
 * any order), and one name defined twice (the later replaces the earlier on apply).
 */
export const duplicatePolicy: LintRule = {
  id: 'duplicate-policy',
  severity: 'warning',
  summary: 'a policy repeats another one',
  description:
    'Two NetworkPolicies with the same podSelector, policyTypes and rules do the same thing; editing one later leaves the other still allowing the old traffic. A name defined twice is applied twice and the later definition replaces the earlier.',
  check(ctx) {
    const sameName = diagnosticFindings(ctx, 'duplicate-policy', 'keep one definition of each policy name');
    const sameContent = [...findDuplicatePolicies(ctx.cluster.policies)].map(([policy, earlier]) =>
      ctx.finding(
        policy,
        [],
        `selects the same pods and allows the same traffic as NetworkPolicy ${earlier.namespace}/${earlier.name}`,
        `delete one of the two, or merge them into one policy`,
      ),
    );
    return [...sameName, ...sameContent];
  },
};
