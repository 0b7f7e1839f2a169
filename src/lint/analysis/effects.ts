import { isolatingPolicies } from '../../engine/isolation.js';
import { isPolicySubject, rulePortsFor } from '../../engine/match.js';
import {
  ALL_CONNS,
  type ConnSet,
  connsEqual,
  EMPTY_CONNS,
  intersectConns,
  isEmptyConns,
  subtractConns,
  unionConns,
} from '../../engine/port-set.js';
import type { Reachability } from '../../engine/reachability.js';
import { type AnyPolicy, type CompiledRule, rulesOf } from '../../engine/rules.js';
import type { ContainerPort, Direction, Endpoint, NetworkPolicy } from '../../model/types.js';
import { findDuplicatePolicies } from './duplicates.js';
import { portsKey } from './ports.js';

/** What the engine proves about each policy and rule on the input's pods. */
export interface PolicyEffects {
  /** Policies repeating an earlier one, mapped to the earlier one. */
  readonly duplicates: ReadonlyMap<NetworkPolicy, NetworkPolicy>;
  /** Policies whose removal changes no verdict, with the other policies isolating their pods. */
  readonly noEffect: ReadonlyMap<NetworkPolicy, { readonly others: readonly NetworkPolicy[] }>;
  /** Rules whose removal changes no verdict, with the rules that allow the same traffic. */
  readonly redundantRules: ReadonlyMap<CompiledRule, { readonly coveredBy: readonly CompiledRule[] }>;
  /**
   * Rules that match pods only, every one of which the other side blocks: an ingress rule whose
   * sources' egress never allows the traffic, or an egress rule whose destinations' ingress
   * never does.
   */
  readonly oneSided: ReadonlyMap<CompiledRule, { readonly subject: Endpoint; readonly peer: Endpoint }>;
}

interface Match {
  readonly rule: CompiledRule;
  readonly ports: ConnSet;
}

/**
 * One isolated side shared by pod classes with the same isolating policies (and, for ingress,
 * the same named ports): every distinct list of matching rules over all parties.
 */
interface Entry {
  readonly isolating: readonly NetworkPolicy[];
  /** Distinct match lists over every party (an empty list when some party matches no rule). */
  readonly groups: readonly (readonly Match[])[];
}

/** Parties partitioned by which rules of a rule list match them. */
interface Partition {
  readonly rules: readonly CompiledRule[];
  /** Rule indexes of each signature; signature 0 is "no rule". */
  readonly signatures: readonly (readonly number[])[];
  /** Whether some party matches no rule. */
  readonly unmatched: boolean;
  /** Per signature, the distinct destination ports of its parties (for egress). */
  readonly portsOf: readonly ReadonlyMap<string, readonly ContainerPort[] | null>[];
}

interface RuleStats {
  done: boolean;
  sample?: { subject: Endpoint; peer: Endpoint };
}

/**
 * Proves, class by class, which policies and rules change nothing. A policy has no effect when,
 * for every pod it selects and every peer, the allowed ports are the same with and without it
 * (isolation included); a rule is redundant when other rules already allow everything it
 * allows. Mutually redundant items are resolved in input order: the later one is reported, the
 * earlier one kept. Policies without rules (a default deny) state intent and are never reported
 * as having no effect.
 */
