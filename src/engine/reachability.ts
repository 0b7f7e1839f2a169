import type { Endpoint, LabelSelector } from '../model/types.js';
import {
  type CompiledCluster,
  type CompiledRule,
  endpointAddresses,
  policySelects,
  rulePortsFor,
} from './compile.js';
import { type ExternalPartition, partitionExternal } from './external.js';
import { ipsContain } from './ip-set.js';
import { matchesSelector, selectorKey } from './label-selector.js';
import { ALL_CONNS, type ConnSet, connsKey, EMPTY_CONNS, intersectConns, unionConns } from './port-set.js';

/**
 * Endpoints that every policy treats alike: same namespace, labels, named ports, hostNetwork
 * and (when ipBlocks match pod IPs) the same external-partition cells for their IPs.
 */
export interface EndpointClass {
  readonly index: number;
  readonly representative: Endpoint;
  readonly members: readonly Endpoint[];
}

/**
 * Connectivity of a whole cluster, computed on equivalence classes. Parties are numbered:
 * classes first (`0 … classes.length-1`), then external nodes.
 */
export interface Reachability {
  readonly compiled: CompiledCluster;
  readonly classes: readonly EndpointClass[];
  readonly external: ExternalPartition;
  readonly partyCount: number;
  classOf(endpoint: Endpoint): number;
  /** Index of an external node as a party. */
  externalParty(node: number): number;
  isExternal(party: number): boolean;
  /** Ports allowed from one party to another (a pod to itself is not special-cased here). */
  connsBetween(src: number, dst: number): ConnSet;
  /** Ports the destination's ingress side admits from the source, ignoring the source's egress. */
  ingressBetween(src: number, dst: number): ConnSet;
  /** Ports the source's egress side allows towards the destination, ignoring its ingress. */
  egressBetween(src: number, dst: number): ConnSet;
  /** The parties a rule's peers match, ascending (every party for a rule without peers). */
  ruleParties(rule: CompiledRule): readonly number[];
  /** Whether some policy isolates the class's pods, per direction. */
  isolation(classIndex: number): { readonly ingress: boolean; readonly egress: boolean };
  /** Calls `cb` for every party pair with something allowed (external → external excluded). */
  forEachPair(cb: (src: number, dst: number, conns: ConnSet) => void): void;
}

interface Profile {
  readonly rules: readonly CompiledRule[];
  /** For each rule, the parties its peers match. */
  readonly bits: readonly Uint32Array[];
  /** Parties any rule matches, computed on first use. */
  candidates: Int32Array | null;
  /** The candidates not isolated for egress, computed on first use. */
  openCandidates: Int32Array | null;
  /** (matching rules, destination port profile) → interned conns id. */
  readonly ports: Map<number | string, number>;
}

const OPEN = -1;

