import type { Endpoint, LabelSelector } from '../model/types.js';
import { isApiServer, nodeOfParty } from './cilium-match.js';
import type { CompiledCluster } from './compile.js';
import { evaluateDirection } from './evaluate.js';
import { type ExternalPartition, partitionExternal } from './external.js';
import { ipsContain } from './ip-set.js';
import { applicableRules } from './isolation.js';
import { selectorKey } from './label-selector.js';
import {
  endpointAddresses,
  peerNamespaceMatches,
  peerPodMatches,
  rulePortsFor,
  subjectSelects,
} from './match.js';
import { ALL_CONNS, type ConnSet, connsKey, EMPTY_CONNS, intersectConns, unionConns } from './port-set.js';
import { type RuleHit, resolveTiers } from './resolve.js';
import type { CompiledPeer, CompiledRule } from './rules.js';
import {
  bitsToList,
  firstBit,
  forEachBit,
  groupParties,
  hasBit,
  maskOf,
  splitParties,
} from './signatures.js';

/**
 * Endpoints that every policy treats alike: same namespace, values of the label keys some
 * selector reads, named ports, hostNetwork and (when address peers match pod IPs) the same
 * external-partition cells for their IPs. Under Cilium, with hostNetwork pods present, also the
 * same node where that tells `host` from `remote-node` (see `ciliumMarks`), and for hostNetwork
 * pods whether they hold an API server address (`kube-apiserver`).
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
  /** Whether some namespace-tier policy isolates the class's pods, per direction. */
  isolation(classIndex: number): { readonly ingress: boolean; readonly egress: boolean };
  /** Calls `cb` for every party pair with something allowed (external → external excluded). */
  forEachPair(cb: (src: number, dst: number, conns: ConnSet) => void): void;
}

/**
 * The rules that apply to a class for one direction, in tier order, and what a party none of
 * them matches gets (`EMPTY_ID` when isolated in the namespace tier, `ALL_ID` otherwise).
 */
interface Profile {
  readonly rules: readonly CompiledRule[];
  readonly isolated: boolean;
  /** Only namespace-tier allow rules: the verdict is their union (NetworkPolicy alone). */
  readonly unionOnly: boolean;
  /** For each rule, the parties its peers match. */
  readonly bits: readonly Uint32Array[];
  /**
   * The distinct peer bitsets among `bits` (rules with the same peers share one): a party's
   * signature is the sets holding it, and parties with one signature match the same rules.
   */
  readonly sets: readonly Uint32Array[];
  readonly fallback: number;
  /** Signature of every party when `sets` are too many for a mask, computed on first use. */
  groups: Int32Array | null;
  /** (signature, destination port profile) → interned conns id. */
  readonly ports: Map<number, number>;
  /** Whether some rule names ports by name (then verdicts depend on the destination's ports). */
  readonly namedPorts: boolean;
  /** What the profile allows, per party, as rows (see `rowsOf`), by owner port profile. */
  readonly rows: Map<number, readonly Row[]>;
}

/** Parties that one profile allows the same ports (`id`, never the empty set). */
interface Row {
  readonly id: number;
  readonly bits: Uint32Array;
}

/** Above this many signature groups, a profile's rows are built party by party. */
const MAX_GROUPS = 64;

/**
 * Above this many distinct peer sets, signatures are group numbers (one array of parties per
 * profile) instead of bit masks (one test per set per party).
 */
const MASK_SETS = 24;

/** Interned conns ids of the empty and the full set. */
const EMPTY_ID = 0;
const ALL_ID = 1;

/** How `computeReachability` works inside; every choice gives the same answer. */
export interface ReachabilityOptions {
  /**
   * How a party's signature in a profile (the peer sets holding it) is computed: `auto` uses a
   * bit mask when the profile has few distinct peer sets and partition refinement otherwise;
   * `groups` uses partition refinement always (the property tests compare the two).
   */
  readonly signatures?: 'auto' | 'groups';
  /**
   * Under Cilium with hostNetwork pods, which pod classes are split by node: `auto` those whose
   * verdicts the node changes (see `computeReachability`), `all` every one (the property tests
   * compare the two).
   */
  readonly nodeSplit?: 'auto' | 'all';
}

/**
 * Computes the reachability of every pair of endpoints and external nodes.
 *
 * Under Cilium with hostNetwork pods, a pod's node can matter: the hostNetwork pods on it are its
 * `host`, the others `remote-node`. Splitting every class by node would multiply the classes by
 * the nodes (a DaemonSet on every node), so the classes are first formed without the pods' nodes,
 * and only the classes whose verdicts towards or from some hostNetwork class on their pods' nodes
 * change with the relation (`classesSeeingTheirNode`) are split by node in a second pass.
 */
