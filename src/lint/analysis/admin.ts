import type { CompiledAdminPolicy } from '../../engine/compile.js';
import { applicableRules } from '../../engine/isolation.js';
import { rulePortsFor, subjectSelects } from '../../engine/match.js';
import { type ConnSet, EMPTY_CONNS, isEmptyConns, subtractConns, unionConns } from '../../engine/port-set.js';
import type { EndpointClass, Reachability } from '../../engine/reachability.js';
import type { CompiledRule } from '../../engine/rules.js';

/**
 * What lint proves about admin and baseline policies, class by class, with the engine's
 * matcher and rule membership: which pod classes each policy's subject selects, and which
 * rules are shadowed by earlier rules of their tier.
 */

/** The pod classes an admin policy's subject selects (hostNetwork pods never are). */
export function subjectClasses(reach: Reachability, cp: CompiledAdminPolicy): EndpointClass[] {
  const { compiled } = reach;
  return reach.classes.filter((c) => subjectSelects(cp.subject, c.representative, compiled.namespaceLabels));
}

/** The ports a rule names towards a party (named ports resolved on the destination). */
export function portsTowards(
  reach: Reachability,
  rule: CompiledRule,
  subject: EndpointClass,
  party: number,
): ConnSet {
  const destination =
    rule.direction === 'ingress'
      ? subject.representative
      : reach.isExternal(party)
        ? null
        : reach.classes[party]!.representative;
  return rulePortsFor(rule, destination === null ? null : destination.ports);
}

/**
 * Whether `rule` decides nothing for the pods of `subject`: for every party it matches, every
 * port it names is already taken by earlier rules of its tier that apply to those pods (in the
 * admin tier the first match decides, so a later rule never sees those ports).
 */
export function shadowedFor(reach: Reachability, rule: CompiledRule, subject: EndpointClass): boolean {
  const applicable = applicableRules(reach.compiled, subject.representative, rule.direction);
  const tier = rule.tier === 'admin' ? applicable.admin : applicable.baseline;
  const earlier = tier.filter((r) => r.order < rule.order);
  if (earlier.length === 0) return false;
  const parties = reach.ruleParties(rule);
  if (parties.length === 0) return false;
  for (const party of parties) {
    let taken = EMPTY_CONNS;
    for (const r of earlier) {
      if (!reach.ruleParties(r).includes(party)) continue;
      taken = unionConns(taken, portsTowards(reach, r, subject, party));
    }
    if (!isEmptyConns(subtractConns(portsTowards(reach, rule, subject, party), taken))) return false;
  }
  return true;
}

/** Every rule of a compiled admin policy with its direction. */
export function adminRules(cp: CompiledAdminPolicy): readonly CompiledRule[] {
  return [...cp.ingressRules, ...cp.egressRules];
}