export function analyseEffects(reach: Reachability): PolicyEffects {
  const compiled = reach.compiled;
  const duplicates = findDuplicatePolicies(compiled.cluster.policies);
  const classes = reach.classes;
  const C = classes.length;
  const P = reach.partyCount;
  const partyPorts = (q: number) => (q < C ? classes[q]!.representative.ports : null);
  const partyPortKeys = Array.from({ length: P }, (_, q) => {
    const ports = partyPorts(q);
    return ports === null ? '\u0000external' : portsKey(ports);
  });
  const matched = (rule: CompiledRule) => reach.ruleParties(rule);

  const portsCache = new Map<string, ConnSet>();
  const portsFor = (rule: CompiledRule, ports: readonly ContainerPort[] | null): ConnSet => {
    if (rule.namedPorts.length === 0 || ports === null) return rulePortsFor(rule, ports);
    const key = `${rule.id}\u0000${portsKey(ports)}`;
    let hit = portsCache.get(key);
    if (hit === undefined) {
      hit = rulePortsFor(rule, ports);
      portsCache.set(key, hit);
    }
    return hit;
  };

  const partitions = new Map<string, Partition>();
  const partitionOf = (rules: readonly CompiledRule[]): Partition => {
    const key = rules.map((r) => r.id).join(',');
    let hit = partitions.get(key);
    if (hit === undefined) {
      hit = partitionParties(rules, P, matched, partyPorts, partyPortKeys);
      partitions.set(key, hit);
    }
    return hit;
  };

  const entries = new Map<string, Entry>();
  const stats = new Map<CompiledRule, RuleStats>();
  for (const c of classes) {
    const rep = c.representative;
    if (!isPolicySubject(rep)) continue;
    for (const direction of ['ingress', 'egress'] as const) {
      // The namespace tier alone: its verdict is the same with and without a redundant item,
      // so the whole verdict is too, whatever the admin and baseline tiers decide around it.
      const isolating = isolatingPolicies(compiled, rep, direction);
      if (isolating.length === 0) continue;
      const rules = isolating.flatMap((cp) => rulesOf(cp, direction));
      const partition = partitionOf(rules);
      const key = `${direction}\u0000${isolating.map((cp) => cp.policy.id).join(',')}\u0000${direction === 'ingress' ? portsKey(rep.ports) : ''}`;
      if (!entries.has(key))
        entries.set(key, {
          isolating: isolating.map((cp) => cp.policy as NetworkPolicy),
          groups: groupsOf(partition, direction, rep.ports, portsFor),
        });
      recordSides(reach, c.index, direction, rules, matched, portsFor, partyPorts, stats);
    }
  }

  const list = [...entries.values()];
  const noEffect = findNoEffect(compiled.cluster.policies, list, duplicates);
  const flagged = new Set<AnyPolicy>([...duplicates.keys(), ...noEffect.keys()]);
  return {
    duplicates,
    noEffect,
    redundantRules: findRedundantRules(
      compiled.rules.filter((r) => r.dialect === 'networkpolicy'),
      list,
      flagged,
    ),
    oneSided: findOneSided(stats, flagged),
  };
}

/**
 * The parties grouped by the rules that match them (their signature), by refinement: every
 * party starts in the group of no rule, and each rule moves the parties it matches to the child
 * of their group for that rule. Linear in the rules' party lists: no list or key per party
 * (a rule matching every party, as "from every team's namespace" does, costs one step a party).
 * Signatures and their ports come in the order their parties were first matched.
 */
function partitionParties(
  rules: readonly CompiledRule[],
  partyCount: number,
  matched: (rule: CompiledRule) => readonly number[],
  partyPorts: (q: number) => readonly ContainerPort[] | null,
  partyPortKeys: readonly string[],
): Partition {
  // group 0: no rule; groups[g] is a rule-index list, each a child of a smaller one
  const groups: number[][] = [[]];
  const groupOf = new Int32Array(partyCount);
  const seen = new Uint8Array(partyCount);
  const firstMatched: number[] = [];
  // the child of each group for the rule at hand: childOf[g], valid when childFor[g] is that rule
  const childOf: number[] = [0];
  const childFor: number[] = [-1];
  rules.forEach((rule, i) => {
    for (const q of matched(rule)) {
      const from = groupOf[q]!;
      if (seen[q] === 0) {
        seen[q] = 1;
        firstMatched.push(q);
      }
      if (childFor[from] !== i) {
        childFor[from] = i;
        childOf[from] = groups.length;
        groups.push([...groups[from]!, i]);
        childOf.push(0);
        childFor.push(-1);
      }
      groupOf[q] = childOf[from]!;
    }
  });
  const ids = new Map<number, number>();
  const signatures: number[][] = [[]];
  const portsOf: Map<string, readonly ContainerPort[] | null>[] = [new Map()];
  for (const q of firstMatched) {
    const g = groupOf[q]!;
    let id = ids.get(g);
    if (id === undefined) {
      id = signatures.length;
      ids.set(g, id);
      signatures.push(groups[g]!);
      portsOf.push(new Map());
    }
    const pk = partyPortKeys[q]!;
    const ports = portsOf[id]!;
    if (!ports.has(pk)) ports.set(pk, partyPorts(q));
  }
  const unmatched = firstMatched.length < partyCount;
  return { rules, signatures, unmatched, portsOf };
}

