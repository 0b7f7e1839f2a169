import type { CompiledAdminPolicy } from '../../engine/compile.js';
import { intersectConns, isEmptyConns } from '../../engine/port-set.js';
import type { CompiledRule } from '../../engine/rules.js';
import { adminRules, portsTowards, subjectClasses } from '../analysis/admin.js';
import type { LintRule, RuleFinding } from '../types.js';

/**
 * Two admin (or two baseline) policies with the same priority whose rules match one connection
 * with different actions. network-policy-api: "the implementation can apply any of the matching
 * policies … there is no way for the user to reliably determine which one it will choose".
 */
export const adminPriorityTie: LintRule = {
  id: 'admin-priority-tie',
  severity: 'warning',
  summary: 'two admin policies share a priority and decide one connection differently',
  description:
    'When policies of one tier have the same priority and their rules match the same connection with different actions (Allow and Deny, or Pass), the API leaves the outcome to the implementation: different clusters may decide differently. Give the policies distinct priorities.',
  check(ctx) {
    const findings: RuleFinding[] = [];
    const policies = ctx.compiled.adminPolicies;
    for (let i = 0; i < policies.length; i++) {
      for (let j = i + 1; j < policies.length; j++) {
        const a = policies[i]!;
        const b = policies[j]!;
        if (a.tier !== b.tier || a.priority !== b.priority) continue;
        const clash = firstClash(ctx.reachability, a, b);
        if (clash === undefined) continue;
        findings.push(
          ctx.finding(
            b.policy,
            ['spec', 'priority'],
            `has the same ${a.tier} priority ${a.priority} as ${a.policy.id}, and both decide ${clash.a.direction} of ${clash.pod}: ${a.policy.id} ${clash.a.direction}[${clash.a.rule.index}] says ${clash.a.action}, ${b.policy.id} ${clash.b.direction}[${clash.b.rule.index}] says ${clash.b.action}; the outcome is undefined`,
            `give one of them another priority (lower numbers decide first); kubereach applies ${a.policy.id} first (kind, then name)`,
          ),
        );
      }
    }
    return findings;
  },
};

interface Clash {
  readonly a: CompiledRule;
  readonly b: CompiledRule;
  readonly pod: string;
}

/** A pod both subjects select and two rules, one from each, that match one party and port differently. */
function firstClash(
  reach: Parameters<typeof subjectClasses>[0],
  a: CompiledAdminPolicy,
  b: CompiledAdminPolicy,
): Clash | undefined {
  const bClasses = new Set(subjectClasses(reach, b).map((c) => c.index));
  for (const subject of subjectClasses(reach, a)) {
    if (!bClasses.has(subject.index)) continue;
    for (const ra of adminRules(a)) {
      for (const rb of adminRules(b)) {
        if (ra.direction !== rb.direction || ra.action === rb.action) continue;
        const bParties = new Set(reach.ruleParties(rb));
        for (const party of reach.ruleParties(ra)) {
          if (!bParties.has(party)) continue;
          const ports = intersectConns(
            portsTowards(reach, ra, subject, party),
            portsTowards(reach, rb, subject, party),
          );
          if (!isEmptyConns(ports)) return { a: ra, b: rb, pod: subject.representative.id };
        }
      }
    }
  }
  return undefined;
}
