import type { CompiledRule } from '../../engine/compile.js';
import { evaluateDirection, type Party } from '../../engine/evaluate.js';
import {
  ALL_CONNS,
  type ConnSet,
  connsEqual,
  connsKey,
  EMPTY_CONNS,
  intersectConns,
  isEmptyConns,
  subtractConns,
  unionConns,
} from '../../engine/port-set.js';
import type { Reachability } from '../../engine/reachability.js';
import type { Direction, Endpoint, NetworkPolicy } from '../../model/types.js';
import { findDuplicatePolicies } from './duplicates.js';

/** What the engine proves about each policy and rule on the input's pods. */
export interface PolicyEffects {
  /** False when the input was too large to analyse (the maps are then empty). */
  readonly analysed: boolean;
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

/** Above this many (subject class × party) evaluations the analysis is skipped. */
export const MAX_EVALUATIONS = 2_000_000;

interface Match {
  readonly rule: CompiledRule;
  readonly ports: ConnSet;
}

/** The isolated side of one endpoint class in one direction, and every distinct rule outcome. */
interface Entry {
  readonly direction: Direction;
  readonly isolating: readonly NetworkPolicy[];
  /** Distinct match lists over every party (an empty list when some party matches no rule). */
  readonly groups: readonly (readonly Match[])[];
}

interface RuleStats {
  external: boolean;
  passes: boolean;
  sample?: { subject: Endpoint; peer: Endpoint };
}

/**
 * Proves, by evaluating every endpoint class against every party, which policies and rules
 * change nothing. A policy has no effect when, for every pod it selects and every peer, the
 * allowed ports are the same with and without it (isolation included); a rule is redundant when
 * other rules already allow everything it allows. Mutually redundant items are resolved in
 * input order: the later one is reported, the earlier one kept. Policies without rules (a
 * default deny) state intent and are never reported as having no effect.
 */
export function analyseEffects(reach: Reachability): PolicyEffects {
  const compiled = reach.compiled;
  const duplicates = findDuplicatePolicies(compiled.cluster.policies);
  const empty = {
    duplicates,
    noEffect: new Map(),
    redundantRules: new Map(),
    oneSided: new Map(),
  };
  if (reach.classes.length * reach.partyCount > MAX_EVALUATIONS) return { analysed: false, ...empty };

  const parties: Party[] = [];
  for (const c of reach.classes) parties.push({ type: 'endpoint', endpoint: c.representative });
  for (const node of reach.external.nodes)
    parties.push({ type: 'external', address: node.address, label: node.id });

  const entries: Entry[] = [];
  const stats = new Map<CompiledRule, RuleStats>();
  for (const c of reach.classes) {
    const subject = parties[c.index]!;
    for (const direction of ['ingress', 'egress'] as const) {
      const groups = new Map<string, Match[]>();
      let isolating: readonly NetworkPolicy[] | undefined;
      for (let q = 0; q < parties.length; q++) {
        // A pod to itself is always allowed: a class of one pod has no other peer in it.
        if (q === c.index && c.members.length === 1) continue;
        const peer = parties[q]!;
        const ev = evaluateDirection(compiled, direction, subject, peer);
        if (ev.state !== 'isolated') break;
        isolating = ev.policies;
        const matches = ev.matches.map((m) => ({ rule: m.rule, ports: m.ports }));
        const key = matches.map((m) => `${m.rule.id}:${connsKey(m.ports)}`).join(' ');
        if (!groups.has(key)) groups.set(key, matches);
        recordSides(compiled, direction, subject, peer, matches, stats);
      }
      if (isolating !== undefined) entries.push({ direction, isolating, groups: [...groups.values()] });
    }
  }

  const noEffect = findNoEffect(compiled.cluster.policies, entries, duplicates);
  const flagged = new Set<NetworkPolicy>([...duplicates.keys(), ...noEffect.keys()]);
  return {
    analysed: true,
    duplicates,
    noEffect,
    redundantRules: findRedundantRules(compiled.rules, entries, flagged),
    oneSided: findOneSided(stats, flagged),
  };
}

/** Records, per rule, whether the traffic it allows can pass the other side of the connection. */
function recordSides(
  compiled: Reachability['compiled'],
  direction: Direction,
  subject: Party,
  peer: Party,
  matches: readonly Match[],
  stats: Map<CompiledRule, RuleStats>,
): void {
  let other: ConnSet | undefined;
  for (const m of matches) {
    if (isEmptyConns(m.ports)) continue;
    const s = stats.get(m.rule) ?? { external: false, passes: false };
    stats.set(m.rule, s);
    if (peer.type === 'external') {
      s.external = true;
      continue;
    }
    if (s.passes) continue;
    // The other side: the source's egress for an ingress rule, the destination's ingress for an egress rule.
    other ??=
      direction === 'ingress'
        ? evaluateDirection(compiled, 'egress', peer, subject).allowed
        : evaluateDirection(compiled, 'ingress', peer, subject).allowed;
    if (!isEmptyConns(intersectConns(m.ports, other))) s.passes = true;
    else if (s.sample === undefined && subject.type === 'endpoint')
      s.sample = { subject: subject.endpoint, peer: peer.endpoint };
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
  const flagged = new Set<NetworkPolicy>(duplicates.keys());
  const result = new Map<NetworkPolicy, { others: NetworkPolicy[] }>();
  for (let i = policies.length - 1; i >= 0; i--) {
    const policy = policies[i]!;
    if (flagged.has(policy) || !hasRules(policy)) continue;
    const mine = entries.filter((e) => e.isolating.includes(policy));
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
  flaggedPolicies: ReadonlySet<NetworkPolicy>,
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
  flaggedPolicies: ReadonlySet<NetworkPolicy>,
): Map<CompiledRule, { subject: Endpoint; peer: Endpoint }> {
  const result = new Map<CompiledRule, { subject: Endpoint; peer: Endpoint }>();
  for (const [rule, s] of stats) {
    if (s.external || s.passes || s.sample === undefined || flaggedPolicies.has(rule.policy)) continue;
    result.set(rule, s.sample);
  }
  return new Map([...result].sort(([a], [b]) => a.id - b.id));
}

function unionPorts(matches: readonly Match[]): ConnSet {
  let out = EMPTY_CONNS;
  for (const m of matches) out = unionConns(out, m.ports);
  return out;
}
