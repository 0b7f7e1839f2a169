import { type IpAddress, parseIp } from '../model/ip.js';
import type { Endpoint } from '../model/types.js';
import { type CiliumIdentity, ciliumRelation } from './cilium-match.js';
import type { CompiledCluster } from './compile.js';
import { type ConnectionEvaluation, type DirectionEvaluation, evaluateConnection } from './evaluate.js';
import { partitionExternal } from './external.js';
import { type IpSet, ipsContain } from './ip-set.js';
import { applicableRules } from './isolation.js';
import { hasUndecidablePeer, type Party } from './match.js';
import type { MatrixNode } from './matrix.js';
import { type ConnSet, EMPTY_CONNS, intersectConns, isEmptyConns, unionConns } from './port-set.js';
import type { Reachability } from './reachability.js';
import type { CompiledRule } from './rules.js';

/**
 * What the matrix adds under Cilium: entity nodes (the reserved identities a rule names that are
 * neither pods nor outside addresses) and the ports an L7 rule governs. Both are computed with
 * `evaluateConnection`, the path `check` takes, so the matrix and `check` agree.
 */

/** The Cilium entities the matrix draws as nodes of kind `Entity`, in display order. */
export type MatrixEntity = 'host' | 'remote-node' | 'kube-apiserver' | 'world';
const ENTITY_ORDER: readonly MatrixEntity[] = ['host', 'remote-node', 'kube-apiserver', 'world'];

/** The matrix node id of an entity: Cilium's own spelling of the reserved identity. */
export function entityNodeId(entity: MatrixEntity): string {
  return `reserved:${entity}`;
}

/**
 * The entities some Cilium rule names, as matrix nodes: `host`, `remote-node`, `kube-apiserver`
 * and `world` themselves, `cluster`, which holds the nodes (`host`, `remote-node`), and `all`,
 * which holds the nodes and the world. `health`, `init`, `ingress` and `unmanaged` stand for
 * identities kubereach's input never holds. None without the Cilium profile.
 */
export function namedEntities(compiled: CompiledCluster): MatrixEntity[] {
  if (compiled.match.cilium === null) return [];
  const named = new Set<MatrixEntity>();
  for (const rule of compiled.rules) {
    if (rule.dialect !== 'cilium') continue;
    for (const peer of rule.peers ?? []) {
      if (peer.type !== 'entity') continue;
      const e = peer.entity;
      if (e === 'host' || e === 'remote-node' || e === 'kube-apiserver' || e === 'world') named.add(e);
      else if (e === 'cluster') named.add('host').add('remote-node');
      else if (e === 'all') named.add('host').add('remote-node').add('world');
    }
  }
  return ENTITY_ORDER.filter((e) => named.has(e));
}

/** A placeholder address for an identity whose addresses the input does not hold. */
const UNKNOWN_ADDRESS: IpAddress = { family: 'v4', value: 0n };

/** The addresses the `world` node stands for, and the one its edges are evaluated at. */
export interface WorldAddresses {
  readonly cidrs: readonly string[];
  readonly address: IpAddress;
}

const worlds = new WeakMap<CompiledCluster, WorldAddresses>();

/**
 * The addresses `reserved:world` stands for: the piece of the address space outside the
 * cluster that no CIDR of any policy holds (IPv4 first), where CIDR rules and `world` alone
 * decide, evaluated with the `world` identity given at its first address that no pod, node or
 * API server of the input holds (`check` at that address gives the same verdicts). Where the
 * policies' CIDRs cover every address, the piece in the fewest of them: the node's `cidrs` say
 * which.
 */
export function worldAddresses(compiled: CompiledCluster): WorldAddresses {
  let hit = worlds.get(compiled);
  if (hit === undefined) {
    const { nodes } = partitionExternal(compiled.ipBlocks, compiled.ipv6);
    let best = nodes[0];
    let fewest = Number.POSITIVE_INFINITY;
    for (const x of nodes) {
      const holding = compiled.ipBlocks.filter((b) => ipsContain(b, x.address)).length;
      if (holding < fewest) {
        best = x;
        fewest = holding;
      }
    }
    hit =
      best === undefined
        ? { cidrs: [], address: UNKNOWN_ADDRESS }
        : { cidrs: best.cidrs, address: unusedAddress(compiled, best.ips) ?? best.address };
    worlds.set(compiled, hit);
  }
  return hit;
}

