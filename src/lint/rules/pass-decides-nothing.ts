import { applicableRules } from '../../engine/isolation.js';
import { intersectConns, isEmptyConns } from '../../engine/port-set.js';
import { adminRules, portsTowards, ruleHasParty, subjectClasses } from '../analysis/admin.js';
import type { LintRule, RuleFinding } from '../types.js';

/**
 * An admin Pass whose traffic lands where nothing decides: the pods are isolated by no
 * NetworkPolicy for that direction and no baseline rule matches, so the passed traffic is simply
 * allowed by default. A Pass usually means "let the namespace's policies decide".
 */
export const passDecidesNothing: LintRule = {
  id: 'pass-decides-nothing',
  severity: 'warning',
  summary: 'an admin Pass hands traffic to tiers that do not decide it: it is allowed',
  description:
    'Pass skips the rest of the admin tier and leaves the connection to NetworkPolicies, then to the baseline tier. Where no NetworkPolicy isolates the pods and no baseline rule matches, nothing decides and Kubernetes allows the traffic: the Pass works as an Allow. Add the NetworkPolicies the Pass defers to, or a baseline rule.',
  check(ctx) {
    const findings: RuleFinding[] = [];
    const reach = ctx.reachability;
    if (!ctx.hasWorkloads) return findings;
    for (const cp of ctx.compiled.adminPolicies) {
      if (cp.tier !== 'admin') continue;
      const classes = subjectClasses(reach, cp);
      for (const rule of adminRules(cp)) {
        if (rule.action !== 'pass') continue;
        const open = classes.find((c) => {
          const applicable = applicableRules(reach.compiled, c.representative, rule.direction);
          if (applicable.isolating.length > 0) return false;
          const parties = reach.ruleParties(rule);
          return parties.some((party) => {
            const passed = portsTowards(reach, rule, c, party);
            return !applicable.baseline.some(
              (b) =>
                ruleHasParty(reach, b, party) &&
                !isEmptyConns(intersectConns(passed, portsTowards(reach, b, c, party))),
            );
          });
        });
        if (open === undefined) continue;
        findings.push(
          ctx.finding(
            cp.policy,
            ['spec', rule.direction, rule.rule.index],
            `${rule.direction}[${rule.rule.index}] passes ${rule.direction} of ${open.representative.id} to the next tiers, but no NetworkPolicy isolates it for ${rule.direction} and no baseline rule matches: the passed traffic is allowed`,
            'add the NetworkPolicy the Pass defers to (or a baseline rule), or write Allow if allowing is meant',
          ),
        );
      }
    }
    return findings;
  },
};
