import { resolveTargetPort, serviceEndpoints } from '../../engine/check.js';
import { connsOf, rangeIntervals } from '../../engine/port-set.js';
import { failingSides, rulePath, type Side } from '../sides.js';
import type { Candidate, FixContext, FixStrategy } from '../types.js';

/**
 * A rule that opens the Service port (80) where the pods listen on the target port (8080):
 * policies see the packet after the Service translation, so the rule must name the target
 * port. The fix writes the Service's targetPort in place of its port.
 */
export const targetPort: FixStrategy = {
  id: 'target-port',
  want: 'allowed',
  summary: "open the Service's target port instead of its port",
  propose(ctx) {
    return failingSides(ctx).flatMap((side) => propose(ctx, side));
  },
};

function propose(ctx: FixContext, side: Side): Candidate[] {
  const destination =
    side.direction === 'ingress'
      ? side.subject
      : side.peer.type === 'endpoint'
        ? side.peer.endpoint
        : undefined;
  if (destination === undefined) return [];
  const out: Candidate[] = [];
  for (const match of side.evaluation.matches) {
    const { policy, rule } = match.rule;
    for (const port of rule.ports ?? []) {
      if (typeof port.port !== 'number' || port.protocol !== side.protocol || port.endPort !== undefined)
        continue;
      for (const svc of ctx.cluster.services) {
        if (svc.namespace !== destination.namespace) continue;
        if (!serviceEndpoints(ctx.compiled, svc).includes(destination)) continue;
        const sp = svc.ports.find((p) => p.port === port.port && p.protocol === side.protocol);
        if (sp === undefined || sp.targetPort === sp.port) continue;
        if (resolveTargetPort(sp, destination) !== side.port) continue;
        const path = [...rulePath(side.direction, rule.index), 'ports', port.index, 'port'];
        out.push({
          strategy: targetPort.id,
          nearMiss: true,
          side: side.direction,
          title: `in ${policy.namespace}/${policy.name}, open the target port ${sp.targetPort} of Service ${svc.namespace}/${svc.name} instead of its port ${sp.port} (policies see the translated port)`,
          at: { policy, path },
          edits: [{ type: 'set', object: policy.source, path, value: sp.targetPort }],
          // The Service port on the pod was opened by mistake: closing it is part of the repair.
          companion: connsOf(side.protocol, rangeIntervals(port.port, port.port)),
        });
      }
    }
  }
  return out;
}
