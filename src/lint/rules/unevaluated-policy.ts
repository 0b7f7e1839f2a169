import { diagnosticFindings } from '../diagnostics.js';
import type { LintRule } from '../types.js';

/** Policies of other network plugins that kubereach reads but cannot evaluate. */
export const unevaluatedPolicy: LintRule = {
  id: 'unevaluated-policy',
  severity: 'warning',
  summary: 'a policy kubereach cannot evaluate: verdicts ignore it',
  description:
    'The input holds a policy of a kind kubereach reads but cannot evaluate yet (Calico, Antrea or GKE FQDN policies, for example). Every verdict is computed without it and names it; where it applies, the cluster may decide differently.',
  check(ctx) {
    return diagnosticFindings(ctx, 'unevaluated-policy', 'check its effect on the cluster itself');
  },
};
