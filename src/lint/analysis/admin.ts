import type { CompiledAdminPolicy } from '../../engine/compile.js';
import { applicableRules } from '../../engine/isolation.js';
import { rulePortsFor, subjectSelects } from '../../engine/match.js';
import { type ConnSet, EMPTY_CONNS, isEmptyConns, subtractConns, unionConns } from '../../engine/port-set.js';
import type { EndpointClass, Reachability } from '../../engine/reachability.js';
import type { CompiledRule } from '../../engine/rules.js';
import type { Direction } from '../../model/types.js';
import { portsKey } from './ports.js';

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
  let byClass = tiersByClass.get(reach);
  if (byClass === undefined) {
    byClass = new Map();
    tiersByClass.set(reach, byClass);
  }
  const key = `${subject.index}\u0000${rule.direction}\u0000${rule.tier}`;
  let known = byClass.get(key);
  if (known === undefined) {
    const applicable = applicableRules(reach.compiled, subject.representative, rule.direction);
    const tier = rule.tier === 'admin' ? applicable.admin : applicable.baseline;
    known = { tier, verdicts: shadowedIn(reach, subject, rule.direction, tier) };
    byClass.set(key, known);
  }
  // not among the rules that apply to the class's pods: judged against those alone
  return known.verdicts.get(rule) ?? shadowedAmong(reach, subject, known.tier, rule);
}

/** Per class, direction and tier: the rules that apply and what the walk found for them. */
const tiersByClass = new WeakMap<
  Reachability,
  Map<string, { readonly tier: readonly CompiledRule[]; readonly verdicts: Map<CompiledRule, boolean> }>
>();

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

const walks = new WeakMap<Reachability, Map<string, Map<CompiledRule, boolean>>>();

/**
 * `shadowedFor` of every rule of `tier` (the admin or baseline rules that apply to the class's
 * pods for `direction`), in one walk: the rules in evaluation order, the ports taken so far per
 * party kept as they go, so each rule is compared with what all earlier ones took without going
 * over them again (rules of the same order are not earlier than each other). What a walk finds
 * depends only on the rules and, for ingress rules naming ports, on the pods' ports: classes
 * alike in both share one walk.
 */
function shadowedIn(
  reach: Reachability,
  subject: EndpointClass,
  direction: Direction,
  tier: readonly CompiledRule[],
): Map<CompiledRule, boolean> {
  let known = walks.get(reach);
  if (known === undefined) {
    known = new Map();
    walks.set(reach, known);
  }
  const named = direction === 'ingress' && tier.some((r) => r.namedPorts.length > 0);
  const key = `${direction}\u0000${tier.map((r) => r.id).join(',')}\u0000${named ? portsKey(subject.representative.ports) : ''}`;
  const hit = known.get(key);
  if (hit !== undefined) return hit;
  const verdicts = new Map<CompiledRule, boolean>();
  const ordered = [...tier].sort((a, b) => a.order - b.order);
  // What earlier rules took from each party, as shared states: parties with the same history
  // share one (state 0: nothing taken), so each set operation is done once per state, not per party.
  const states: ConnSet[] = [EMPTY_CONNS];
  const stateOf = new Int32Array(reach.partyCount);
  let before = 0;
  for (let i = 0; i < ordered.length; ) {
    let end = i;
    while (end < ordered.length && ordered[end]!.order === ordered[i]!.order) end++;
    const group = ordered.slice(i, end);
    const towards = group.map((rule) => portsOfRule(reach, rule, subject));
    group.forEach((rule, k) => {
      const parties = reach.ruleParties(rule);
      if (before === 0 || parties.length === 0) {
        verdicts.set(rule, false);
        return;
      }
      const covered = new Map<number, boolean>();
      verdicts.set(
        rule,
        parties.every((party) => {
          const s = stateOf[party]!;
          const ports = towards[k]!(party);
          if (ports.constant) {
            let hit = covered.get(s);
            if (hit === undefined) {
              hit = isEmptyConns(subtractConns(ports.conns, states[s]!));
              covered.set(s, hit);
            }
            return hit;
          }
          return isEmptyConns(subtractConns(ports.conns, states[s]!));
        }),
      );
    });
    group.forEach((rule, k) => {
      const next = new Map<number, number>();
      for (const party of reach.ruleParties(rule)) {
        const s = stateOf[party]!;
        const ports = towards[k]!(party);
        let to = ports.constant ? next.get(s) : undefined;
        if (to === undefined) {
          const union = unionConns(states[s]!, ports.conns);
          to = states.length;
          states.push(union);
          if (ports.constant) next.set(s, to);
        }
        stateOf[party] = to;
      }
    });
    before += group.length;
    i = end;
  }
  known.set(key, verdicts);
  return verdicts;
}

/**
 * The ports a rule names towards each party, for one subject class: the same for every party
 * (`constant`) unless an egress rule names ports, which resolve on each destination.
 */
function portsOfRule(
  reach: Reachability,
  rule: CompiledRule,
  subject: EndpointClass,
): (party: number) => { readonly conns: ConnSet; readonly constant: boolean } {
  if (rule.direction === 'ingress' || rule.namedPorts.length === 0) {
    // as portsTowards: ingress ports resolve on the subject's pods, unnamed ports on no pod
    const conns = rulePortsFor(rule, rule.direction === 'ingress' ? subject.representative.ports : null);
    const same = { conns, constant: true };
    return () => same;
  }
  return (party) => ({ conns: portsTowards(reach, rule, subject, party), constant: false });
}

/** Every rule of a compiled admin policy with its direction. */
export function adminRules(cp: CompiledAdminPolicy): readonly CompiledRule[] {
  return [...cp.ingressRules, ...cp.egressRules];
}
