import { matchesSelector } from '../../engine/label-selector.js';
import { failingSides, type Side } from '../sides.js';
import type { Candidate, FixContext, FixStrategy } from '../types.js';

/**
 * A policy written in the wrong namespace (usually the peer's): policies select pods of their
 * own namespace only, so its podSelector there selects nothing while it matches the subject.
 * The fix moves the policy to the subject's namespace.
 */
export const moveNamespace: FixStrategy = {
  id: 'move-namespace',
  want: 'allowed',
  summary: 'move a policy to the namespace of the pods it was written for',
  propose(ctx) {
    return failingSides(ctx).flatMap((side) => propose(ctx, side));
  },
};

function propose(ctx: FixContext, side: Side): Candidate[] {
  const type = side.direction === 'ingress' ? 'Ingress' : 'Egress';
  const out: Candidate[] = [];
  for (const policy of ctx.cluster.policies) {
    if (policy.namespace === side.subject.namespace || !policy.policyTypes.includes(type)) continue;
    if (!matchesSelector(policy.podSelector, side.subject.labels)) continue;
    const selectsAtHome = ctx.cluster.endpoints.some(
      (e) =>
        e.namespace === policy.namespace && !e.hostNetwork && matchesSelector(policy.podSelector, e.labels),
    );
    if (selectsAtHome || policy[side.direction].length === 0) continue;
    out.push({
      strategy: moveNamespace.id,
      nearMiss: true,
      side: side.direction,
      title: `move ${policy.namespace}/${policy.name} to namespace ${side.subject.namespace}: it selects nothing in ${policy.namespace} and was written for ${side.subject.id}`,
      at: { policy, path: ['metadata', 'namespace'] },
      edits: [
        {
          type: 'set',
          object: policy.source,
          path: ['metadata', 'namespace'],
          value: side.subject.namespace,
        },
      ],
    });
  }
  return out;
}