export function computeReachability(
  compiled: CompiledCluster,
  options: ReachabilityOptions = {},
): Reachability {
  const marks = ciliumMarks(compiled);
  if (marks === null) return reachabilityOn(compiled, options, null).reach;
  const coarse = reachabilityOn(compiled, options, marks.refine(null));
  const split =
    options.nodeSplit === 'all'
      ? new Set(coarse.reach.classes.map((c) => c.index))
      : coarse.classesSeeingTheirNode();
  if (split.size === 0) return coarse.reach;
  return reachabilityOn(compiled, options, marks.refine({ classes: split, classOf: coarse.reach.classOf }))
    .reach;
}

/** The reachability over the classes `marks` tells apart, and what decides the node split. */
function reachabilityOn(
  compiled: CompiledCluster,
  options: ReachabilityOptions,
  marks: CiliumMarks | null,
): { readonly reach: Reachability; classesSeeingTheirNode(): Set<number> } {
  const maskSets = options.signatures === 'groups' ? 0 : MASK_SETS;
  const maxGroups = options.signatures === 'groups' ? 0 : MAX_GROUPS;
  const { cluster } = compiled;
  const external = partitionExternal(compiled.ipBlocks, compiled.ipv6);
  const ipAware = compiled.rules.some((r) => r.peers?.some((p) => ipsMatchPods(compiled, p)) ?? false);

  // 1. Classes. Only label values some selector reads can tell pods apart.
  const partition = partitionEndpoints(cluster.endpoints, relevantLabels(compiled), external, ipAware, marks);
  const { classes, endpointClass, classPortProfile } = partition;
  const C = classes.length;
  const P = C + external.nodes.length;
  const portProfileOf = (party: number) => (party < C ? classPortProfile[party]! : partition.portProfiles);
  const portsOfParty = (party: number) => (party < C ? classes[party]!.representative.ports : null);

  // 2. Which parties each rule's peers match: a bitset per rule.
  const members = ruleMembership(compiled, partition, external, ipAware, P);

  // 3. Profiles: the rules that apply to each class per direction (null: nothing applies).
  const profiles: Profile[] = [];
  const profileIndex = new Map<string, number>();
  const profileFor = (rep: Endpoint, direction: 'ingress' | 'egress'): number | null => {
    const applicable = applicableRules(compiled, rep, direction);
    const rules = [...applicable.admin, ...applicable.namespace, ...applicable.baseline];
    const isolated = applicable.isolating.length > 0;
    if (rules.length === 0 && !isolated) return null;
    const key = `${isolated ? 'i' : 'o'}${rules.map((r) => r.id).join(',')}`;
    let index = profileIndex.get(key);
    if (index === undefined) {
      index = profiles.length;
      profileIndex.set(key, index);
      const bits = rules.map(members.of);
      profiles.push({
        rules,
        isolated,
        unionOnly: isolated && rules.every((r) => r.tier === 'namespace' && r.action === 'allow'),
        bits,
        sets: [...new Set(bits)],
        fallback: isolated ? EMPTY_ID : ALL_ID,
        groups: null,
        ports: new Map(),
        namedPorts: rules.some((r) => r.namedPorts.length > 0),
        rows: new Map(),
      });
    }
    return index;
  };
  const ingressProfile: (number | null)[] = [];
  const egressProfile: (number | null)[] = [];
  for (const c of classes) {
    ingressProfile.push(profileFor(c.representative, 'ingress'));
    egressProfile.push(profileFor(c.representative, 'egress'));
  }

  // 4. Interned port sets, memoized per (signature of the party, destination port profile).
  const conns = new ConnsTable();
  const PP = partition.portProfiles + 1;
  let ppBits: Uint32Array[] | null = null;
  const namedPortsMemo = new Map<number, ConnSet>();
  /** The ports `profile` allows between the class it belongs to and `party`, towards `dst`. */
  const profilePorts = (profile: Profile, party: number, dst: number): number => {
    const sig = signatureOf(profile, party);
    if (sig === 0) return profile.fallback;
    const key = sig * PP + portProfileOf(dst);
    let id = profile.ports.get(key);
    if (id === undefined) {
      id = conns.intern(resolveProfile(profile, party, dst));
      profile.ports.set(key, id);
    }
    return id;
  };
  // Under Cilium, a hostNetwork pod and a pod on the same node are `host` to each other, which the
  // profiles (built for `remote-node`) do not see: such class pairs are answered apart.
  const own = ownNodePairs(classes, marks !== null);
  const ownEgress = new Map<number, number>();
  const ingressId = (src: number, dst: number): number => {
    const p = dst < C ? ingressProfile[dst]! : null;
    if (p === null) return ALL_ID;
    // allow-localhost: the pod's own node always gets in
    if (own.has(src, dst)) return ALL_ID;
    return profilePorts(profiles[p]!, src, dst);
  };
  const egressId = (src: number, dst: number): number => {
    const p = src < C ? egressProfile[src]! : null;
    if (p === null) return ALL_ID;
    if (own.has(src, dst)) {
      const key = src * C + dst;
      let id = ownEgress.get(key);
      if (id === undefined) {
        const party = (c: number) => ({ type: 'endpoint' as const, endpoint: classes[c]!.representative });
        id = conns.intern(evaluateDirection(compiled, 'egress', party(src), party(dst)).allowed);
        ownEgress.set(key, id);
      }
      return id;
    }
    return profilePorts(profiles[p]!, dst, dst);
  };
  const pairId = (src: number, dst: number): number => {
    const e = egressId(src, dst);
    return e === EMPTY_ID ? EMPTY_ID : conns.intersect(e, ingressId(src, dst));
  };

  const rulePartyLists = new Map<CompiledRule, number[]>();
  const reach: Reachability = {
    compiled,
    classes,
    external,
    partyCount: P,
    classOf: (endpoint) => endpointClass.get(endpoint) ?? -1,
    externalParty: (node) => C + node,
    isExternal: (party) => party >= C,
    connsBetween: (src, dst) => conns.get(pairId(src, dst)),
    ingressBetween: (src, dst) => conns.get(ingressId(src, dst)),
    egressBetween: (src, dst) => conns.get(egressId(src, dst)),
    isolation: (c) => ({
      ingress: profiles[ingressProfile[c] ?? -1]?.isolated ?? false,
      egress: profiles[egressProfile[c] ?? -1]?.isolated ?? false,
    }),
    ruleParties: (rule) => {
      let hit = rulePartyLists.get(rule);
      if (hit === undefined) {
        hit = bitsToList(seenBySubject(compiled, classes, rule, members.of), members.words);
        rulePartyLists.set(rule, hit);
      }
      return hit;
    },
    forEachPair(cb) {
      const emit = (src: number, dst: number, id: number) => {
        if (id !== EMPTY_ID && !own.has(src, dst)) cb(src, dst, conns.get(id));
      };
      // Same-node hostNetwork pairs: the rows below are the profiles' and skip them.
      for (const [src, dst] of own.pairs) {
        const id = pairId(src, dst);
        if (id !== EMPTY_ID) cb(src, dst, conns.get(id));
      }
      // Sources whose egress denies what no rule matches: walk the parties their egress allows.
      const open = new Uint32Array(members.words);
      const openSources: number[] = [];
      for (let src = 0; src < P; src++) {
        const q = src < C ? egressProfile[src]! : null;
        if (q === null || profiles[q]!.fallback === ALL_ID) {
          open[src >>> 5]! |= 1 << (src & 31);
          openSources.push(src);
          continue;
        }
        for (const row of rowsOf(profiles[q]!, null))
          forEachBit(row.bits, (dst) => emit(src, dst, conns.intersect(row.id, ingressId(src, dst))));
      }
      // The other sources: per destination, those its ingress admits.
      const bits = new Uint32Array(members.words);
      for (let dst = 0; dst < P; dst++) {
        const p = dst < C ? ingressProfile[dst]! : null;
        if (p === null) {
          for (const src of openSources) if (src < C || dst < C) emit(src, dst, egressId(src, dst));
          continue;
        }
        for (const row of rowsOf(profiles[p]!, dst)) {
          for (let w = 0; w < bits.length; w++) bits[w] = row.bits[w]! & open[w]!;
          forEachBit(bits, (src) => {
            if (src < C || dst < C) emit(src, dst, conns.intersect(egressId(src, dst), row.id));
          });
        }
      }
    },
  };
  return { reach, classesSeeingTheirNode };

  /**
   * The pod classes (not split by node) with pods on a node whose hostNetwork classes they see
   * differently as `host` than as `remote-node`. Towards its own node a pod's ingress admits
   * everything (allow-localhost) and its egress is judged with `host` entities; so the node is
   * moot when every such pair is admitted whole both ways on ingress and neither side's egress
   * names the `host` or `remote-node` entity (no other peer tells the two apart).
   */
  function classesSeeingTheirNode(): Set<number> {
    const split = new Set<number>();
    const hostsByNode = new Map<string, number[]>();
    for (const c of classes) {
      if (!c.representative.hostNetwork || c.node === undefined) continue;
      const list = hostsByNode.get(c.node);
      if (list === undefined) hostsByNode.set(c.node, [c.index]);
      else list.push(c.index);
    }
    const namesNodes = profiles.map((p) =>
      p.rules.some((r) => r.peers?.some((peer) => peer.type === 'entity' && NODE_ENTITIES.has(peer.entity))),
    );
    const egressNamesNodes = (c: number) => {
      const p = egressProfile[c];
      return p !== null && p !== undefined && namesNodes[p]!;
    };
    const differs = (c: number, h: number) =>
      ingressId(h, c) !== ALL_ID || ingressId(c, h) !== ALL_ID || egressNamesNodes(c) || egressNamesNodes(h);
    for (const c of classes) {
      if (c.representative.hostNetwork) continue;
      const nodes = new Set<string>();
      for (const m of c.members) if (m.node !== undefined && hostsByNode.has(m.node)) nodes.add(m.node);
      if ([...nodes].some((n) => hostsByNode.get(n)!.some((h) => differs(c.index, h)))) split.add(c.index);
    }
    return split;
  }

  /**
   * What a profile allows, as rows of parties sharing one verdict (empty verdicts left out):
   * for an egress profile (`owner` null) the parties are destinations, whose own ports resolve
   * named ports; for an ingress profile they are sources towards `owner`. Built word-parallel
   * from the signature groups, or party by party when those are many.
   */
  function rowsOf(profile: Profile, owner: number | null): readonly Row[] {
    const key = owner === null ? -1 : portProfileOf(owner);
    const hit = profile.rows.get(key);
    if (hit !== undefined) return hit;
    const byId = new Map<number, Uint32Array>();
    const add = (id: number, bits: Uint32Array) => {
      if (id === EMPTY_ID) return;
      const row = byId.get(id);
      if (row === undefined) byId.set(id, bits.slice());
      else for (let w = 0; w < row.length; w++) row[w]! |= bits[w]!;
    };
    const groups = splitParties(profile.sets, P, maxGroups);
    if (groups === null) {
      const one = new Uint32Array(members.words);
      for (let p = 0; p < P; p++) {
        const id = profilePorts(profile, p, owner ?? p);
        if (id === EMPTY_ID) continue;
        const row = byId.get(id);
        if (row === undefined) {
          one[p >>> 5] = 1 << (p & 31);
          add(id, one);
          one[p >>> 5] = 0;
        } else row[p >>> 5]! |= 1 << (p & 31);
      }
    } else {
      for (const group of groups) {
        if (owner !== null || !profile.namedPorts) {
          add(profilePorts(profile, group.first, owner ?? group.first), group.bits);
          continue;
        }
        // Egress with named ports: the verdict depends on each destination's ports too.
        for (const pp of portProfileBits()) {
          const part = new Uint32Array(members.words);
          for (let w = 0; w < part.length; w++) part[w] = group.bits[w]! & pp[w]!;
          const first = firstBit(part);
          if (first >= 0) add(profilePorts(profile, first, first), part);
        }
      }
    }
    const rows = [...byId].map(([id, bits]) => ({ id, bits }));
    profile.rows.set(key, rows);
    return rows;
  }

  /** For each port profile, the parties that have it (external parties share the last one). */
  function portProfileBits(): readonly Uint32Array[] {
    if (ppBits === null) {
      ppBits = Array.from({ length: PP }, () => new Uint32Array(members.words));
      for (let p = 0; p < P; p++) ppBits[portProfileOf(p)]![p >>> 5]! |= 1 << (p & 31);
    }
    return ppBits;
  }

  /**
   * Which of the profile's peer sets hold `party`, as one number (0: none, so no rule matches):
   * a bit mask over few sets, else the party's group in a partition of all parties by the sets
   * holding them (built once per profile, in time linear in the sets' members).
   */
  function signatureOf(profile: Profile, party: number): number {
    if (profile.sets.length > maskSets) {
      profile.groups ??= groupParties(profile.sets, P);
      return profile.groups[party]!;
    }
    return maskOf(profile.sets, party);
  }

  function resolveProfile(profile: Profile, party: number, dst: number): ConnSet {
    const { rules, bits } = profile;
    if (profile.unionOnly) {
      let out = EMPTY_CONNS;
      for (let k = 0; k < rules.length; k++)
        if (hasBit(bits[k]!, party)) out = unionConns(out, portsOf(rules[k]!, dst));
      return out;
    }
    const admin: RuleHit[] = [];
    const namespace: RuleHit[] = [];
    const baseline: RuleHit[] = [];
    for (let k = 0; k < rules.length; k++) {
      if (!hasBit(bits[k]!, party)) continue;
      const rule = rules[k]!;
      const hit = { rule, peerIndex: null, ports: portsOf(rule, dst) };
      (rule.tier === 'admin' ? admin : rule.tier === 'namespace' ? namespace : baseline).push(hit);
    }
    return resolveTiers({ admin, isolated: profile.isolated, namespace, baseline });
  }

  /** The ports a rule names towards `dst` (named ports resolved once per port profile). */
  function portsOf(rule: CompiledRule, dst: number): ConnSet {
    if (rule.fixedPorts === null || rule.namedPorts.length === 0) return rulePortsFor(rule, null);
    const key = rule.id * PP + portProfileOf(dst);
    let ports = namedPortsMemo.get(key);
    if (ports === undefined) {
      ports = rulePortsFor(rule, portsOfParty(dst));
      namedPortsMemo.set(key, ports);
    }
    return ports;
  }
}

