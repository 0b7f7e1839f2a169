import type { Endpoint } from '../model/types.js';
import { ciliumEntityNodes, fqdnMarks, l7Tracker, type MatrixFqdn } from './matrix-cilium.js';
import { ALL_CONNS, type ConnSet, isEmptyConns, unionConns } from './port-set.js';
import type { Reachability } from './reachability.js';

/** The unit a matrix row stands for. */
export type Granularity = 'pod' | 'workload' | 'namespace';

export interface MatrixNode {
  /** `namespace/name` (or `namespace/name[Kind]`), a namespace name, or `cidr[,cidr…]`. */
  readonly id: string;
  /** `Pod`, a workload kind, `Namespace`, `External` or `Entity` (a Cilium reserved identity). */
  readonly kind: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly cidrs?: readonly string[];
  /** The endpoints the node stands for (empty for external nodes). */
  readonly endpoints: readonly Endpoint[];
}

export interface MatrixConnection {
  readonly src: string;
  readonly dst: string;
  readonly conns: ConnSet;
  /**
   * The ports of `conns` an allowing Cilium L7 rule governs (allowed at L4, each request judged
   * by a proxy at run time); absent when there are none.
   */
  readonly l7?: ConnSet;
}

export interface Matrix {
  readonly granularity: Granularity;
  readonly nodes: readonly MatrixNode[];
  /** Pairs with something allowed, ordered by source then destination node order. */
  readonly connections: readonly MatrixConnection[];
  /**
   * With the `fqdn` option, where some rule has FQDN peers: the pairs whose verdict those rules
   * could change at run time (see `fqdnMarks`); absent otherwise.
   */
  readonly fqdn?: readonly MatrixFqdn[];
}

export interface MatrixOptions {
  readonly granularity?: Granularity;
  /** Include a pod's connection to itself (always allowed). */
  readonly includeSelf?: boolean;
  /** Include external address nodes (default true). */
  readonly external?: boolean;
  /**
   * Include nodes of kind `Entity` for the Cilium entities a rule names (`host`, `remote-node`,
   * `kube-apiserver`), with their edges to and from pods (default false).
   */
  readonly entities?: boolean;
  /** Mark the pairs a rule with FQDN peers could change (`Matrix.fqdn`; default false). */
  readonly fqdn?: boolean;
}

/**
 * Aggregates class-level reachability into a matrix of pods, workloads or namespaces. A node's
 * connection to another is the union over their pods; a workload's or namespace's connection
 * to itself is the union over distinct pods in it (a pod to itself only with `includeSelf`).
 */
