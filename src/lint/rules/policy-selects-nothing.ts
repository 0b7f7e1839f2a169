import { matchesSelector } from '../../engine/label-selector.js';
import { isPolicySubject } from '../../engine/match.js';
import { listWorkloads, showSelector } from '../analysis/describe.js';
import { endpointsIn } from '../analysis/policies.js';
import { explainNoMatch } from '../analysis/selectors.js';
import type { LintRule, RuleFinding } from '../types.js';

/**
 * A policy whose podSelector selects no pod of its namespace in the input: it protects
 * nothing. Quiet when the input describes no workloads at all (policies linted on their own).
 */
export const policySelectsNothing: LintRule = {
  id: 'policy-selects-nothing',
  severity: 'warning',
  summary: 'the podSelector of a policy selects no pod',
  description:
    'A NetworkPolicy applies only to the pods its podSelector selects in its own namespace. When it selects none, it isolates and allows nothing: usually a misspelt label, or the policy is in the wrong namespace.',
  check(ctx) {
    if (!ctx.hasWorkloads) return [];
    const findings: RuleFinding[] = [];
    for (const policy of ctx.cluster.policies) {
      const local = endpointsIn(ctx, policy.namespace);
      const selected = local.filter((e) => matchesSelector(policy.podSelector, e.labels));
      if (selected.some(isPolicySubject)) continue;
      const selector = showSelector(policy.podSelector);
      let what: string;
      let hint: string;
      if (selected.length > 0) {
        what = `podSelector ${selector} selects only hostNetwork pods (${listWorkloads(selected)}), which NetworkPolicies never apply to`;
        hint =
          'protect host-network pods with host firewall rules; NetworkPolicies select pod-network pods only';
      } else if (local.length === 0) {
        what = `podSelector ${selector} selects no pod: namespace ${policy.namespace} has no pods in the input`;
        hint = `check metadata.namespace, or add the workloads of ${policy.namespace} to the input`;
      } else {
        what = `podSelector ${selector} selects no pod in namespace ${policy.namespace}`;
        const why = explainNoMatch(
          policy.podSelector,
          local.map((e) => ({ name: e.workload, labels: e.labels })),
          'pod',
        );
        hint = `${why === undefined ? '' : `${why}; `}make the podSelector match the labels of the pods to protect`;
      }
      findings.push(ctx.finding(policy, ['spec', 'podSelector'], what, hint));
    }
    return findings;
  },
};