/** Computes the reachability of every pair of endpoints and external nodes. */
export function computeReachability(compiled: CompiledCluster): Reachability {
  const { cluster } = compiled;
  const external = partitionExternal(compiled.ipBlocks, compiled.ipv6);
  const ipAware = compiled.options.cni === 'upstream' && compiled.ipBlocks.length > 0;

  // 1. Classes. Only label keys some pod selector mentions can tell pods apart.
  const partition = partitionEndpoints(cluster.endpoints, relevantLabelKeys(compiled), external, ipAware);
  const { classes, endpointClass, classPortProfile } = partition;
  const C = classes.length;
  const X = external.nodes.length;
  const P = C + X;
  const externalPortProfile = partition.portProfiles;
  const portProfileOf = (party: number) => (party < C ? classPortProfile[party]! : externalPortProfile);
  const portsOfParty = (party: number) => (party < C ? classes[party]!.representative.ports : null);

  const classesByNamespace = new Map<string, number[]>();
  for (const c of classes) {
    const list = classesByNamespace.get(c.representative.namespace) ?? [];
    list.push(c.index);
    classesByNamespace.set(c.representative.namespace, list);
  }
  const namespaceMatches = new Map<string, string[]>();
  const namespacesMatching = (selector: Parameters<typeof matchesSelector>[0]) => {
    const key = selectorKey(selector);
    let hit = namespaceMatches.get(key);
    if (hit === undefined) {
      hit = [...classesByNamespace.keys()].filter((ns) =>
        matchesSelector(selector, compiled.namespaceLabels(ns)),
      );
      namespaceMatches.set(key, hit);
    }
    return hit;
  };

  // 2. Which parties each rule's peers match: a bitset and a list, computed once per rule.
  const words = (P + 31) >>> 5;
  // Bits depend only on the partition, the namespaces' labels and the rule's peers: an edit to
  // one policy recomputes only that policy's rules.
  const namespacesKey = [...cluster.namespaces.values()]
    .map((ns) => `${ns.name}\u0001${JSON.stringify(ns.labels)}`)
    .join('\u0002');
  let ruleBits = partition.ruleBits.get(namespacesKey);
  if (ruleBits === undefined) {
    if (partition.ruleBits.size >= 4) partition.ruleBits.clear();
    ruleBits = new Map();
    partition.ruleBits.set(namespacesKey, ruleBits);
  }
  const membersOf = (rule: CompiledRule): Uint32Array => {
    const key =
      rule.peers === null ? '*' : `${rule.policy.namespace}\u0000${JSON.stringify(rule.rule.peers)}`;
    let bits = ruleBits.get(key);
    if (bits !== undefined) return bits;
    bits = new Uint32Array(words);
    const set = (p: number) => {
      bits![p >>> 5]! |= 1 << (p & 31);
    };
    if (rule.peers === null) for (let p = 0; p < P; p++) set(p);
    else {
      for (const peer of rule.peers) {
        if (peer.type === 'pods') {
          const namespaces =
            peer.peer.namespaceSelector === null
              ? [peer.namespace]
              : namespacesMatching(peer.peer.namespaceSelector);
          for (const ns of namespaces) {
            for (const c of classesByNamespace.get(ns) ?? []) {
              const rep = classes[c]!.representative;
              if (rep.hostNetwork) continue;
              if (peer.peer.podSelector === null || matchesSelector(peer.peer.podSelector, rep.labels))
                set(c);
            }
          }
        } else {
          const inBlock = external.nodes.map((n) => ipsContain(peer.ips, n.address));
          inBlock.forEach((hit, x) => {
            if (hit) set(C + x);
          });
          if (ipAware) for (const c of classes) if (c.cells.some((cell) => inBlock[cell])) set(c.index);
        }
      }
    }
    ruleBits.set(key, bits);
    return bits;
  };
  const has = (bits: Uint32Array, p: number) => (bits[p >>> 5]! & (1 << (p & 31))) !== 0;

  // 3. Profiles: the rules that apply to a class per direction (OPEN when not isolated).
  const profiles: Profile[] = [];
  const profileIndex = new Map<string, number>();
  const profileFor = (rules: CompiledRule[]): number => {
    const key = rules.map((r) => r.id).join(',');
    let index = profileIndex.get(key);
    if (index === undefined) {
      index = profiles.length;
      profileIndex.set(key, index);
      profiles.push({
        rules,
        bits: rules.map(membersOf),
        candidates: null,
        openCandidates: null,
        ports: new Map(),
      });
    }
    return index;
  };
  const ingressProfile: number[] = [];
  const egressProfile: number[] = [];
  for (const c of classes) {
    const rep = c.representative;
    const inRules: CompiledRule[] = [];
    const egRules: CompiledRule[] = [];
    let inIsolated = false;
    let egIsolated = false;
    for (const cp of compiled.policiesByNamespace.get(rep.namespace) ?? []) {
      if (!(cp.ingress || cp.egress) || !policySelects(cp.policy, rep)) continue;
      if (cp.ingress) {
        inIsolated = true;
        inRules.push(...cp.ingressRules);
      }
      if (cp.egress) {
        egIsolated = true;
        egRules.push(...cp.egressRules);
      }
    }
    ingressProfile.push(inIsolated ? profileFor(inRules) : OPEN);
    egressProfile.push(egIsolated ? profileFor(egRules) : OPEN);
  }
  /** Parties some rule of the profile matches, ascending. */
  // Parties not isolated for egress: externals, and classes no egress policy selects.
  const openBits = new Uint32Array(words);
  for (let p = 0; p < P; p++) if (p >= C || egressProfile[p] === OPEN) openBits[p >>> 5]! |= 1 << (p & 31);
  /** Parties some rule of the profile matches (only open ones with `openOnly`), ascending. */
  const candidatesOf = (profile: Profile, openOnly: boolean): Int32Array => {
    const cached = openOnly ? profile.openCandidates : profile.candidates;
    if (cached !== null) return cached;
    const union = new Uint32Array(words);
    for (const bits of profile.bits) for (let w = 0; w < words; w++) union[w]! |= bits[w]!;
    if (openOnly) for (let w = 0; w < words; w++) union[w]! &= openBits[w]!;
    const result = Int32Array.from(bitsToList(union, words));
    if (openOnly) profile.openCandidates = result;
    else profile.candidates = result;
    return result;
  };

  const rulePartyLists = new Map<CompiledRule, number[]>();

  // 4. Interned port sets and memoized unions and intersections.
  const connsList: ConnSet[] = [EMPTY_CONNS, ALL_CONNS];
  const connsIds = new Map<string, number>([
    [connsKey(EMPTY_CONNS), 0],
    [connsKey(ALL_CONNS), 1],
  ]);
  const intern = (c: ConnSet): number => {
    const key = connsKey(c);
    let id = connsIds.get(key);
    if (id === undefined) {
      id = connsList.length;
      connsIds.set(key, id);
      connsList.push(c);
    }
    return id;
  };
  const PP = externalPortProfile + 1;
  /** The ports the rules of `profile` that match `party` open towards `dst`. */
  const profilePorts = (profile: Profile, party: number, dst: number): number => {
    // Which rules match, as a key: a bitmask while it fits, else a list.
    let mask = 0;
    let list = '';
    const n = profile.bits.length;
    for (let k = 0; k < n; k++) {
      if (!has(profile.bits[k]!, party)) continue;
      if (n <= 30) mask |= 1 << k;
      else list += `${k},`;
    }
    if (mask === 0 && list === '') return 0;
    const key = n <= 30 ? mask * PP + portProfileOf(dst) : `${list}${portProfileOf(dst)}`;
    let id = profile.ports.get(key);
    if (id === undefined) {
      let conns = EMPTY_CONNS;
      for (let k = 0; k < n; k++) {
        if (has(profile.bits[k]!, party))
          conns = unionConns(conns, rulePortsFor(profile.rules[k]!, portsOfParty(dst)));
      }
      id = intern(conns);
      profile.ports.set(key, id);
    }
    return id;
  };
  const intersections = new Map<number, number>();
  const intersect = (a: number, b: number): number => {
    if (a === 0 || b === 0) return 0;
    if (a === 1) return b;
    if (b === 1) return a;
    const key = a * 2 ** 24 + b;
    let id = intersections.get(key);
    if (id === undefined) {
      id = intern(intersectConns(connsList[a]!, connsList[b]!));
      intersections.set(key, id);
    }
    return id;
  };
  const ingressId = (src: number, dst: number): number => {
    if (dst >= C) return 1;
    const p = ingressProfile[dst]!;
    return p === OPEN ? 1 : profilePorts(profiles[p]!, src, dst);
  };
  const egressId = (src: number, dst: number): number => {
    if (src >= C) return 1;
    const p = egressProfile[src]!;
    return p === OPEN ? 1 : profilePorts(profiles[p]!, dst, dst);
  };
  const pairId = (src: number, dst: number): number => {
    const e = egressId(src, dst);
    return e === 0 ? 0 : intersect(e, ingressId(src, dst));
  };

  return {
    compiled,
    classes,
    external,
    partyCount: P,
    classOf: (endpoint) => endpointClass.get(endpoint) ?? -1,
    externalParty: (node) => C + node,
    isExternal: (party) => party >= C,
    connsBetween: (src, dst) => connsList[pairId(src, dst)]!,
    ingressBetween: (src, dst) => connsList[ingressId(src, dst)]!,
    egressBetween: (src, dst) => connsList[egressId(src, dst)]!,
    isolation: (c) => ({ ingress: ingressProfile[c] !== OPEN, egress: egressProfile[c] !== OPEN }),
    ruleParties: (rule) => {
      let hit = rulePartyLists.get(rule);
      if (hit === undefined) {
        hit = bitsToList(membersOf(rule), words);
        rulePartyLists.set(rule, hit);
      }
      return hit;
    },
    forEachPair(cb) {
      // Sources isolated for egress reach only what their egress rules match: walk those.
      for (let src = 0; src < C; src++) {
        const q = egressProfile[src]!;
        if (q === OPEN) continue;
        const profile = profiles[q]!;
        for (const dst of candidatesOf(profile, false)) {
          const e = profilePorts(profile, dst, dst);
          if (e === 0) continue;
          const id = intersect(e, ingressId(src, dst));
          if (id !== 0) cb(src, dst, connsList[id]!);
        }
      }
      // Sources open for egress: walk destinations, and for an isolated destination only the
      // sources its ingress rules match.
      const openSources: number[] = [];
      for (let p = 0; p < P; p++) if (p >= C || egressProfile[p] === OPEN) openSources.push(p);
      for (let dst = 0; dst < P; dst++) {
        const p = dst < C ? ingressProfile[dst]! : OPEN;
        if (p === OPEN) {
          for (const src of openSources) {
            if (src >= C && dst >= C) continue;
            cb(src, dst, ALL_CONNS);
          }
        } else {
          const profile = profiles[p]!;
          for (const src of candidatesOf(profile, true)) {
            const id = profilePorts(profile, src, dst);
            if (id !== 0) cb(src, dst, connsList[id]!);
          }
        }
      }
    },
  };
}