export function buildMatrix(reach: Reachability, options: MatrixOptions = {}): Matrix {
  const granularity = options.granularity ?? 'workload';
  const includeSelf = options.includeSelf ?? false;
  const { cluster } = reach.compiled;

  const nodes: MatrixNode[] = [];
  const endpointNode = new Map<Endpoint, number>();
  const addGroup = (node: Omit<MatrixNode, 'endpoints'>, endpoints: readonly Endpoint[]) => {
    const index = nodes.length;
    nodes.push({ ...node, endpoints });
    for (const e of endpoints) endpointNode.set(e, index);
  };
  const byId = new Map(cluster.endpoints.map((e) => [e.id, e]));
  if (granularity === 'pod') {
    for (const e of sortEndpoints(cluster.endpoints))
      addGroup({ id: e.id, kind: e.kind, namespace: e.namespace, name: e.name }, [e]);
  } else if (granularity === 'workload') {
    const sorted = [...cluster.workloads].sort(
      (a, b) => cmp(a.namespace, b.namespace) || cmp(a.name, b.name) || cmp(a.kind, b.kind),
    );
    for (const w of sorted) {
      addGroup(
        { id: w.id, kind: w.kind, namespace: w.namespace, name: w.name },
        w.endpoints.map((id) => byId.get(id)!).filter((e) => e !== undefined),
      );
    }
  } else {
    const byNamespace = new Map<string, Endpoint[]>();
    for (const e of cluster.endpoints) {
      const list = byNamespace.get(e.namespace) ?? [];
      list.push(e);
      byNamespace.set(e.namespace, list);
    }
    for (const ns of [...cluster.namespaces.keys()].sort()) {
      addGroup({ id: ns, kind: 'Namespace', name: ns }, byNamespace.get(ns) ?? []);
    }
  }
  const externalBase = nodes.length;
  if (options.external ?? true) {
    for (const x of reach.external.nodes)
      nodes.push({ id: x.id, kind: 'External', cidrs: x.cidrs, endpoints: [] });
  }

  // For every party, the nodes holding its members and how many (flat arrays: walked per pair).
  const partyNodes: { readonly nodes: Int32Array; readonly counts: Int32Array }[] = reach.classes.map((c) => {
    const counts = new Map<number, number>();
    for (const m of c.members) {
      const n = endpointNode.get(m);
      if (n !== undefined) counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    return { nodes: Int32Array.from(counts.keys()), counts: Int32Array.from(counts.values()) };
  });
  const none = { nodes: new Int32Array(0), counts: new Int32Array(0) };
  reach.external.nodes.forEach((_, x) => {
    const shown = options.external ?? true;
    partyNodes.push(shown ? { nodes: Int32Array.of(externalBase + x), counts: Int32Array.of(1) } : none);
  });

  const entities = options.entities === true ? ciliumEntityNodes(reach) : null;
  if (entities !== null) for (const node of entities.nodes) nodes.push(node);

  // Class pairs first (few), then expanded to node pairs one source node at a time: each row's
  // destinations gathered as numbers in one scratch array and sorted, no map per row.
  const l7 = l7Tracker(reach);
  const pairs = collectPairs(reach, l7);
  const extra: (Extra[] | undefined)[] = new Array(nodes.length);
  const add = (s: number, d: number, conns: ConnSet, governed: ConnSet | null = null) => {
    const entry = { d, conns, l7: governed !== null && !isEmptyConns(governed) ? governed : null };
    const list = extra[s];
    if (list === undefined) extra[s] = [entry];
    else list.push(entry);
  };
  if (entities !== null) {
    const base = nodes.length - entities.nodes.length;
    entities.forEachEdge((pod, entity, edges) => {
      const n = endpointNode.get(pod);
      if (n === undefined) return;
      const e = base + entity;
      if (!isEmptyConns(edges.out)) add(n, e, edges.out, edges.outL7);
      if (!isEmptyConns(edges.in)) add(e, n, edges.in, edges.inL7);
    });
  }
  if (includeSelf) {
    for (let i = 0; i < externalBase; i++) if (nodes[i]!.endpoints.length > 0) add(i, i, ALL_CONNS);
  }

  // The parties of each node, with how many of the node's members each holds.
  const nodeParties: { party: number; count: number }[][] = nodes.map(() => []);
  partyNodes.forEach((p, party) => {
    for (let i = 0; i < p.nodes.length; i++) nodeParties[p.nodes[i]!]!.push({ party, count: p.counts[i]! });
  });
  const connections: MatrixConnection[] = [];
  const row = new RowBuffer();
  nodes.forEach((node, s) => {
    row.clear();
    for (const { party: src, count } of nodeParties[s]!) {
      const out = pairs[src];
      if (out === undefined) continue;
      for (let k = 0; k < out.dst.length; k++) {
        const dst = out.dst[k]!;
        const to = partyNodes[dst]!;
        const payload = row.payload(out.conns[k]!, out.l7[k]!);
        for (let j = 0; j < to.nodes.length; j++) {
          const d = to.nodes[j]!;
          // Same class, same node: only distinct pods count, so the node needs two of them.
          if (d === s && (granularity === 'pod' || (src === dst && count < 2))) continue;
          row.push(d, payload);
        }
      }
    }
    for (const e of extra[s] ?? []) row.push(e.d, row.payload(e.conns, e.l7));
    const src = node.id;
    row.emit((d, conns, governed) => {
      const dst = nodes[d]!.id;
      // Two literal shapes, no spread: a spread object is built slowly, millions of times.
      connections.push(governed === null ? { src, dst, conns } : { src, dst, conns, l7: governed });
    });
  });
  const fqdn = options.fqdn === true ? fqdnMarks(reach, nodes) : [];
  return fqdn.length === 0 ? { granularity, nodes, connections } : { granularity, nodes, connections, fqdn };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortEndpoints(endpoints: readonly Endpoint[]): Endpoint[] {
  return [...endpoints].sort(
    (a, b) => cmp(a.namespace, b.namespace) || cmp(a.name, b.name) || cmp(a.kind, b.kind),
  );
}

/** A connection added besides the class pairs (entities, a node to itself). */
interface Extra {
  readonly d: number;
  readonly conns: ConnSet;
  readonly l7: ConnSet | null;
}

/** The class pairs with something allowed, per source party, with the ports L7 rules govern. */
interface PartyRow {
  readonly dst: number[];
  readonly conns: ConnSet[];
  readonly l7: (ConnSet | null)[];
}

function collectPairs(
  reach: Reachability,
  l7: ((src: number, dst: number) => ConnSet) | null,
): (PartyRow | undefined)[] {
  const pairs: (PartyRow | undefined)[] = new Array(reach.partyCount);
  reach.forEachPair((src, dst, conns) => {
    let row = pairs[src];
    if (row === undefined) {
      row = { dst: [], conns: [], l7: [] };
      pairs[src] = row;
    }
    const governed = l7 === null ? null : l7(src, dst);
    row.dst.push(dst);
    row.conns.push(conns);
    row.l7.push(governed === null || isEmptyConns(governed) ? null : governed);
  });
  return pairs;
}

/**
 * One matrix row being gathered: destinations with a payload (ports and L7 ports), kept as
 * numbers `destination × 2^32 + payload` in one growing array, sorted numerically at the end;
 * a destination reached through several class pairs gets the union of their ports.
 */
class RowBuffer {
  private keys = new Float64Array(1024);
  private size = 0;
  private readonly conns: ConnSet[] = [];
  private readonly l7: (ConnSet | null)[] = [];

  clear(): void {
    this.size = 0;
    this.conns.length = 0;
    this.l7.length = 0;
  }

  payload(conns: ConnSet, l7: ConnSet | null): number {
    this.conns.push(conns);
    this.l7.push(l7);
    return this.conns.length - 1;
  }

  push(d: number, payload: number): void {
    if (this.size === this.keys.length) {
      const grown = new Float64Array(this.keys.length * 2);
      grown.set(this.keys);
      this.keys = grown;
    }
    this.keys[this.size++] = d * PAYLOADS + payload;
  }

  /** Calls `cb` once per destination, ascending, with the union of its payloads. */
  emit(cb: (d: number, conns: ConnSet, l7: ConnSet | null) => void): void {
    const keys = this.keys.subarray(0, this.size).sort();
    let i = 0;
    while (i < keys.length) {
      const d = Math.floor(keys[i]! / PAYLOADS);
      let conns = this.conns[keys[i]! % PAYLOADS]!;
      let l7 = this.l7[keys[i]! % PAYLOADS]!;
      for (i++; i < keys.length && Math.floor(keys[i]! / PAYLOADS) === d; i++) {
        const p = keys[i]! % PAYLOADS;
        conns = unionConns(conns, this.conns[p]!);
        const more = this.l7[p]!;
        if (more !== null) l7 = l7 === null ? more : unionConns(l7, more);
      }
      cb(d, conns, l7);
    }
  }
}

/** Payloads one row can hold apart (class pairs of one source node, and extras). */
const PAYLOADS = 2 ** 32;