/**
 * A rule's parties as the pods it applies to see them. The bitsets see every hostNetwork class
 * as `remote-node` (the profiles answer pairs on one node apart, see `ownNodePairs`); for the
 * rule's own party list, Cilium's `host` and `remote-node` entities follow the subject pods'
 * nodes: a hostNetwork class is `host` to those on its node, `remote-node` to the others.
 */
function seenBySubject(
  compiled: CompiledCluster,
  classes: readonly MutableClass[],
  rule: CompiledRule,
  bitsOf: (rule: CompiledRule) => Uint32Array,
): Uint32Array {
  const bits = bitsOf(rule);
  const entities = new Set((rule.peers ?? []).flatMap((p) => (p.type === 'entity' ? [p.entity] : [])));
  const host = entities.has('host');
  const remote = entities.has('remote-node');
  if (compiled.match.cilium === null || (!host && !remote) || entities.has('all') || entities.has('cluster'))
    return bits;
  // The other peers' parties, then each hostNetwork class as the subject pods see it.
  const others = rule.peers!.filter(
    (p) => p.type !== 'entity' || (p.entity !== 'host' && p.entity !== 'remote-node'),
  );
  const out = bitsOf({ ...rule, peers: others }).slice();
  // A class split by node has one; the others (their node changes no verdict, see
  // `computeReachability`) have their pods' nodes.
  const subjectNodes = new Set<string | undefined>();
  for (const c of classes) {
    if (!subjectSelects(rule.subject, c.representative, compiled.namespaceLabels)) continue;
    if (c.node !== undefined || c.representative.hostNetwork) subjectNodes.add(c.node);
    else for (const m of c.members) subjectNodes.add(m.node);
  }
  for (const c of classes) {
    if (!c.representative.hostNetwork) continue;
    const asHost = host && c.node !== undefined && subjectNodes.has(c.node);
    const asRemote = remote && [...subjectNodes].some((n) => n === undefined || n !== c.node);
    if (asHost || asRemote) out[c.index >>> 5]! |= 1 << (c.index & 31);
  }
  return out;
}

