import { applicableRules } from '../../engine/isolation.js';
import { rulePortsFor } from '../../engine/match.js';
import { EMPTY_CONNS, isEmptyConns, subtractConns, unionConns } from '../../engine/port-set.js';
import { adminRules, portsTowards, ruleHasParty, subjectClasses } from '../analysis/admin.js';
import type { LintRule, RuleFinding } from '../types.js';

/**
 * An admin-tier Allow that admits traffic the pods' own NetworkPolicies would deny: the
 * NetworkPolicy's author cannot restrict it, and may not know. (Admin Allow decides before any
 * NetworkPolicy.)
 */
export const adminAllowOverridesPolicy: LintRule = {
  id: 'admin-allow-overrides-policy',
  severity: 'info',
  strictSeverity: 'warning',
  summary: 'an admin Allow lets in traffic the namespace’s NetworkPolicies deny',
  description:
    'An Allow in the admin tier is final: NetworkPolicies never see the traffic it allows. Where the pods are isolated by NetworkPolicies that would deny that traffic, their authors cannot restrict it and may believe they do. Prefer Pass (let the namespace decide) unless the traffic must be allowed whatever the namespace says.',
  check(ctx) {
    const findings: RuleFinding[] = [];
    const reach = ctx.reachability;
    for (const cp of ctx.compiled.adminPolicies) {
      if (cp.tier !== 'admin') continue;
      const classes = subjectClasses(reach, cp);
      for (const rule of adminRules(cp)) {
        if (rule.action !== 'allow') continue;
        let hit: { pod: string; policies: string[] } | undefined;
        for (const c of classes) {
          const applicable = applicableRules(reach.compiled, c.representative, rule.direction);
          if (applicable.isolating.length === 0) continue;
          const overridden = reach.ruleParties(rule).some((party) => {
            const destination =
              rule.direction === 'ingress'
                ? c.representative
                : reach.isExternal(party)
                  ? null
                  : reach.classes[party]!.representative;
            let npAllows = EMPTY_CONNS;
            for (const r of applicable.namespace) {
              if (r.action === 'allow' && ruleHasParty(reach, r, party))
                npAllows = unionConns(
                  npAllows,
                  rulePortsFor(r, destination === null ? null : destination.ports),
                );
            }
            return !isEmptyConns(subtractConns(portsTowards(reach, rule, c, party), npAllows));
          });
          if (overridden) {
            hit = { pod: c.representative.id, policies: applicable.isolating.map((p) => p.policy.id) };
            break;
          }
        }
        if (hit === undefined) continue;
        findings.push(
          ctx.finding(
            cp.policy,
            ['spec', rule.direction, rule.rule.index],
            `${rule.direction}[${rule.rule.index}] allows ${rule.direction} of ${hit.pod} that ${hit.policies.join(', ')} would deny; NetworkPolicies cannot restrict what an admin Allow allows`,
            'use Pass to let the namespace decide, or tell the namespace owners that this traffic is always allowed',
          ),
        );
      }
    }
    return findings;
  },
};