/**
 * The first address of `ips` that no pod, node or API server of the input holds (so `check` at
 * that address answers for the world too), if one is found among the first few of each range.
 */
function unusedAddress(compiled: CompiledCluster, ips: IpSet): IpAddress | undefined {
  const { cluster } = compiled;
  const used = new Set<string>();
  const add = (text: string) => {
    const ip = parseIp(text);
    if (ip !== undefined) used.add(`${ip.family}:${ip.value}`);
  };
  for (const e of cluster.endpoints) for (const ip of e.ips) add(ip);
  for (const n of cluster.nodes) for (const a of n.addresses) add(a);
  for (const a of cluster.apiServerAddresses) add(a);
  for (const family of ['v4', 'v6'] as const) {
    const ranges = ips[family];
    for (let i = 0; i < ranges.length; i += 2) {
      const hi = ranges[i + 1]!;
      // the used addresses are few: one of the first used.size + 1 addresses of a range is free
      for (let v = ranges[i]!, n = 0; v <= hi && n <= used.size; v++, n++)
        if (!used.has(`${family}:${v}`)) return { family, value: v };
    }
  }
  return undefined;
}

/**
 * The party an entity stands for, seen from the pod `self`: one of its addresses when the input
 * holds them (the pod's node, another node, the API server), with the identity given, so that it
 * holds even for an address the input does not know. An API server at a node address is that
 * node too (`host` or `remote-node`); one whose address is unknown is taken to be outside the
 * cluster (managed control planes).
 */
export function entityParty(compiled: CompiledCluster, entity: MatrixEntity, self: Endpoint): Party {
  const { cluster } = compiled;
  const label = entityNodeId(entity);
  const first = (addresses: readonly string[]) => {
    for (const a of addresses) {
      const ip = parseIp(a);
      if (ip !== undefined) return ip;
    }
    return undefined;
  };
  let address: IpAddress | undefined;
  let identity: CiliumIdentity;
  switch (entity) {
    case 'host':
      address = first(cluster.nodes.find((n) => n.name === self.node)?.addresses ?? []);
      identity = { relation: 'host', apiServer: false };
      break;
    case 'remote-node':
      address = first(cluster.nodes.find((n) => n.name !== self.node)?.addresses ?? []);
      identity = { relation: 'remote-node', apiServer: false };
      break;
    case 'kube-apiserver': {
      address = first(cluster.apiServerAddresses);
      const nodes = compiled.match.cilium;
      const relation =
        address === undefined || nodes === null
          ? 'world'
          : ciliumRelation(nodes, self, { type: 'external', address });
      identity = { relation, apiServer: true };
      break;
    }
    case 'world':
      address = worldAddresses(compiled).address;
      identity = { relation: 'world', apiServer: false };
      break;
    default:
      return entity satisfies never;
  }
  return { type: 'external', address: address ?? UNKNOWN_ADDRESS, label, identity };
}

/** The edges between one pod and one entity, both ways, with the ports an L7 rule governs. */
export interface EntityEdges {
  readonly out: ConnSet;
  readonly outL7: ConnSet;
  readonly in: ConnSet;
  readonly inL7: ConnSet;
}

/**
 * What a pod may send to an entity and receive from it. Only the pod's side has policies (an
 * entity's egress is not the pod's policies' business; its own node always gets in).
 */
export function entityEdges(compiled: CompiledCluster, pod: Endpoint, entity: MatrixEntity): EntityEdges {
  const self: Party = { type: 'endpoint', endpoint: pod };
  const other = entityParty(compiled, entity, pod);
  const out = evaluateConnection(compiled, self, other);
  const back = evaluateConnection(compiled, other, self);
  return { out: out.allowed, outL7: l7Conns(out), in: back.allowed, inL7: l7Conns(back) };
}

/**
 * The allowed ports of a connection that an allowing L7 rule (`http`, `dns`, `kafka`) governs
 * on either side: allowed at L4, each request judged by a proxy at run time.
 */
