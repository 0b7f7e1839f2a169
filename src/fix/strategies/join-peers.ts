import { failingSides, ruleKeys, rulePath, type Side } from '../sides.js';
import type { Candidate, FixStrategy } from '../types.js';

/**
 * OR written where AND was meant: `- namespaceSelector: …` and `- podSelector: …` as two
 * peers admit every pod of those namespaces and every matching pod of the policy's namespace.
 * The fix joins them into one peer (both selectors must hold), removing the second dash.
 */
export const joinPeers: FixStrategy = {
  id: 'join-peers',
  want: 'denied',
  summary: 'join a namespaceSelector peer and a podSelector peer into one (AND, not OR)',
  propose(ctx) {
    return failingSides(ctx).flatMap((side) => propose(side));
  },
};

function propose(side: Side): Candidate[] {
  const out: Candidate[] = [];
  for (const match of side.evaluation.matches) {
    const { policy, rule } = match.rule;
    const peers = rule.peers ?? [];
    const nsOnly = peers.find(
      (p) => p.type === 'pods' && p.podSelector === null && p.namespaceSelector !== null,
    );
    const podOnly = peers.find(
      (p) => p.type === 'pods' && p.namespaceSelector === null && p.podSelector !== null,
    );
    if (nsOnly === undefined || podOnly === undefined) continue;
    if (match.peerIndex !== nsOnly.index && match.peerIndex !== podOnly.index) continue;
    const base = [...rulePath(side.direction, rule.index), ruleKeys(side.direction).peers];
    const [keep, drop] = nsOnly.index < podOnly.index ? [nsOnly, podOnly] : [podOnly, nsOnly];
    const added = keep === nsOnly ? 'podSelector' : 'namespaceSelector';
    const dropPeer = drop.type === 'pods' ? drop : undefined;
    const selector = added === 'podSelector' ? dropPeer?.podSelector : dropPeer?.namespaceSelector;
    out.push({
      strategy: joinPeers.id,
      nearMiss: true,
      side: side.direction,
      title: `in ${policy.namespace}/${policy.name}, join ${ruleKeys(side.direction).peers}[${nsOnly.index}] and [${podOnly.index}] into one peer: pods matching both selectors, not either`,
      at: { policy, path: [...base, drop.index] },
      edits: [
        {
          type: 'set',
          object: policy.source,
          path: [...base, keep.index, added],
          value: rawSelector(selector),
        },
        { type: 'remove', object: policy.source, path: [...base, drop.index] },
      ],
    });
  }
  return out;
}

function rawSelector(
  s:
    | { matchLabels: Readonly<Record<string, string>>; matchExpressions: readonly unknown[] }
    | null
    | undefined,
): Record<string, unknown> {
  if (s === null || s === undefined) return {};
  const out: Record<string, unknown> = {};
  if (Object.keys(s.matchLabels).length > 0) out['matchLabels'] = { ...s.matchLabels };
  if (s.matchExpressions.length > 0) out['matchExpressions'] = s.matchExpressions;
  return out;
}