/** Whether an address peer can match pod IPs under the cluster's CNI profile. */
function ipsMatchPods(compiled: CompiledCluster, peer: CompiledPeer): boolean {
  return peer.type === 'ips' && (peer.podIps === 'always' || compiled.match.ipBlockMatchesPods);
}

/** Interned port sets with memoized intersections. Id 0 is the empty set, 1 every port. */
class ConnsTable {
  private readonly list: ConnSet[] = [EMPTY_CONNS, ALL_CONNS];
  private readonly ids = new Map<string, number>([
    [connsKey(EMPTY_CONNS), EMPTY_ID],
    [connsKey(ALL_CONNS), ALL_ID],
  ]);
  private readonly intersections = new Map<number, number>();

  intern(c: ConnSet): number {
    const key = connsKey(c);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.list.length;
      this.ids.set(key, id);
      this.list.push(c);
    }
    return id;
  }

  get(id: number): ConnSet {
    return this.list[id]!;
  }

  intersect(a: number, b: number): number {
    if (a === EMPTY_ID || b === EMPTY_ID) return EMPTY_ID;
    if (a === ALL_ID) return b;
    if (b === ALL_ID) return a;
    const key = a * 2 ** 24 + b;
    let id = this.intersections.get(key);
    if (id === undefined) {
      id = this.intern(intersectConns(this.list[a]!, this.list[b]!));
      this.intersections.set(key, id);
    }
    return id;
  }
}