/** Distinct match lists: per signature, and for egress per destination's named ports. */
function groupsOf(
  partition: Partition,
  direction: Direction,
  subjectPorts: readonly ContainerPort[],
  portsFor: (rule: CompiledRule, ports: readonly ContainerPort[] | null) => ConnSet,
): Match[][] {
  const groups: Match[][] = partition.unmatched ? [[]] : [];
  partition.signatures.forEach((sig, k) => {
    if (k === 0) return;
    const rules = sig.map((i) => partition.rules[i]!);
    const destinations = direction === 'ingress' ? [subjectPorts] : [...partition.portsOf[k]!.values()];
    for (const ports of destinations)
      groups.push(rules.map((rule) => ({ rule, ports: portsFor(rule, ports) })));
  });
  return groups;
}

/**
 * Records, per rule, whether some connection it allows passes the other side too: for an
 * ingress rule the source's egress, for an egress rule the destination's ingress. A rule that
 * matches an address outside the cluster always can (nothing isolates the outside).
 */
function recordSides(
  reach: Reachability,
  subject: number,
  direction: Direction,
  rules: readonly CompiledRule[],
  matched: (rule: CompiledRule) => readonly number[],
  portsFor: (rule: CompiledRule, ports: readonly ContainerPort[] | null) => ConnSet,
  partyPorts: (q: number) => readonly ContainerPort[] | null,
  stats: Map<CompiledRule, RuleStats>,
): void {
  const self = reach.classes[subject]!;
  // A pod to itself is always allowed: a class of one pod has no other peer in it. A workload's
  // pod template stands for its replicas, which do talk to each other.
  const lonePod = self.members.length === 1 && !self.representative.template;
  for (const rule of rules) {
    let s = stats.get(rule);
    if (s === undefined) {
      s = { done: false };
      stats.set(rule, s);
    }
    if (s.done) continue;
    const ingress = direction === 'ingress';
    // ingress ports resolve on the subject's pods: the same for every party
    const inbound = ingress ? portsFor(rule, partyPorts(subject)) : undefined;
    if (inbound !== undefined && isEmptyConns(inbound)) continue;
    for (const q of matched(rule)) {
      if (q === subject && lonePod) continue;
      const ports = inbound ?? portsFor(rule, partyPorts(q));
      if (isEmptyConns(ports)) continue;
      if (
        reach.isExternal(q) ||
        !isEmptyConns(
          intersectConns(ports, ingress ? reach.connsBetween(q, subject) : reach.connsBetween(subject, q)),
        )
      ) {
        s.done = true;
        break;
      }
      s.sample ??= { subject: self.representative, peer: reach.classes[q]!.representative };
    }
  }
}

function hasRules(policy: NetworkPolicy): boolean {
  return (
    (policy.policyTypes.includes('Ingress') && policy.ingress.length > 0) ||
    (policy.policyTypes.includes('Egress') && policy.egress.length > 0)
  );
}

