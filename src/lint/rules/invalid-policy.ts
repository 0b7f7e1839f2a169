import { diagnosticFindings } from '../diagnostics.js';
import type { LintRule } from '../types.js';

/**
 * NetworkPolicies the API server rejects (invalid selectors, peers, ports, protocols,
 * policyTypes, unknown fields). The model leaves them out of every verdict; this rule reports
 * each field it rejected, and the rejection itself only when no field finding names it.
 */
export const invalidPolicy: LintRule = {
  id: 'invalid-policy',
  severity: 'error',
  summary: 'the API server rejects this policy',
  description:
    'A policy (NetworkPolicy, an admin policy or a Cilium policy) with an invalid field is rejected by the API server: kubectl apply fails and the policy never takes effect. kubereach leaves it out of every verdict.',
  check(ctx) {
    const key = (ref: { namespace?: string; name: string } | undefined) =>
      ref === undefined ? '' : `${ref.namespace ?? ''}/${ref.name}`;
    const withFieldErrors = new Set(
      ctx.cluster.diagnostics
        .filter((d) => d.severity === 'error' && d.code !== 'POLICY_REJECTED')
        .map((d) => key(d.object)),
    );
    return diagnosticFindings(
      ctx,
      'invalid-policy',
      'fix the field; until then the policy is not applied',
      (d) => d.code !== 'POLICY_REJECTED' || !withFieldErrors.has(key(d.object)),
    );
  },
};
