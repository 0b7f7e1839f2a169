import { failingSides, portEntry, rulePath, type Side } from '../sides.js';
import type { Candidate, FixStrategy } from '../types.js';

/**
 * A rule that names the peer but not the port: add the port to its `ports`. Every other peer
 * and pod of the rule gets the port too, which the side effects show.
 */
export const addPort: FixStrategy = {
  id: 'add-port',
  want: 'allowed',
  summary: 'add the port to a rule that already admits the peer',
  propose(ctx) {
    return failingSides(ctx).flatMap((side) => propose(side));
  },
};

function propose(side: Side): Candidate[] {
  const out: Candidate[] = [];
  for (const match of side.evaluation.matches) {
    const { policy, rule } = match.rule;
    if (rule.ports === null) continue;
    const path = [...rulePath(side.direction, rule.index), 'ports'];
    out.push({
      strategy: addPort.id,
      nearMiss: false,
      side: side.direction,
      title: `in ${policy.namespace}/${policy.name}, add ${side.protocol} ${side.port} to ${side.direction}[${rule.index}].ports`,
      at: { policy, path },
      edits: [{ type: 'append', object: policy.source, path, value: portEntry(side) }],
    });
  }
  return out;
}
