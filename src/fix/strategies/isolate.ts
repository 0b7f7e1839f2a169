import { NAMESPACE_NAME_LABEL } from '../../explain/index.js';
import { failingSides, partyName, policyName, type Side } from '../sides.js';
import { workloadSelector } from '../stable-labels.js';
import type { Candidate, FixContext, FixStrategy } from '../types.js';

/**
 * A side no policy isolates allows everything. A new policy isolates the subject's workload in
 * that direction and allows every peer but the one to deny (other namespaces, the rest of
 * its namespace); what it no longer allows (addresses outside the cluster) are side effects.
 */
export const isolate: FixStrategy = {
  id: 'isolate',
  want: 'denied',
  summary: 'add a policy that isolates the pod and allows everything but this peer',
  propose(ctx) {
    return failingSides(ctx)
      .filter((s) => s.evaluation.state === 'not-isolated' && s.peer.type === 'endpoint')
      .map((side) => candidate(ctx, side));
  },
};

function candidate(ctx: FixContext, side: Side): Candidate {
  const ns = side.subject.namespace;
  const peer = side.peer.type === 'endpoint' ? side.peer.endpoint : undefined;
  const peerNs = peer?.namespace ?? '';
  const [key, value] =
    peer === undefined ? [] : (Object.entries(workloadSelector(ctx.cluster, peer))[0] ?? []);
  const peers: Record<string, unknown>[] = [
    {
      namespaceSelector: {
        matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: 'NotIn', values: [peerNs] }],
      },
    },
  ];
  if (key !== undefined && value !== undefined)
    peers.push({
      namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: peerNs } },
      podSelector: { matchExpressions: [{ key, operator: 'NotIn', values: [value] }] },
    });
  const type = side.direction === 'ingress' ? 'Ingress' : 'Egress';
  const name = policyName('isolate', partyName({ type: 'endpoint', endpoint: side.subject }), side.direction);
  const rule = side.direction === 'ingress' ? { from: peers } : { to: peers };
  return {
    strategy: isolate.id,
    nearMiss: false,
    side: side.direction,
    title: `add NetworkPolicy ${ns}/${name}: isolate ${side.subject.workload} for ${side.direction} and allow every pod but ${side.peer.type === 'endpoint' ? side.peer.endpoint.workload : partyName(side.peer)}`,
    edits: [
      {
        type: 'add-object',
        file: ctx.fileFor(ns, side.subject.source),
        value: {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: { name, namespace: ns },
          spec: {
            podSelector: { matchLabels: { ...workloadSelector(ctx.cluster, side.subject) } },
            policyTypes: [type],
            [side.direction]: [rule],
          },
        },
      },
    ],
  };
}
