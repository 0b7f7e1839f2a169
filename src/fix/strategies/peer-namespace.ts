import { matchesSelector } from '../../engine/label-selector.js';
import { NAMESPACE_NAME_LABEL } from '../../explain/index.js';
import { failingSides, peerPath, type Side } from '../sides.js';
import type { Candidate, FixContext, FixStrategy } from '../types.js';

/**
 * A peer with a podSelector alone selects pods of the policy's own namespace only; when it
 * matches the peer's labels but the peer lives in another namespace, the author meant that
 * namespace. The fix adds a namespaceSelector to the same peer (one peer: AND).
 */
export const peerNamespace: FixStrategy = {
  id: 'peer-namespace',
  want: 'allowed',
  summary: 'add the namespaceSelector a podSelector-only peer needs to select pods of another namespace',
  propose(ctx) {
    return failingSides(ctx).flatMap((side) => propose(ctx, side));
  },
};

function propose(_ctx: FixContext, side: Side): Candidate[] {
  if (side.peer.type !== 'endpoint') return [];
  const pod = side.peer.endpoint;
  const out: Candidate[] = [];
  for (const policy of side.evaluation.policies) {
    if (policy.namespace === pod.namespace) continue;
    for (const rule of policy[side.direction]) {
      for (const peer of rule.peers ?? []) {
        if (peer.type !== 'pods' || peer.namespaceSelector !== null || peer.podSelector === null) continue;
        if (!matchesSelector(peer.podSelector, pod.labels)) continue;
        const path = [...peerPath(side.direction, rule.index, peer.index), 'namespaceSelector'];
        out.push({
          strategy: peerNamespace.id,
          nearMiss: true,
          side: side.direction,
          title: `in ${policy.namespace}/${policy.name}, add namespaceSelector ${NAMESPACE_NAME_LABEL}: ${pod.namespace} to the podSelector peer (a podSelector alone selects only ${policy.namespace})`,
          at: { policy, path: peerPath(side.direction, rule.index, peer.index) },
          edits: [
            {
              type: 'set',
              object: policy.source,
              path,
              value: { matchLabels: { [NAMESPACE_NAME_LABEL]: pod.namespace } },
            },
          ],
        });
      }
    }
  }
  return out;
}
