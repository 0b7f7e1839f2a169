import type { Endpoint, Labels } from '../model/types.js';
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
  /** Calls `cb` for every party pair with something allowed (external → external excluded). */
  forEachPair(cb: (src: number, dst: number, conns: ConnSet) => void): void;
}

interface Profile {
  readonly rules: readonly CompiledRule[];
  /** party → signature id (which of `rules` match it); absent: none match. */
  readonly sigOf: Map<number, number>;
  readonly sigRules: CompiledRule[][];
  /** (signature id, port profile) → interned conns id. */
  readonly ports: Map<number, number>;
}

const OPEN = -1;

/** Computes the reachability of every pair of endpoints and external nodes. */
export function computeReachability(compiled: CompiledCluster): Reachability {
  const { cluster } = compiled;
  const external = partitionExternal(compiled.ipBlocks, compiled.ipv6);
  const ipAware = compiled.options.cni === 'upstream' && compiled.ipBlocks.length > 0;

  // 1. Classes.
  const classIndex = new Map<string, number>();
  const classes: { index: number; representative: Endpoint; members: Endpoint[]; cells: number[] }[] = [];
  const endpointClass = new Map<Endpoint, number>();
  const portProfileIndex = new Map<string, number>();
  const classPortProfile: number[] = [];
  for (const endpoint of cluster.endpoints) {
    const cells = ipAware
      ? [...new Set(endpointAddresses(endpoint).map((a) => external.nodeOf(a)))].sort((a, b) => a - b)
      : [];
    const ports = namedPortsKey(endpoint);
    const key = `${endpoint.namespace}\u0000${labelsKey(endpoint.labels)}\u0000${ports}\u0000${endpoint.hostNetwork ? 1 : 0}\u0000${cells.join(',')}`;
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
  const C = classes.length;
  const X = external.nodes.length;
  const P = C + X;
  const externalPortProfile = portProfileIndex.size;
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

  // 2. Which parties each rule's peers match (computed once per rule, on demand).
  const ruleParties = new Map<number, readonly number[] | 'all'>();
  const partiesOf = (rule: CompiledRule): readonly number[] | 'all' => {
    let hit = ruleParties.get(rule.id);
    if (hit !== undefined) return hit;
    if (rule.peers === null) hit = 'all';
    else {
      const set = new Set<number>();
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
                set.add(c);
            }
          }
        } else {
          const inBlock = external.nodes.map((n) => ipsContain(peer.ips, n.address));
          inBlock.forEach((hit, x) => {
            if (hit) set.add(C + x);
          });
          if (ipAware) for (const c of classes) if (c.cells.some((cell) => inBlock[cell])) set.add(c.index);
        }
      }
      hit = [...set];
    }
    ruleParties.set(rule.id, hit);
    return hit;
  };

  // 3. Profiles: the rules that apply to a class per direction (OPEN when not isolated).
  const profiles: Profile[] = [];
  const profileIndex = new Map<string, number>();
  const profileFor = (rules: CompiledRule[]): number => {
    const key = rules.map((r) => r.id).join(',');
    let index = profileIndex.get(key);
    if (index !== undefined) return index;
    index = profiles.length;
    profileIndex.set(key, index);
    const matched = new Map<number, number[]>();
    rules.forEach((rule, k) => {
      const parties = partiesOf(rule);
      const add = (party: number) => {
        const list = matched.get(party);
        if (list === undefined) matched.set(party, [k]);
        else list.push(k);
      };
      if (parties === 'all') for (let p = 0; p < P; p++) add(p);
      else for (const p of parties) add(p);
    });
    const sigIds = new Map<string, number>();
    const sigRules: CompiledRule[][] = [[]];
    const sigOf = new Map<number, number>();
    for (const [party, ks] of matched) {
      const sk = ks.join(',');
      let id = sigIds.get(sk);
      if (id === undefined) {
        id = sigRules.length;
        sigIds.set(sk, id);
        sigRules.push(ks.map((k) => rules[k]!));
      }
      sigOf.set(party, id);
    }
    profiles.push({ rules, sigOf, sigRules, ports: new Map() });
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
  const profilePorts = (profile: Profile, sig: number, dst: number): number => {
    if (sig === 0) return 0;
    const key = sig * PP + portProfileOf(dst);
    let id = profile.ports.get(key);
    if (id === undefined) {
      let conns = EMPTY_CONNS;
      for (const rule of profile.sigRules[sig]!)
        conns = unionConns(conns, rulePortsFor(rule, portsOfParty(dst)));
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
    if (p === OPEN) return 1;
    const profile = profiles[p]!;
    return profilePorts(profile, profile.sigOf.get(src) ?? 0, dst);
  };
  const egressId = (src: number, dst: number): number => {
    if (src >= C) return 1;
    const p = egressProfile[src]!;
    if (p === OPEN) return 1;
    const profile = profiles[p]!;
    return profilePorts(profile, profile.sigOf.get(dst) ?? 0, dst);
  };
  const pairId = (src: number, dst: number): number => intersect(egressId(src, dst), ingressId(src, dst));

  return {
    compiled,
    classes,
    external,
    partyCount: P,
    classOf: (endpoint) => endpointClass.get(endpoint) ?? -1,
    externalParty: (node) => C + node,
    isExternal: (party) => party >= C,
    connsBetween: (src, dst) => connsList[pairId(src, dst)]!,
    forEachPair(cb) {
      for (let dst = 0; dst < P; dst++) {
        const p = dst < C ? ingressProfile[dst]! : OPEN;
        if (p === OPEN) {
          for (let src = 0; src < P; src++) {
            if (src >= C && dst >= C) continue;
            const id = egressId(src, dst);
            if (id !== 0) cb(src, dst, connsList[id]!);
          }
        } else {
          // Isolated for ingress: only sources some rule matches can get through.
          const profile = profiles[p]!;
          for (const [src, sig] of profile.sigOf) {
            const id = intersect(egressId(src, dst), profilePorts(profile, sig, dst));
            if (id !== 0) cb(src, dst, connsList[id]!);
          }
        }
      }
    },
  };
}

function labelsKey(labels: Labels): string {
  const keys = Object.keys(labels).sort();
  let out = '';
  for (const k of keys) out += `${k}\u0001${labels[k]}\u0002`;
  return out;
}

function namedPortsKey(endpoint: Endpoint): string {
  const named = endpoint.ports
    .filter((p) => p.name !== undefined)
    .map((p) => `${p.name}/${p.protocol}/${p.port}`);
  return named.sort().join(',');
}