interface MutableClass {
  readonly index: number;
  readonly representative: Endpoint;
  readonly members: Endpoint[];
  /** External-partition cells holding the class's IPs (when ipBlocks match pod IPs). */
  readonly cells: number[];
}

interface Partition {
  readonly classes: readonly MutableClass[];
  readonly endpointClass: ReadonlyMap<Endpoint, number>;
  readonly classPortProfile: readonly number[];
  readonly portProfiles: number;
  /** Rule peer bitsets over this partition's parties, per namespaces and their labels. */
  readonly ruleBits: Map<string, Map<string, Uint32Array>>;
}

const partitions = new WeakMap<readonly Endpoint[], Map<string, Partition>>();

/**
 * Groups endpoints into classes. Cached per endpoints array, relevant keys and external cells,
 * so re-evaluating after a policy edit reuses the partition when the pods did not change.
 */
function partitionEndpoints(
  endpoints: readonly Endpoint[],
  relevant: ReadonlySet<string>,
  external: ExternalPartition,
  ipAware: boolean,
): Partition {
  const keys = [...relevant].sort();
  // The external nodes are part of the key even when pods' IPs do not matter: rule bitsets
  // cached on the partition cover external parties too.
  const cacheKey = `${keys.join('\n')}\u0000${ipAware}\u0000${external.nodes.map((n) => n.id).join(' ')}`;
  let cache = partitions.get(endpoints);
  if (cache === undefined) {
    cache = new Map();
    partitions.set(endpoints, cache);
  }
  const hit = cache.get(cacheKey);
  if (hit !== undefined) return hit;

  const classIndex = new Map<string, number>();
  const classes: MutableClass[] = [];
  const endpointClass = new Map<Endpoint, number>();
  const portProfileIndex = new Map<string, number>();
  const classPortProfile: number[] = [];
  for (const endpoint of endpoints) {
    const cells = !ipAware
      ? []
      : [...new Set(endpointAddresses(endpoint).map((a) => external.nodeOf(a)))].sort((a, b) => a - b);
    const ports = namedPortsKey(endpoint);
    let key = `${endpoint.namespace}\u0000${ports}\u0000${endpoint.hostNetwork ? 1 : 0}\u0000${cells.join(',')}\u0000`;
    const labels = endpoint.labels;
    for (const k of keys) {
      if (Object.hasOwn(labels, k)) key += `${k}\u0001${labels[k]}\u0002`;
    }
    let index = classIndex.get(key);
    if (index === undefined) {
      index = classes.length;
      classIndex.set(key, index);
      classes.push({ index, representative: endpoint, members: [], cells });
      let pp = portProfileIndex.get(ports);
      if (pp === undefined) {
        pp = portProfileIndex.size;
        portProfileIndex.set(ports, pp);
      }
      classPortProfile.push(pp);
    }
    classes[index]!.members.push(endpoint);
    endpointClass.set(endpoint, index);
  }
  const partition: Partition = {
    classes,
    endpointClass,
    classPortProfile,
    portProfiles: portProfileIndex.size,
    ruleBits: new Map(),
  };
  if (cache.size >= 4) cache.clear();
  cache.set(cacheKey, partition);
  return partition;
}

