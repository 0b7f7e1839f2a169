import { matchesSelector } from '../../engine/label-selector.js';
import type { NetworkPolicy } from '../../model/types.js';
import { failingSides, type Side } from '../sides.js';
import type { Candidate, FixContext, FixStrategy } from '../types.js';

/**
 * Rules written for a direction that `policyTypes` leaves out are ignored: `policyTypes:
 * [Ingress]` with egress rules restricts no egress. The fix adds the direction to policyTypes.
 */
export const policyTypes: FixStrategy = {
  id: 'policy-types',
  want: 'denied',
  summary: 'add the direction (usually Egress) that policyTypes leaves out',
  propose(ctx) {
    return failingSides(ctx).flatMap((side) => propose(ctx, side));
  },
};

function propose(ctx: FixContext, side: Side): Candidate[] {
  if (side.evaluation.state !== 'not-isolated') return [];
  const type = side.direction === 'ingress' ? 'Ingress' : 'Egress';
  const out: Candidate[] = [];
  for (const policy of ctx.cluster.policies) {
    if (policy.policyTypes.includes(type) || policy[side.direction].length === 0) continue;
    if (policy.namespace !== side.subject.namespace || !selects(policy, side)) continue;
    const types = [...policy.policyTypes, type];
    out.push({
      strategy: policyTypes.id,
      nearMiss: true,
      side: side.direction,
      title: `in ${policy.namespace}/${policy.name}, add ${type} to policyTypes: its ${side.direction} rules are ignored without it`,
      at: { policy, path: ['spec', 'policyTypes'] },
      edits: [{ type: 'set', object: policy.source, path: ['spec', 'policyTypes'], value: types }],
    });
  }
  return out;
}

function selects(policy: NetworkPolicy, side: Side): boolean {
  return !side.subject.hostNetwork && matchesSelector(policy.podSelector, side.subject.labels);
}
