import { failingSides, rawAt, ruleKeys, rulePath, type Side } from '../sides.js';
import type { Candidate, FixContext, FixStrategy } from '../types.js';

/**
 * A stray `-` before `ports:` splits one rule in two: one admits the peers on every port, the
 * other every source on the ports. The fix merges them back into one rule (peers AND ports).
 */
export const mergeRules: FixStrategy = {
  id: 'merge-rules',
  want: 'denied',
  summary: 'merge a rule split by a stray - (peers in one rule, ports in the next)',
  propose(ctx) {
    return failingSides(ctx).flatMap((side) => propose(ctx, side));
  },
};

function propose(ctx: FixContext, side: Side): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<string>();
  for (const match of side.evaluation.matches) {
    const { policy, rule } = match.rule;
    const rules = policy[side.direction];
    for (const pairStart of [rule.index - 1, rule.index]) {
      const a = rules[pairStart];
      const b = rules[pairStart + 1];
      if (a === undefined || b === undefined) continue;
      const split =
        (a.peers !== null && a.ports === null && b.peers === null && b.ports !== null) ||
        (a.peers === null && a.ports !== null && b.peers !== null && b.ports === null);
      const key = `${policy.id} ${pairStart}`;
      if (!split || seen.has(key)) continue;
      seen.add(key);
      const merged = {
        ...(rawAt(ctx, policy, rulePath(side.direction, a.index)) as object),
        ...(rawAt(ctx, policy, rulePath(side.direction, b.index)) as object),
      };
      out.push({
        strategy: mergeRules.id,
        nearMiss: true,
        side: side.direction,
        title: `in ${policy.namespace}/${policy.name}, merge ${side.direction}[${a.index}] and [${b.index}] into one rule (remove the stray - that splits its ${ruleKeys(side.direction).peers} from its ports)`,
        at: { policy, path: rulePath(side.direction, b.index) },
        edits: [
          { type: 'set', object: policy.source, path: rulePath(side.direction, a.index), value: merged },
          { type: 'remove', object: policy.source, path: rulePath(side.direction, b.index) },
        ],
      });
    }
  }
  return out;
}