/** Label keys any policy's podSelector or pod peer mentions. */
function relevantLabelKeys(compiled: CompiledCluster): Set<string> {
  const keys = new Set<string>();
  const add = (selector: LabelSelector | null) => {
    if (selector === null) return;
    for (const k of Object.keys(selector.matchLabels)) keys.add(k);
    for (const e of selector.matchExpressions) keys.add(e.key);
  };
  for (const cp of compiled.policies) {
    add(cp.policy.podSelector);
    for (const rule of [...cp.ingressRules, ...cp.egressRules]) {
      for (const peer of rule.peers ?? []) if (peer.type === 'pods') add(peer.peer.podSelector);
    }
  }
  return keys;
}

/** The set bits of a bitset, ascending. */
function bitsToList(bits: Uint32Array, words: number): number[] {
  const list: number[] = [];
  for (let w = 0; w < words; w++) {
    let word = bits[w]!;
    while (word !== 0) {
      const low = word & -word;
      list.push((w << 5) + 31 - Math.clz32(low));
      word ^= low;
    }
  }
  return list;
}

function namedPortsKey(endpoint: Endpoint): string {
  let only = '';
  let named: string[] | undefined;
  for (const p of endpoint.ports) {
    if (p.name === undefined) continue;
    const text = `${p.name}/${p.protocol}/${p.port}`;
    if (named !== undefined) named.push(text);
    else if (only === '') only = text;
    else named = [only, text];
  }
  return named === undefined ? only : named.sort().join(',');
}