/**
 * Rule membership: which parties each rule's peers match, as bitsets over the partition's
 * parties. Bits depend only on the partition, the namespaces' labels and the peers, so they are
 * cached on the partition: an edit to one policy recomputes only that policy's rules.
 */
function ruleMembership(
  compiled: CompiledCluster,
  partition: Partition,
  external: ExternalPartition,
  ipAware: boolean,
  P: number,
): { readonly words: number; of(rule: CompiledRule): Uint32Array } {
  const { classes } = partition;
  const C = classes.length;
  const words = (P + 31) >>> 5;
  const namespacesKey = [...compiled.cluster.namespaces.values()]
    .map((ns) => `${ns.name}\u0001${JSON.stringify(ns.labels)}`)
    .join('\u0002');
  let cache = partition.ruleBits.get(namespacesKey);
  if (cache === undefined) {
    if (partition.ruleBits.size >= 4) partition.ruleBits.clear();
    cache = new Map();
    partition.ruleBits.set(namespacesKey, cache);
  }
  const bitsCache = cache;
  const classesByNamespace = new Map<string, number[]>();
  for (const c of classes) {
    const list = classesByNamespace.get(c.representative.namespace) ?? [];
    list.push(c.index);
    classesByNamespace.set(c.representative.namespace, list);
  }
  const namespaceHits = new Map<string, readonly string[]>();
  const candidates = namespaceCandidates(classesByNamespace, compiled.namespaceLabels);
  const namespacesOf = (peer: Extract<CompiledPeer, { type: 'pods' }>): readonly string[] => {
    const selector = peer.namespaceSelector;
    if (selector === null) return classesByNamespace.has(peer.namespace) ? [peer.namespace] : [];
    const key = selectorKey(selector);
    let hit = namespaceHits.get(key);
    if (hit === undefined) {
      hit = candidates(selector).filter((ns) => peerNamespaceMatches(peer, ns, compiled.namespaceLabels));
      namespaceHits.set(key, hit);
    }
    return hit;
  };
  const fill = (bits: Uint32Array, from: number, to: number) => {
    for (let p = from; p < to; p++) bits[p >>> 5]! |= 1 << (p & 31);
  };
  const addPeer = (bits: Uint32Array, peer: CompiledPeer, action: CompiledRule['action']) => {
    switch (peer.type) {
      case 'pods':
        for (const ns of namespacesOf(peer)) {
          for (const c of classesByNamespace.get(ns) ?? []) {
            if (peerPodMatches(peer, classes[c]!.representative)) bits[c >>> 5]! |= 1 << (c & 31);
          }
        }
        return;
      case 'ips': {
        const inBlock = external.nodes.map((n) => ipsContain(peer.ips, n.address));
        inBlock.forEach((hit, x) => {
          if (hit) fill(bits, C + x, C + x + 1);
        });
        if (ipAware && ipsMatchPods(compiled, peer)) {
          for (const c of classes)
            if (c.cells.some((cell) => inBlock[cell])) bits[c.index >>> 5]! |= 1 << (c.index & 31);
        }
        return;
      }
      case 'entity': {
        // Entities over the matrix's parties: pods (classes), nodes (hostNetwork classes, seen
        // as other nodes: a pod on the same node is answered apart), the world (external nodes).
        const e = peer.entity;
        for (const c of classes) {
          const node = c.representative.hostNetwork;
          if (
            e === 'all' ||
            e === 'cluster' ||
            (node && e === 'remote-node') ||
            (e === 'kube-apiserver' && c.apiServer)
          )
            bits[c.index >>> 5]! |= 1 << (c.index & 31);
        }
        if (e === 'all' || e === 'world') fill(bits, C, P);
        return;
      }
      case 'domains':
        return; // decided at run time: no static party matches
      case 'unknown':
        if (action !== 'allow') fill(bits, 0, P); // fail closed
        return;
    }
  };
  const byRule = new Map<CompiledRule, Uint32Array>();
  const of = (rule: CompiledRule): Uint32Array => {
    let bits = byRule.get(rule);
    if (bits === undefined) {
      bits = bitsOf(rule);
      byRule.set(rule, bits);
    }
    return bits;
  };
  return { words, of };

  function bitsOf(rule: CompiledRule): Uint32Array {
    const key = rule.peers === null ? '*' : `${rule.action}\u0000${rule.peers.map(peerKey).join('\u0001')}`;
    let bits = bitsCache.get(key);
    if (bits !== undefined) return bits;
    bits = new Uint32Array(words);
    if (rule.peers === null) fill(bits, 0, P);
    else for (const peer of rule.peers) addPeer(bits, peer, rule.action);
    bitsCache.set(key, bits);
    return bits;
  }
}

