import { listNames, rulePath } from '../analysis/describe.js';
import type { LintRule, RuleFinding } from '../types.js';

/**
 * A rule that allows traffic only between pods whose other side blocks it: an ingress rule from
 * pods whose egress policies never allow reaching these pods on those ports, or an egress rule
 * to pods whose ingress never allows it. Both sides must allow a connection.
 */
export const oneSidedAllow: LintRule = {
  id: 'one-sided-allow',
  severity: 'warning',
  summary: 'a rule allows traffic the other side always blocks',
  description:
    "A connection needs the source's egress and the destination's ingress to allow it. This rule allows traffic only with pods whose policies for the other direction never allow it, so it opens nothing: the matching egress (or ingress) rule was probably forgotten.",
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const [rule, { subject, peer }] of ctx.effects.oneSided) {
      // Cilium rules are written under spec/specs sections: this rule speaks NetworkPolicy paths
      if (rule.policy.kind !== 'NetworkPolicy') continue;
      const ingress = rule.direction === 'ingress';
      const [src, dst] = ingress ? [peer, subject] : [subject, peer];
      findings.push(
        ctx.finding(
          rule.policy,
          rulePath(rule.direction, rule.rule.index),
          ingress
            ? `allows ingress only from pods whose egress blocks it (e.g. ${listNames([src.workload])} → ${listNames([dst.workload])}): no connection it allows can happen`
            : `allows egress only to pods whose ingress blocks it (e.g. ${listNames([src.workload])} → ${listNames([dst.workload])}): no connection it allows can happen`,
          ingress
            ? `add an egress rule to the policies of ${src.namespace} allowing ${dst.namespace} on these ports`
            : `add an ingress rule to the policies of ${dst.namespace} allowing ${src.namespace} on these ports`,
        ),
      );
    }
    return findings;
  },
};