export function l7Conns(evaluation: ConnectionEvaluation): ConnSet {
  return intersectConns(
    evaluation.allowed,
    unionConns(l7Allowed(evaluation.egress), l7Allowed(evaluation.ingress)),
  );
}

/** The ports an allowing decision with L7 rules holds, in one direction. */
export function l7Allowed(direction: DirectionEvaluation): ConnSet {
  let out = EMPTY_CONNS;
  for (const d of direction.decisions)
    if (d.action === 'allow' && d.hit?.rule.l7 !== undefined) out = unionConns(out, d.conns);
  return out;
}

/** Whether an allowing L7 rule applies to the pod in this direction (a cheap filter). */
export function hasL7Rules(
  compiled: CompiledCluster,
  pod: Endpoint,
  direction: 'ingress' | 'egress',
): boolean {
  const applicable = applicableRules(compiled, pod, direction);
  return [...applicable.namespace, ...applicable.admin, ...applicable.baseline].some(
    (r) => r.action === 'allow' && r.l7 !== undefined,
  );
}

/** Whether any allowing rule of the cluster has L7 rules. */
export function clusterHasL7(compiled: CompiledCluster): boolean {
  return compiled.rules.some((r) => r.action === 'allow' && r.l7 !== undefined);
}

/** The entity nodes of a matrix and a walk over their edges to and from pods. */
export interface EntityNodes {
  readonly nodes: readonly MatrixNode[];
  /** Calls `cb` for every pod (hostNetwork pods are nodes themselves: left out) and entity. */
  forEachEdge(cb: (pod: Endpoint, entity: number, edges: EntityEdges) => void): void;
}

/**
 * The entity nodes of the matrix and their edges, evaluated once per class of pods and entity
 * (and, for `kube-apiserver`, per relation of its address to the pod's node).
 */
export function ciliumEntityNodes(reach: Reachability): EntityNodes | null {
  const { compiled } = reach;
  const entities = namedEntities(compiled);
  if (entities.length === 0) return null;
  const nodes: MatrixNode[] = entities.map((e) =>
    e === 'world'
      ? { id: entityNodeId(e), kind: 'Entity', name: e, cidrs: worldAddresses(compiled).cidrs, endpoints: [] }
      : { id: entityNodeId(e), kind: 'Entity', name: e, endpoints: [] },
  );
  return {
    nodes,
    forEachEdge(cb) {
      const memo = new Map<string, EntityEdges>();
      for (const c of reach.classes) {
        if (c.representative.hostNetwork) continue;
        entities.forEach((entity, x) => {
          for (const pod of c.members) {
            const key = `${c.index}\u0000${x}\u0000${entityKey(compiled, entity, pod)}`;
            let edges = memo.get(key);
            if (edges === undefined) {
              edges = entityEdges(compiled, pod, entity);
              memo.set(key, edges);
            }
            cb(pod, x, edges);
          }
        });
      }
    },
  };
}

/** What tells two pods of one class apart towards an entity: the API server's relation to their node. */
function entityKey(compiled: CompiledCluster, entity: MatrixEntity, pod: Endpoint): string {
  if (entity !== 'kube-apiserver') return '';
  const party = entityParty(compiled, entity, pod);
  return party.type === 'external' ? (party.identity?.relation ?? '') : '';
}

/**
 * The ports an L7 rule governs between two parties of the reachability, or null when no allowing
 * rule of the cluster has L7 rules (nothing to compute). Evaluated on the classes'
 * representatives, only where an L7 rule applies to one side.
 */
export function l7Tracker(reach: Reachability): ((src: number, dst: number) => ConnSet) | null {
  const { compiled } = reach;
  if (!clusterHasL7(compiled)) return null;
  const C = reach.classes.length;
  const egress = reach.classes.map((c) => hasL7Rules(compiled, c.representative, 'egress'));
  const ingress = reach.classes.map((c) => hasL7Rules(compiled, c.representative, 'ingress'));
  const partyOf = (p: number): Party => {
    if (p < C) return { type: 'endpoint', endpoint: reach.classes[p]!.representative };
    const node = reach.external.nodes[p - C]!;
    return { type: 'external', address: node.address, label: node.id };
  };
  const memo = new Map<number, ConnSet>();
  return (src, dst) => {
    if (!(src < C && egress[src]) && !(dst < C && ingress[dst])) return EMPTY_CONNS;
    const key = src * reach.partyCount + dst;
    let hit = memo.get(key);
    if (hit === undefined) {
      hit = l7Conns(evaluateConnection(compiled, partyOf(src), partyOf(dst)));
      memo.set(key, hit);
    }
    return hit;
  };
}

