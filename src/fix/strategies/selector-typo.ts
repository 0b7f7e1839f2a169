import { editDistance } from '../../explain/index.js';
import type { PathSegment } from '../../model/source.js';
import type { LabelSelector, Labels, NetworkPolicy } from '../../model/types.js';
import { failingSides, peerPath, type Side } from '../sides.js';
import type { Candidate, FixContext, FixStrategy } from '../types.js';

/**
 * A selector one label value away from the pod it evidently means (`app: frontned` for
 * `app: frontend`): in a peer's podSelector, or in the podSelector of a policy of the subject's
 * namespace. The fix corrects the value.
 */
export const selectorTypo: FixStrategy = {
  id: 'selector-typo',
  want: 'allowed',
  summary: 'correct a selector label value one typo away from the pod it means',
  propose(ctx) {
    return failingSides(ctx).flatMap((side) => [...peerTypos(side), ...policyTypos(ctx, side)]);
  },
};

function peerTypos(side: Side): Candidate[] {
  if (side.peer.type !== 'endpoint') return [];
  const pod = side.peer.endpoint;
  const out: Candidate[] = [];
  for (const policy of side.evaluation.policies) {
    for (const rule of policy[side.direction]) {
      for (const peer of rule.peers ?? []) {
        if (peer.type !== 'pods' || peer.podSelector === null) continue;
        const fix = oneTypo(peer.podSelector, pod.labels);
        if (fix === undefined) continue;
        const path = [
          ...peerPath(side.direction, rule.index, peer.index),
          'podSelector',
          'matchLabels',
          fix.key,
        ];
        out.push(candidate(side, policy, path, fix, `peer of ${pod.id}`));
      }
    }
  }
  return out;
}

function policyTypos(ctx: FixContext, side: Side): Candidate[] {
  const out: Candidate[] = [];
  for (const policy of ctx.cluster.policies) {
    if (policy.namespace !== side.subject.namespace) continue;
    if (side.evaluation.policies.includes(policy)) continue;
    const fix = oneTypo(policy.podSelector, side.subject.labels);
    if (fix === undefined) continue;
    out.push(
      candidate(
        side,
        policy,
        ['spec', 'podSelector', 'matchLabels', fix.key],
        fix,
        `podSelector for ${side.subject.id}`,
      ),
    );
  }
  return out;
}

function candidate(
  side: Side,
  policy: NetworkPolicy,
  path: PathSegment[],
  fix: { key: string; from: string; to: string },
  what: string,
): Candidate {
  return {
    strategy: selectorTypo.id,
    nearMiss: true,
    side: side.direction,
    title: `in ${policy.namespace}/${policy.name}, correct the ${what}: ${fix.key}: ${fix.to} instead of ${fix.from}`,
    at: { policy, path },
    edits: [{ type: 'set', object: policy.source, path, value: fix.to }],
  };
}

/** The one matchLabels entry that fails on `labels` by a typo, when everything else holds. */
function oneTypo(
  selector: LabelSelector,
  labels: Labels,
): { key: string; from: string; to: string } | undefined {
  const failing = Object.entries(selector.matchLabels).filter(([k, v]) => labels[k] !== v);
  if (failing.length !== 1 || selector.matchExpressions.length > 0) return undefined;
  const [key, from] = failing[0]!;
  const to = labels[key];
  if (to === undefined) return undefined;
  return editDistance(from, to) <= (to.length <= 3 ? 1 : 2) ? { key, from, to } : undefined;
}
