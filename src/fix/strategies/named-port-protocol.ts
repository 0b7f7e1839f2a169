import { failingSides, rulePath, type Side } from '../sides.js';
import type { Candidate, FixStrategy } from '../types.js';

/**
 * A named port matches only a container port of that name *and* protocol. A rule naming the
 * port with the default TCP where the pod declares it UDP (DNS, QUIC) matches nothing; the fix
 * writes the protocol the pod declares.
 */
export const namedPortProtocol: FixStrategy = {
  id: 'named-port-protocol',
  want: 'allowed',
  summary: 'give a named port the protocol the pod declares it with',
  propose(ctx) {
    return failingSides(ctx).flatMap((side) => propose(side));
  },
};

function propose(side: Side): Candidate[] {
  const destination =
    side.direction === 'ingress'
      ? side.subject
      : side.peer.type === 'endpoint'
        ? side.peer.endpoint
        : undefined;
  if (destination === undefined) return [];
  const declared = destination.ports.filter(
    (p) => p.port === side.port && p.protocol === side.protocol && p.name !== undefined,
  );
  const out: Candidate[] = [];
  for (const match of side.evaluation.matches) {
    const { policy, rule } = match.rule;
    for (const port of rule.ports ?? []) {
      if (typeof port.port !== 'string' || port.protocol === side.protocol) continue;
      if (!declared.some((d) => d.name === port.port)) continue;
      const path = [...rulePath(side.direction, rule.index), 'ports', port.index, 'protocol'];
      out.push({
        strategy: namedPortProtocol.id,
        nearMiss: true,
        side: side.direction,
        title: `in ${policy.namespace}/${policy.name}, name port ${port.port} with protocol ${side.protocol}, as ${destination.id} declares it (not ${port.protocol})`,
        at: { policy, path },
        edits: [{ type: 'set', object: policy.source, path, value: side.protocol }],
      });
    }
  }
  return out;
}