/**
 * A pair of matrix nodes where a rule with FQDN peers (Cilium `toFQDNs`, admin `domainNames`)
 * could change the verdict of some ports: the names match the addresses DNS returns at run
 * time, so the matrix, which allows none of them statically, cannot say.
 */
export interface MatrixFqdn {
  readonly src: string;
  readonly dst: string;
  /** The ports whose verdict the rules could change (open, or for a deny, close). */
  readonly conns: ConnSet;
  /** The rules with FQDN peers behind `conns`. */
  readonly rules: readonly CompiledRule[];
}

/** Whether some rule of the cluster has FQDN peers. */
export function clusterHasFqdn(compiled: CompiledCluster): boolean {
  return compiled.rules.some(hasUndecidablePeer);
}

/**
 * The pairs of the matrix's nodes an FQDN rule could change: from the pods whose egress such a
 * rule applies to, towards each outside node (addresses, Cilium entities), evaluated as `check`
 * evaluates an address of that node (`undecidable`), once per class of pods. Empty when no
 * rule has FQDN peers.
 */
export function fqdnMarks(reach: Reachability, nodes: readonly MatrixNode[]): MatrixFqdn[] {
  const { compiled } = reach;
  if (!clusterHasFqdn(compiled)) return [];
  const outside = nodes.filter((n) => n.kind === 'External' || n.kind === 'Entity');
  const externalById = new Map(reach.external.nodes.map((x) => [x.id, x]));
  const partyOf = (node: MatrixNode, pod: Endpoint): Party | undefined => {
    if (node.kind === 'Entity') return entityParty(compiled, node.name as MatrixEntity, pod);
    const x = externalById.get(node.id);
    return x === undefined ? undefined : { type: 'external', address: x.address, label: x.id };
  };
  // Per class: what each outside node gets (evaluated on the class's representative).
  type Mark = Pick<MatrixFqdn, 'conns' | 'rules'> | null;
  const memo = new Map<number, Mark[]>();
  const ofClass = (c: number): Mark[] => {
    let hit = memo.get(c);
    if (hit !== undefined) return hit;
    const pod = reach.classes[c]!.representative;
    const fqdn = hasFqdnRules(compiled, pod);
    hit = outside.map((node) => {
      const party = fqdn ? partyOf(node, pod) : undefined;
      if (party === undefined) return null;
      const egress = evaluateConnection(compiled, { type: 'endpoint', endpoint: pod }, party).egress;
      if (isEmptyConns(egress.undecidable)) return null;
      return { conns: egress.undecidable, rules: egress.undecidableBy.map((u) => u.rule) };
    });
    memo.set(c, hit);
    return hit;
  };
  const out: MatrixFqdn[] = [];
  for (const node of nodes) {
    const classes = new Set(node.endpoints.map((e) => reach.classOf(e)).filter((c) => c >= 0));
    outside.forEach((_, x) => {
      let conns = EMPTY_CONNS;
      const rules = new Set<CompiledRule>();
      for (const c of classes) {
        const mark = ofClass(c)[x];
        if (mark === null || mark === undefined) continue;
        conns = unionConns(conns, mark.conns);
        for (const r of mark.rules) rules.add(r);
      }
      if (!isEmptyConns(conns)) out.push({ src: node.id, dst: outside[x]!.id, conns, rules: [...rules] });
    });
  }
  return out;
}

/** Whether a rule with FQDN peers applies to the pod's egress. */
function hasFqdnRules(compiled: CompiledCluster, pod: Endpoint): boolean {
  const applicable = applicableRules(compiled, pod, 'egress');
  return [...applicable.admin, ...applicable.namespace, ...applicable.baseline].some(hasUndecidablePeer);
}