/**
 * The namespaces (of those holding classes) a namespace selector can match, a superset to filter
 * with the selector: those carrying the rarest of its matchLabels pairs, or all of them when it
 * has none. Saves testing every selector of thousands of policies on every namespace.
 */
function namespaceCandidates(
  classesByNamespace: ReadonlyMap<string, readonly number[]>,
  namespaceLabels: (namespace: string) => Readonly<Record<string, string>>,
): (selector: LabelSelector) => readonly string[] {
  const all = [...classesByNamespace.keys()];
  let byLabel: Map<string, string[]> | null = null;
  const none: readonly string[] = [];
  return (selector) => {
    if (byLabel === null) {
      byLabel = new Map();
      for (const ns of all) {
        for (const [k, v] of Object.entries(namespaceLabels(ns))) {
          const key = `${k}\u0000${v}`;
          const list = byLabel.get(key);
          if (list === undefined) byLabel.set(key, [ns]);
          else list.push(ns);
        }
      }
    }
    let best: readonly string[] = all;
    for (const [k, v] of Object.entries(selector.matchLabels)) {
      const list = byLabel.get(`${k}\u0000${v}`) ?? none;
      if (list.length < best.length) best = list;
    }
    return best;
  };
}

/** A key that two peers share only when they match the same parties. */
function peerKey(peer: CompiledPeer): string {
  switch (peer.type) {
    case 'pods':
      return `p${peer.namespaceSelector === null ? `=${peer.namespace}` : selectorKey(peer.namespaceSelector)}\u0002${peer.podSelector === null ? '*' : selectorKey(peer.podSelector)}`;
    case 'ips':
      return `i${peer.podIps}\u0002${peer.ips.v4.join(',')}\u0002${peer.ips.v6.join(',')}`;
    case 'entity':
      return `e${peer.entity}`;
    case 'domains':
      return 'd';
    case 'unknown':
      return 'u';
  }
}

