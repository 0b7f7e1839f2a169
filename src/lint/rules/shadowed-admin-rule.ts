import { adminRules, shadowedFor, subjectClasses } from '../analysis/admin.js';
import type { LintRule, RuleFinding } from '../types.js';

/**
 * An admin or baseline rule that never decides anything: for every pod its policy selects,
 * earlier rules of the tier (earlier in the policy, or in policies of lower priority) already
 * take every party and port it matches. The first match decides, so the rule is dead.
 */
export const shadowedAdminRule: LintRule = {
  id: 'shadowed-admin-rule',
  severity: 'warning',
  summary: 'an admin rule is never reached: earlier rules decide all it matches',
  description:
    'Admin and baseline rules are tried in order (priority, then rule order) and the first rule matching a port decides it. A rule whose peers and ports are all taken by earlier rules, for every pod it applies to, never decides anything; it often means the rules are in the wrong order.',
  check(ctx) {
    const findings: RuleFinding[] = [];
    const reach = ctx.reachability;
    for (const cp of ctx.compiled.adminPolicies) {
      const classes = subjectClasses(reach, cp);
      if (classes.length === 0) continue;
      for (const rule of adminRules(cp)) {
        if (!classes.every((c) => shadowedFor(reach, rule, c))) continue;
        findings.push(
          ctx.finding(
            cp.policy,
            ['spec', rule.direction, rule.rule.index],
            `${rule.direction}[${rule.rule.index}] (${rule.action}) is never reached: for every pod ${cp.policy.id} selects, earlier rules of the ${rule.tier} tier already decide every peer and port it matches`,
            'move it before the rules that take its traffic, narrow those rules, or delete it',
          ),
        );
      }
    }
    return findings;
  },
};
