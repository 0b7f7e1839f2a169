import { isNamespaceKey, parseCiliumKey } from '../../engine/cilium-labels.js';
import { ciliumSubject } from '../analysis/cilium.js';
import type { LintRule, RuleFinding } from '../types.js';

/**
 * A namespace named in a CiliumNetworkPolicy's endpointSelector. Cilium binds that selector to
 * the policy's namespace (ParseToCiliumRule): a value under `k8s:io.kubernetes.pod.namespace` is
 * replaced by it, and any other namespace requirement must hold as well, so a different
 * namespace there selects nothing.
 */
export const ciliumEndpointSelectorNamespace: LintRule = {
  id: 'cilium-endpoint-selector-namespace',
  severity: 'warning',
  summary: 'a namespace label in a CiliumNetworkPolicy endpointSelector',
  description:
    "A CiliumNetworkPolicy's endpointSelector only ever selects pods of the policy's own namespace. A k8s:io.kubernetes.pod.namespace label written there is replaced by that namespace; written without the k8s: prefix (or as an expression), it must hold as well, and naming another namespace then selects nothing. Put the policy in the namespace it is meant for, or use a CiliumClusterwideNetworkPolicy.",
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const policy of ctx.cluster.ciliumPolicies) {
      if (policy.namespace === null) continue;
      for (const spec of policy.specs) {
        const selector = spec.endpointSelector;
        if (selector === null) continue;
        const at = [...spec.path, 'endpointSelector'];
        for (const [key, value] of Object.entries(selector.matchLabels)) {
          if (!isNamespaceKey(key) || value === policy.namespace) continue;
          const replaced = parseCiliumKey(key).source === 'k8s';
          findings.push(
            ctx.finding(
              ciliumSubject(policy),
              [...at, 'matchLabels', key],
              replaced
                ? `${key}: ${value} is replaced by the policy namespace ${policy.namespace}: the rule selects pods of ${policy.namespace}`
                : `${key}: ${value} must hold together with the policy namespace ${policy.namespace}: the rule selects no pod`,
              `a CiliumNetworkPolicy applies in its own namespace: create it in ${value}, or use a CiliumClusterwideNetworkPolicy`,
            ),
          );
        }
        selector.matchExpressions.forEach((r, i) => {
          if (!isNamespaceKey(r.key)) return;
          if (r.operator === 'In' && r.values.includes(policy.namespace!)) return;
          if (r.operator === 'NotIn' && !r.values.includes(policy.namespace!)) return;
          if (r.operator === 'Exists') return;
          findings.push(
            ctx.finding(
              ciliumSubject(policy),
              [...at, 'matchExpressions', i],
              `this requirement excludes the policy namespace ${policy.namespace}, the only one the rule can select: it selects no pod`,
              'a CiliumNetworkPolicy applies in its own namespace; use a CiliumClusterwideNetworkPolicy to select pods of several namespaces',
            ),
          );
        });
      }
    }
    return findings;
  },
};
