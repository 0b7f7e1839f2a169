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

/** Whether a rule's peers match `party`, by a set of its parties made once per rule. */
export function ruleHasParty(reach: Reachability, rule: CompiledRule, party: number): boolean {
  let byRule = partySets.get(reach);
  if (byRule === undefined) {
    byRule = new WeakMap();
    partySets.set(reach, byRule);
  }
  let set = byRule.get(rule);
  if (set === undefined) {
    set = new Set(reach.ruleParties(rule));
    byRule.set(rule, set);
  }
  return set.has(party);
}

const partySets = new WeakMap<Reachability, WeakMap<CompiledRule, Set<number>>>();

/**
 * Whether `rule` decides nothing for the pods of `subject`: for every party it matches, every
 * port it names is already taken by earlier rules of its tier that apply to those pods (in the
 * admin tier the first match decides, so a later rule never sees those ports).
 */
export function shadowedFor(reach: Reachability, rule: CompiledRule, subject: EndpointClass): boolean {
  const verdict = shadowedRulesOf(reach, subject).get(rule);
  if (verdict !== undefined) return verdict;
  // not among the rules that apply to the class's pods: judged against those alone
  const applicable = applicableRules(reach.compiled, subject.representative, rule.direction);
  const tier = rule.tier === 'admin' ? applicable.admin : applicable.baseline;
  return shadowedAmong(reach, subject, tier, rule);
}

/** `shadowedFor` of one rule among the tier rules that apply to the class, told apart. */
function shadowedAmong(
  reach: Reachability,
  subject: EndpointClass,
  tier: readonly CompiledRule[],
  rule: CompiledRule,
): boolean {
  const earlier = tier.filter((r) => r.order < rule.order);
  if (earlier.length === 0) return false;
  const parties = reach.ruleParties(rule);
  if (parties.length === 0) return false;
  for (const party of parties) {
    let taken = EMPTY_CONNS;
    for (const r of earlier) {
      if (!ruleHasParty(reach, r, party)) continue;
      taken = unionConns(taken, portsTowards(reach, r, subject, party));
    }
    if (!isEmptyConns(subtractConns(portsTowards(reach, rule, subject, party), taken))) return false;
  }
  return true;
}

const shadowedByClass = new WeakMap<Reachability, Map<EndpointClass, Map<CompiledRule, boolean>>>();

/**
 * `shadowedFor` of every admin and baseline rule that applies to the class's pods, in one walk
 * per tier and direction: the rules in evaluation order, the ports taken so far per party kept
 * as they go, so each rule is compared with what all earlier ones took without going over them
 * again (rules of the same order are not earlier than each other). Kept per class.
 */
function shadowedRulesOf(reach: Reachability, subject: EndpointClass): Map<CompiledRule, boolean> {
  let byClass = shadowedByClass.get(reach);
  if (byClass === undefined) {
    byClass = new Map();
    shadowedByClass.set(reach, byClass);
  }
  let verdicts = byClass.get(subject);
  if (verdicts !== undefined) return verdicts;
  verdicts = new Map();
  for (const direction of ['ingress', 'egress'] as const) {
    const applicable = applicableRules(reach.compiled, subject.representative, direction);
    for (const tier of [applicable.admin, applicable.baseline]) {
      const ordered = [...tier].sort((a, b) => a.order - b.order);
      const taken = new Map<number, ConnSet>();
      let before = 0;
      for (let i = 0; i < ordered.length; ) {
        let end = i;
        while (end < ordered.length && ordered[end]!.order === ordered[i]!.order) end++;
        const group = ordered.slice(i, end);
        for (const rule of group) {
          const parties = reach.ruleParties(rule);
          verdicts.set(
            rule,
            before > 0 &&
              parties.length > 0 &&
              parties.every((party) =>
                isEmptyConns(
                  subtractConns(portsTowards(reach, rule, subject, party), taken.get(party) ?? EMPTY_CONNS),
                ),
              ),
          );
        }
        for (const rule of group)
          for (const party of reach.ruleParties(rule))
            taken.set(
              party,
              unionConns(taken.get(party) ?? EMPTY_CONNS, portsTowards(reach, rule, subject, party)),
            );
        before += group.length;
        i = end;
      }
    }
  }
  byClass.set(subject, verdicts);
  return verdicts;
}

/** Every rule of a compiled admin policy with its direction. */
export function adminRules(cp: CompiledAdminPolicy): readonly CompiledRule[] {
  return [...cp.ingressRules, ...cp.egressRules];
}
