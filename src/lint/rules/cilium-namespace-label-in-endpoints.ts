import { parseCiliumKey } from '../../engine/cilium-labels.js';
import { NAMESPACE_NAME_LABEL } from '../../model/normalize.js';
import { ciliumItems, ciliumSubject } from '../analysis/cilium.js';
import type { LintRule, RuleFinding } from '../types.js';

/**
 * A namespace label in fromEndpoints/toEndpoints (`kubernetes.io/metadata.name: dev1`, or a key
 * of namespace labels no pod carries): there it is a pod label, and matches no pod. Cilium
 * names namespaces with `k8s:io.kubernetes.pod.namespace` and namespace labels with
 * `io.cilium.k8s.namespace.labels.KEY`.
 */
export const ciliumNamespaceLabelInEndpoints: LintRule = {
  id: 'cilium-namespace-label-in-endpoints',
  severity: 'warning',
  summary: 'a namespaceSelector label copied into fromEndpoints/toEndpoints, where it is a pod label',
  description:
    'Cilium endpoint selectors match the labels of pods. A namespace label written there, such as kubernetes.io/metadata.name: dev1 copied from a NetworkPolicy namespaceSelector, is looked for on the pods and matches none. Name the namespace with k8s:io.kubernetes.pod.namespace: dev1, or a namespace label with io.cilium.k8s.namespace.labels.KEY.',
  check(ctx) {
    const findings: RuleFinding[] = [];
    const podKeys = new Set(ctx.cluster.endpoints.flatMap((e) => Object.keys(e.labels)));
    const namespaceKeys = new Set([...ctx.cluster.namespaces.values()].flatMap((n) => Object.keys(n.labels)));
    for (const { policy, item, path } of ciliumItems(ctx.cluster)) {
      for (const peer of item.peers ?? []) {
        if (peer.type !== 'endpoints') continue;
        const keys = [
          ...Object.keys(peer.selector.matchLabels).map((k) => ({
            k,
            at: ['matchLabels', k] as (string | number)[],
          })),
          ...peer.selector.matchExpressions.map((r, i) => ({
            k: r.key,
            at: ['matchExpressions', i] as (string | number)[],
          })),
        ];
        for (const { k, at } of keys) {
          const { source, key } = parseCiliumKey(k);
          if (source !== 'any' && source !== 'k8s') continue;
          const namespaceLabel =
            key === NAMESPACE_NAME_LABEL || (ctx.hasWorkloads && namespaceKeys.has(key) && !podKeys.has(key));
          if (!namespaceLabel) continue;
          findings.push(
            ctx.finding(
              ciliumSubject(policy),
              [...path, peer.field, peer.index, ...at],
              `${key} is a namespace label, but in ${peer.field} it is looked for on the pods: no pod carries it, so this selector matches nothing`,
              key === NAMESPACE_NAME_LABEL
                ? 'name the namespace with k8s:io.kubernetes.pod.namespace: NAME'
                : `match a namespace label with io.cilium.k8s.namespace.labels.${key}`,
            ),
          );
        }
      }
    }
    return findings;
  },
};
