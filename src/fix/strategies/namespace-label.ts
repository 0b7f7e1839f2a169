import { NAMESPACE_NAME_LABEL } from '../../explain/index.js';
import { failingSides, peerPath, type Side } from '../sides.js';
import type { Candidate, FixContext, FixStrategy } from '../types.js';

/**
 * A namespaceSelector that asks for a label the peer's namespace does not carry, while the
 * namespace carries the wanted value under another key: the classic `name: dev1` for
 * `kubernetes.io/metadata.name: dev1`. The fix renames the key.
 */
export const namespaceLabel: FixStrategy = {
  id: 'namespace-label',
  want: 'allowed',
  summary: 'match the namespace by the label it carries (kubernetes.io/metadata.name)',
  propose(ctx) {
    return failingSides(ctx).flatMap((side) => propose(ctx, side));
  },
};

function propose(ctx: FixContext, side: Side): Candidate[] {
  if (side.peer.type !== 'endpoint') return [];
  const peerNamespace = side.peer.endpoint.namespace;
  const nsLabels = ctx.compiled.namespaceLabels(peerNamespace);
  const out: Candidate[] = [];
  for (const policy of side.evaluation.policies) {
    for (const rule of policy[side.direction]) {
      for (const peer of rule.peers ?? []) {
        if (peer.type !== 'pods' || peer.namespaceSelector === null) continue;
        for (const [key, value] of Object.entries(peer.namespaceSelector.matchLabels)) {
          if (nsLabels[key] === value) continue;
          const keys = Object.keys(nsLabels).filter((k) => k !== key && nsLabels[k] === value);
          const better = keys.includes(NAMESPACE_NAME_LABEL) ? NAMESPACE_NAME_LABEL : keys.sort()[0];
          if (better === undefined) continue;
          const base = [
            ...peerPath(side.direction, rule.index, peer.index),
            'namespaceSelector',
            'matchLabels',
          ];
          out.push({
            strategy: namespaceLabel.id,
            nearMiss: true,
            side: side.direction,
            title: `in ${policy.namespace}/${policy.name}, match namespace ${peerNamespace} by ${better}: ${value} instead of ${key}: ${value}`,
            at: { policy, path: [...base, key] },
            edits: [
              { type: 'set', object: policy.source, path: [...base, better], value },
              { type: 'remove', object: policy.source, path: [...base, key] },
            ],
          });
        }
      }
    }
  }
  return out;
}
