import { failingSides, partyName, peerFor, policyName, portEntry, type Side } from '../sides.js';
import { workloadSelector } from '../stable-labels.js';
import type { Candidate, FixContext, FixStrategy } from '../types.js';

/**
 * A new policy that opens exactly this connection on the side that denies it: it selects the
 * subject's workload by its stable labels and admits the peer's workload on the one port.
 */
export const addPolicy: FixStrategy = {
  id: 'add-policy',
  want: 'allowed',
  summary: 'add a policy that allows exactly this connection',
  propose(ctx) {
    return failingSides(ctx).map((side) => candidateFor(ctx, side));
  },
};

/** The new-policy candidate for one denying side (also used to complete one-sided fixes). */
export function candidateFor(ctx: FixContext, side: Side): Candidate {
  const ns = side.subject.namespace;
  const type = side.direction === 'ingress' ? 'Ingress' : 'Egress';
  const name =
    side.direction === 'ingress'
      ? policyName(
          'allow',
          partyName(side.peer),
          'to',
          partyName({ type: 'endpoint', endpoint: side.subject }),
          String(side.port),
        )
      : policyName(
          'allow',
          partyName({ type: 'endpoint', endpoint: side.subject }),
          'to',
          partyName(side.peer),
          String(side.port),
        );
  const peers = [peerFor(ctx, ns, side.peer)];
  const rule =
    side.direction === 'ingress'
      ? { from: peers, ports: [portEntry(side)] }
      : { to: peers, ports: [portEntry(side)] };
  const value = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace: ns },
    spec: {
      podSelector: { matchLabels: { ...workloadSelector(ctx.cluster, side.subject) } },
      policyTypes: [type],
      [side.direction]: [rule],
    },
  };
  return {
    strategy: addPolicy.id,
    nearMiss: false,
    side: side.direction,
    title: `add NetworkPolicy ${ns}/${name}: ${side.direction} of ${side.subject.workload} ${side.direction === 'ingress' ? 'from' : 'to'} ${partyName(side.peer)} on ${side.protocol} ${side.port}`,
    edits: [{ type: 'add-object', file: ctx.fileFor(ns, side.subject.source), value }],
  };
}
