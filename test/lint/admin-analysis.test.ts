import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCluster } from '../../src/engine/compile.js';
import { applicableRules } from '../../src/engine/isolation.js';
import { EMPTY_CONNS, isEmptyConns, subtractConns, unionConns } from '../../src/engine/port-set.js';
import { computeReachability, type EndpointClass, type Reachability } from '../../src/engine/reachability.js';
import type { CompiledRule } from '../../src/engine/rules.js';
import { adminRules, portsTowards, shadowedFor, subjectClasses } from '../../src/lint/analysis/admin.js';
import { tieredClusterArbitrary } from '../support/arbitraries.js';
import { loadTiered } from '../support/differential.js';

/** The definition, rule by rule: every party's ports taken by the earlier rules that match it. */
function shadowedByDefinition(reach: Reachability, rule: CompiledRule, subject: EndpointClass): boolean {
  const applicable = applicableRules(reach.compiled, subject.representative, rule.direction);
  const tier = rule.tier === 'admin' ? applicable.admin : applicable.baseline;
  const earlier = tier.filter((r) => r.order < rule.order);
  if (earlier.length === 0) return false;
  const parties = reach.ruleParties(rule);
  if (parties.length === 0) return false;
  return parties.every((party) => {
    let taken = EMPTY_CONNS;
    for (const r of earlier)
      if (reach.ruleParties(r).includes(party))
        taken = unionConns(taken, portsTowards(reach, r, subject, party));
    return isEmptyConns(subtractConns(portsTowards(reach, rule, subject, party), taken));
  });
}

describe('shadowed admin rules, found in one walk per class', () => {
  it('agree with the definition rule by rule on random tiered clusters', () => {
    let shadowed = 0;
    let judged = 0;
    fc.assert(
      fc.property(tieredClusterArbitrary({ maxPods: 10, maxPolicies: 3, maxAdminPolicies: 10 }), (gen) => {
        const cluster = loadTiered(gen);
        const reach = computeReachability(compileCluster(cluster, { cni: 'upstream' }));
        for (const cp of reach.compiled.adminPolicies)
          for (const c of subjectClasses(reach, cp))
            for (const rule of adminRules(cp)) {
              const expected = shadowedByDefinition(reach, rule, c);
              expect(shadowedFor(reach, rule, c)).toBe(expected);
              judged++;
              if (expected) shadowed++;
            }
      }),
      { numRuns: 200 },
    );
    // the property saw both answers, many times
    expect(judged).toBeGreaterThan(200);
    expect(shadowed).toBeGreaterThan(10);
  }, 120_000);
});