function findNoEffect(
  policies: readonly NetworkPolicy[],
  entries: readonly Entry[],
  duplicates: ReadonlyMap<NetworkPolicy, NetworkPolicy>,
): Map<NetworkPolicy, { others: NetworkPolicy[] }> {
  const flagged = new Set<AnyPolicy>(duplicates.keys());
  const result = new Map<NetworkPolicy, { others: NetworkPolicy[] }>();
  const entriesOf = new Map<NetworkPolicy, Entry[]>();
  for (const e of entries)
    for (const p of e.isolating) {
      const list = entriesOf.get(p) ?? [];
      list.push(e);
      entriesOf.set(p, list);
    }
  for (let i = policies.length - 1; i >= 0; i--) {
    const policy = policies[i]!;
    if (flagged.has(policy) || !hasRules(policy)) continue;
    const mine = entriesOf.get(policy) ?? [];
    if (mine.length === 0) continue; // selects no pod: another rule says so
    const others = new Set<NetworkPolicy>();
    const effective = mine.some((entry) => {
      const isolatingOthers = entry.isolating.filter((p) => p !== policy && !flagged.has(p));
      for (const p of isolatingOthers) others.add(p);
      return entry.groups.some((group) => {
        const live = group.filter((m) => !flagged.has(m.rule.policy));
        const withIt = unionPorts(live);
        const without =
          isolatingOthers.length > 0 ? unionPorts(live.filter((m) => m.rule.policy !== policy)) : ALL_CONNS;
        return !connsEqual(withIt, without);
      });
    });
    if (!effective) {
      flagged.add(policy);
      result.set(policy, { others: [...others] });
    }
  }
  return result;
}

function findRedundantRules(
  rules: readonly CompiledRule[],
  entries: readonly Entry[],
  flaggedPolicies: ReadonlySet<AnyPolicy>,
): Map<CompiledRule, { coveredBy: CompiledRule[] }> {
  const groupsOf = new Map<CompiledRule, (readonly Match[])[]>();
  for (const entry of entries) {
    for (const group of entry.groups) {
      for (const m of group) {
        const list = groupsOf.get(m.rule) ?? [];
        list.push(group);
        groupsOf.set(m.rule, list);
      }
    }
  }
  const flagged = new Set<CompiledRule>();
  const result = new Map<CompiledRule, { coveredBy: CompiledRule[] }>();
  for (let i = rules.length - 1; i >= 0; i--) {
    const rule = rules[i]!;
    if (flaggedPolicies.has(rule.policy)) continue;
    let contributes = false;
    let needed = false;
    const coveredBy = new Set<CompiledRule>();
    for (const group of groupsOf.get(rule) ?? []) {
      const own = group.find((m) => m.rule === rule)!.ports;
      if (isEmptyConns(own)) continue;
      contributes = true;
      const others = group.filter(
        (m) => m.rule !== rule && !flagged.has(m.rule) && !flaggedPolicies.has(m.rule.policy),
      );
      if (!isEmptyConns(subtractConns(own, unionPorts(others)))) {
        needed = true;
        break;
      }
      for (const m of others) if (!isEmptyConns(intersectConns(own, m.ports))) coveredBy.add(m.rule);
    }
    if (contributes && !needed) {
      flagged.add(rule);
      result.set(rule, { coveredBy: [...coveredBy].sort((a, b) => a.id - b.id) });
    }
  }
  return result;
}

function findOneSided(
  stats: ReadonlyMap<CompiledRule, RuleStats>,
  flaggedPolicies: ReadonlySet<AnyPolicy>,
): Map<CompiledRule, { subject: Endpoint; peer: Endpoint }> {
  const result: [CompiledRule, { subject: Endpoint; peer: Endpoint }][] = [];
  for (const [rule, s] of stats) {
    if (s.done || s.sample === undefined || flaggedPolicies.has(rule.policy)) continue;
    result.push([rule, s.sample]);
  }
  return new Map(result.sort(([a], [b]) => a.id - b.id));
}

function unionPorts(matches: readonly Match[]): ConnSet {
  let out = EMPTY_CONNS;
  for (const m of matches) out = unionConns(out, m.ports);
  return out;
}
