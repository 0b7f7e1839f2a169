import { matchesSelector } from '../../engine/label-selector.js';
import { NAMESPACE_NAME_LABEL } from '../../model/normalize.js';
import { listNames, listWorkloads, peerPath, showSelector } from '../analysis/describe.js';
import { endpointsIn, podPeersOf, podsMatching } from '../analysis/policies.js';
import type { LintRule, RuleFinding } from '../types.js';

/**
 * A peer with only a podSelector matches pods of the policy's own namespace. When it matches
 * none there but matches pods elsewhere, a namespaceSelector was most likely forgotten.
 */
export const podSelectorOtherNamespace: LintRule = {
  id: 'pod-selector-other-namespace',
  severity: 'warning',
  summary: 'a podSelector-only peer matches pods only in other namespaces',
  description:
    "A from/to peer with only a podSelector selects pods in the policy's own namespace. When the labels match no pod there but do match pods in another namespace, the peer allows nothing: add a namespaceSelector in the same list item to reach those pods.",
  check(ctx) {
    if (!ctx.hasWorkloads) return [];
    const findings: RuleFinding[] = [];
    for (const policy of ctx.cluster.policies) {
      // With no pods of its own namespace in the input, the input is partial: nothing to compare.
      if (endpointsIn(ctx, policy.namespace).length === 0) continue;
      for (const { direction, rule, peer } of podPeersOf(policy)) {
        if (peer.namespaceSelector !== null || peer.podSelector === null) continue;
        const selector = peer.podSelector;
        // the usual case first: the peer matches pods of its own namespace
        if (
          endpointsIn(ctx, policy.namespace).some(
            (e) => !e.hostNetwork && matchesSelector(selector, e.labels),
          )
        )
          continue;
        const matching = podsMatching(ctx, selector);
        if (matching.length === 0) continue;
        const namespaces = [...new Set(matching.map((e) => e.namespace))].sort();
        const target =
          namespaces.length === 1
            ? `namespaceSelector: {matchLabels: {${NAMESPACE_NAME_LABEL}: ${namespaces[0]}}}`
            : 'a namespaceSelector matching those namespaces';
        findings.push(
          ctx.finding(
            policy,
            [...peerPath(direction, rule.index, peer.index), 'podSelector'],
            `podSelector ${showSelector(selector)} matches no pod in namespace ${policy.namespace} (a podSelector alone looks only there) but matches ${listWorkloads(matching)} in ${listNames(namespaces)}`,
            `to allow those pods, add ${target} to the same list item as the podSelector`,
          ),
        );
      }
    }
    return findings;
  },
};
