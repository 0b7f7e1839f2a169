import { NAMESPACE_NAME_LABEL } from '../../explain/index.js';
import { failingSides, peerPath, rawAt, ruleKeys, rulePath, type Side } from '../sides.js';
import { workloadSelector } from '../stable-labels.js';
import type { Candidate, FixContext, FixStrategy } from '../types.js';

/**
 * Narrows the peer that admits the source so that it no longer does: a NotIn on a label of the
 * source's workload in the peer's podSelector (its namespace for a namespace-wide peer), an
 * `except` for an address in an ipBlock; or removes the peer when the rule has others.
 */
export const narrowPeer: FixStrategy = {
  id: 'narrow-peer',
  want: 'denied',
  summary: 'narrow or remove the peer that admits the source',
  propose(ctx) {
    return failingSides(ctx).flatMap((side) => propose(ctx, side));
  },
};

function propose(ctx: FixContext, side: Side): Candidate[] {
  const out: Candidate[] = [];
  for (const match of side.evaluation.matches) {
    const { policy, rule } = match.rule;
    if (match.peerIndex === null) continue;
    const peer = rule.peers?.[match.peerIndex];
    if (peer === undefined) continue;
    const path = peerPath(side.direction, rule.index, peer.index);
    const raw = rawAt(ctx, policy, path) as Record<string, unknown> | undefined;
    if (raw === undefined) continue;
    const base = { strategy: narrowPeer.id, nearMiss: false, side: side.direction, at: { policy, path } };
    if (peer.type === 'pods' && side.peer.type === 'endpoint') {
      const pod = side.peer.endpoint;
      const [key, value] = Object.entries(workloadSelector(ctx.cluster, pod))[0] ?? [];
      const narrowed = { ...raw };
      if (key !== undefined && value !== undefined) {
        const pod = (raw['podSelector'] ?? {}) as Record<string, unknown>;
        const exprs = Array.isArray(pod['matchExpressions']) ? pod['matchExpressions'] : [];
        narrowed['podSelector'] = {
          ...pod,
          matchExpressions: [...exprs, { key, operator: 'NotIn', values: [value] }],
        };
      } else {
        const ns = (raw['namespaceSelector'] ?? {}) as Record<string, unknown>;
        const exprs = Array.isArray(ns['matchExpressions']) ? ns['matchExpressions'] : [];
        narrowed['namespaceSelector'] = {
          ...ns,
          matchExpressions: [
            ...exprs,
            { key: NAMESPACE_NAME_LABEL, operator: 'NotIn', values: [pod.namespace] },
          ],
        };
      }
      out.push({
        ...base,
        title: `in ${policy.namespace}/${policy.name}, narrow ${ruleKeys(side.direction).peers}[${peer.index}] to leave out ${pod.workload}${key === undefined ? '' : ` (${key} NotIn [${value}])`}`,
        edits: [{ type: 'set', object: policy.source, path, value: narrowed }],
      });
    }
    if (peer.type === 'ipBlock' && side.peer.type === 'endpoint' && side.peer.endpoint.ips.length > 0) {
      const except = [
        ...peer.except,
        ...side.peer.endpoint.ips.map((ip) => (ip.includes(':') ? `${ip}/128` : `${ip}/32`)),
      ];
      out.push({
        ...base,
        title: `in ${policy.namespace}/${policy.name}, except ${side.peer.endpoint.workload}'s address from ipBlock ${peer.cidr}`,
        edits: [{ type: 'set', object: policy.source, path: [...path, 'ipBlock', 'except'], value: except }],
      });
    }
    if ((rule.peers?.length ?? 0) > 1) {
      out.push({
        ...base,
        title: `in ${policy.namespace}/${policy.name}, remove ${ruleKeys(side.direction).peers}[${peer.index}] from ${side.direction}[${rule.index}]`,
        edits: [{ type: 'remove', object: policy.source, path }],
      });
    } else {
      out.push({
        ...base,
        title: `in ${policy.namespace}/${policy.name}, remove ${side.direction}[${rule.index}], the rule that admits it`,
        at: { policy, path: rulePath(side.direction, rule.index) },
        edits: [{ type: 'remove', object: policy.source, path: rulePath(side.direction, rule.index) }],
      });
    }
  }
  return out;
}