interface MutableClass {
  readonly index: number;
  readonly representative: Endpoint;
  readonly members: Endpoint[];
  /** External-partition cells holding the class's IPs (when address peers match pod IPs). */
  readonly cells: number[];
  /** Under Cilium: the node the class's pods are or run on, where that matters (see `ciliumMarks`). */
  readonly node: string | undefined;
  /** Under Cilium: hostNetwork pods holding an API server address. */
  readonly apiServer: boolean;
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
  relevant: RelevantLabels,
  external: ExternalPartition,
  ipAware: boolean,
  marks: CiliumMarks | null,
): Partition {
  const keys = [...relevant.keys()].sort();
  const relevantText = keys.map((k) => `${k}\u0001${[...relevant.get(k)!].sort().join('\u0001')}`);
  // The external nodes are part of the key even when pods' IPs do not matter: rule bitsets
  // cached on the partition cover external parties too.
  const cacheKey = `${relevantText.join('\n')}\u0000${ipAware}\u0000${external.nodes.map((n) => n.id).join(' ')}\u0000${marks?.key ?? ''}`;
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
    const mark = marks?.of(endpoint);
    let key = `${endpoint.namespace}\u0000${ports}\u0000${endpoint.hostNetwork ? 1 : 0}\u0000${cells.join(',')}\u0000`;
    if (mark !== undefined) key += `${mark.node ?? ''}\u0001${mark.apiServer ? 1 : 0}\u0000`;
    const labels = endpoint.labels;
    for (const k of keys) {
      if (!Object.hasOwn(labels, k)) continue;
      // A value no selector names behaves as every other such value: only its presence counts.
      const value = labels[k]!;
      key += relevant.get(k)!.has(value) ? `${k}\u0001${value}\u0002` : `${k}\u0003`;
    }
    let index = classIndex.get(key);
    if (index === undefined) {
      index = classes.length;
      classIndex.set(key, index);
      classes.push({
        index,
        representative: endpoint,
        members: [],
        cells,
        node: mark?.node,
        apiServer: mark?.apiServer ?? false,
      });
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

/** The entities that tell a pod's own node (`host`) from the others (`remote-node`). */
const NODE_ENTITIES: ReadonlySet<string> = new Set(['host', 'remote-node']);

/** What tells endpoints apart under Cilium besides labels (see `ciliumMarks`). */
interface CiliumMarks {
  /** Everything the marks depend on besides the endpoints, for the partition cache. */
  readonly key: string;
  of(endpoint: Endpoint): { readonly node: string | undefined; readonly apiServer: boolean };
}

/** Which pods are told apart by their node: those of some classes of the partition without it. */
interface NodeSplit {
  readonly classes: ReadonlySet<number>;
  classOf(endpoint: Endpoint): number;
}

/**
 * Under Cilium with hostNetwork pods, what tells endpoints apart besides labels: a hostNetwork
 * pod is its node (`host` to the pods on that node, `remote-node` to the others) and holds the
 * `kube-apiserver` identity when it has an API server address; a pod on a node that has
 * hostNetwork pods is told apart by that node when `refine` is given the split that says so
 * (see `computeReachability`). Null without hostNetwork pods (the classes are as without it).
 */
function ciliumMarks(compiled: CompiledCluster): { refine(split: NodeSplit | null): CiliumMarks } | null {
  const nodes = compiled.match.cilium;
  if (nodes === null) return null;
  const hostNodes = new Set<string>();
  let any = false;
  for (const endpoint of compiled.cluster.endpoints) {
    if (!endpoint.hostNetwork) continue;
    any = true;
    const node = nodeOfParty(nodes, { type: 'endpoint', endpoint });
    if (node) hostNodes.add(node);
  }
  if (!any) return null;
  const key = [
    [...hostNodes].sort().join(','),
    [...nodes.nodeByAddress].map(([a, n]) => `${a}=${n}`).join(','),
    [...nodes.apiServer].join(','),
  ].join('\u0001');
  return {
    refine: (split) => ({
      key: `${key}\u0001${split === null ? '-' : [...split.classes].sort((a, b) => a - b).join(',')}`,
      of(endpoint) {
        if (!endpoint.hostNetwork) {
          const node =
            split !== null &&
            endpoint.node !== undefined &&
            hostNodes.has(endpoint.node) &&
            split.classes.has(split.classOf(endpoint))
              ? endpoint.node
              : undefined;
          return { node, apiServer: false };
        }
        const node = nodeOfParty(nodes, { type: 'endpoint', endpoint });
        return { node: node || undefined, apiServer: isApiServer(nodes, { type: 'endpoint', endpoint }) };
      },
    }),
  };
}

/** Class pairs of a hostNetwork pod and a pod on its node, both ways (their `host` to each other). */
interface OwnNodePairs {
  readonly pairs: readonly (readonly [number, number])[];
  has(src: number, dst: number): boolean;
}

function ownNodePairs(classes: readonly MutableClass[], cilium: boolean): OwnNodePairs {
  const pairs: [number, number][] = [];
  if (!cilium) return { pairs, has: () => false };
  const byNode = new Map<string, { hosts: number[]; pods: number[] }>();
  for (const c of classes) {
    if (c.node === undefined) continue;
    let entry = byNode.get(c.node);
    if (entry === undefined) {
      entry = { hosts: [], pods: [] };
      byNode.set(c.node, entry);
    }
    (c.representative.hostNetwork ? entry.hosts : entry.pods).push(c.index);
  }
  for (const { hosts, pods } of byNode.values())
    for (const h of hosts) for (const p of pods) pairs.push([h, p], [p, h]);
  if (pairs.length === 0) return { pairs, has: () => false };
  const C = classes.length;
  const set = new Set(pairs.map(([a, b]) => a * C + b));
  return { pairs, has: (src, dst) => src < C && dst < C && set.has(src * C + dst) };
}

/** Label keys some selector mentions, each with the values selectors name for it. */
type RelevantLabels = ReadonlyMap<string, ReadonlySet<string>>;

/**
 * The label keys any subject or pod peer of any rule mentions, with the values they name
 * (matchLabels, In, NotIn; Exists and DoesNotExist name none). Two pods whose value of a key
 * is named by no selector are told apart by no selector: every requirement on the key treats
 * all such values alike (In false, NotIn true, Exists true, DoesNotExist false), so the classes
 * need only the named values and whether the key is present.
 */
function relevantLabels(compiled: CompiledCluster): RelevantLabels {
  const keys = new Map<string, Set<string>>();
  const values = (key: string) => {
    let set = keys.get(key);
    if (set === undefined) {
      set = new Set();
      keys.set(key, set);
    }
    return set;
  };
  const add = (selector: LabelSelector | null) => {
    if (selector === null) return;
    for (const [k, v] of Object.entries(selector.matchLabels)) values(k).add(v);
    for (const e of selector.matchExpressions) {
      const set = values(e.key);
      for (const v of e.values) set.add(v);
    }
  };
  for (const cp of [...compiled.policies, ...compiled.adminPolicies, ...compiled.ciliumPolicies])
    add(cp.subject.podSelector);
  for (const rule of compiled.rules) {
    for (const peer of rule.peers ?? []) if (peer.type === 'pods') add(peer.podSelector);
  }
  return keys;
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
