import { NAMESPACE_NAME_LABEL } from '../../model/normalize.js';
import type { PodPeer, PolicyPeer } from '../../model/types.js';
import { peerPath, peersField, showSelector } from '../analysis/describe.js';
import type { LintRule, RuleFinding } from '../types.js';

/**
 * A `from`/`to` item with only a namespaceSelector immediately followed by one with only a
 * podSelector (or the other way round): two peers, OR-ed, where one peer with both selectors
 * (AND) was most likely meant — the difference is one `-`.
 */
export const peersOrNotAnd: LintRule = {
  id: 'peers-or-not-and',
  severity: 'warning',
  summary: 'namespaceSelector and podSelector in separate items (OR) where AND was likely meant',
  description:
    'In from/to, "- namespaceSelector: …" followed by "- podSelector: …" are two peers: every pod of those namespaces, or the matching pods of the policy\'s own namespace. Written without the second "-", they are one peer: the matching pods in those namespaces. The first is much wider and often not what was meant.',
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const policy of ctx.cluster.policies) {
      for (const direction of ['ingress', 'egress'] as const) {
        for (const rule of policy[direction]) {
          const peers = rule.peers ?? [];
          for (let i = 0; i + 1 < peers.length; i++) {
            const a = peers[i]!;
            const b = peers[i + 1]!;
            // Adjacent as written: a rejected peer in between would leave a gap in the indexes.
            if (b.index !== a.index + 1) continue;
            const pair = splitPair(a, b);
            if (pair === undefined) continue;
            const field = peersField(direction);
            const nsText = showSelector(pair.ns.namespaceSelector!);
            const podText = showSelector(pair.pods.podSelector!);
            findings.push(
              ctx.finding(
                policy,
                peerPath(direction, rule.index, b.index),
                `${field}[${a.index}] and ${field}[${b.index}] are two peers (OR): every pod in namespaces ${nsText}, or pods ${podText} in namespace ${policy.namespace}; one item with both selectors (AND) would allow only pods ${podText} in namespaces ${nsText}`,
                `if you meant the pods ${podText} of those namespaces, remove the "-" before ${pair.second} so both selectors are in one item; if the OR is meant, select the namespace explicitly in the podSelector item (namespaceSelector ${NAMESPACE_NAME_LABEL}=${policy.namespace}) to make it clear`,
              ),
            );
          }
        }
      }
    }
    return findings;
  },
};

function isOnly(peer: PolicyPeer, field: 'namespaceSelector' | 'podSelector'): peer is PodPeer {
  if (peer.type !== 'pods') return false;
  return field === 'namespaceSelector'
    ? peer.namespaceSelector !== null && peer.podSelector === null
    : peer.podSelector !== null && peer.namespaceSelector === null;
}

function splitPair(
  a: PolicyPeer,
  b: PolicyPeer,
): { ns: PodPeer; pods: PodPeer; second: 'namespaceSelector' | 'podSelector' } | undefined {
  if (isOnly(a, 'namespaceSelector') && isOnly(b, 'podSelector'))
    return { ns: a, pods: b, second: 'podSelector' };
  if (isOnly(a, 'podSelector') && isOnly(b, 'namespaceSelector'))
    return { ns: b, pods: a, second: 'namespaceSelector' };
  return undefined;
}
