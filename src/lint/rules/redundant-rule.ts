import type { CompiledRule } from '../../engine/rules.js';
import { formatPath } from '../../model/source.js';
import { listNames, rulePath } from '../analysis/describe.js';
import type { LintRule, RuleFinding } from '../types.js';

/** `dev2/web spec.ingress[0]`. */
export function showRule(rule: CompiledRule): string {
  return `${rule.policy.id} ${formatPath(rulePath(rule.direction, rule.rule.index))}`;
}

/**
 * A rule whose removal changes no verdict for the pods of the input: everything it allows is
 * allowed by other rules, as the engine proves pod class by pod class. Of two rules that cover
 * each other, the later one is reported. Rules of duplicate policies and of policies with no
 * effect are left to those rules.
 */
export const redundantRule: LintRule = {
  id: 'redundant-rule',
  severity: 'warning',
  summary: 'a rule allows nothing that other rules do not already allow',
  description:
    'Every connection this rule allows, to every pod it applies to, is also allowed by other rules. Removing it changes nothing today; keeping it makes the policy harder to read and hides which rule really decides.',
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const [rule, { coveredBy }] of ctx.effects.redundantRules) {
      // Cilium rules are written under spec/specs sections: this rule speaks NetworkPolicy paths
      if (rule.policy.kind !== 'NetworkPolicy') continue;
      const by = coveredBy.length === 0 ? 'other rules' : listNames(coveredBy.map(showRule));
      findings.push(
        ctx.finding(
          rule.policy,
          rulePath(rule.direction, rule.rule.index),
          `allows nothing that ${by} ${coveredBy.length === 1 ? 'does' : 'do'} not already allow to the same pods`,
          'delete the rule, or narrow the rule that covers it if that one is too wide',
        ),
      );
    }
    return findings;
  },
};
