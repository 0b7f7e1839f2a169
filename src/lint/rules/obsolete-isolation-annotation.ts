import { diagnosticFindings } from '../diagnostics.js';
import type { LintRule } from '../types.js';

/**
 * A Namespace annotated `net.beta.kubernetes.io/network-policy`: the beta API's way to isolate a
 * namespace, ignored since networking.k8s.io/v1 (Kubernetes 1.7). The namespace is not isolated.
 */
export const obsoleteIsolationAnnotation: LintRule = {
  id: 'obsolete-isolation-annotation',
  severity: 'warning',
  summary: 'a namespace relies on the net.beta.kubernetes.io/network-policy annotation',
  description:
    'Before NetworkPolicy v1, the annotation `net.beta.kubernetes.io/network-policy: {"ingress": {"isolation": "DefaultDeny"}}` isolated a namespace. Kubernetes 1.7 dropped it: the namespace is open unless a NetworkPolicy isolates its pods.',
  check: (ctx) =>
    diagnosticFindings(
      ctx,
      'obsolete-isolation-annotation',
      'add a NetworkPolicy with podSelector: {} and policyTypes: [Ingress] to the namespace',
    ),
};
