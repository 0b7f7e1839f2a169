import type { Endpoint } from '../model/types.js';
import { ciliumEntityNodes, l7Tracker } from './matrix-cilium.js';
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

  // Per source node, its destinations and their ports: small maps with small keys, sorted
  // row by row, instead of one map of millions of pairs sorted at once.
  const rows: (Map<number, ConnSet> | undefined)[] = new Array(nodes.length);
  const l7Rows: (Map<number, ConnSet> | undefined)[] = new Array(nodes.length);
  const addTo = (table: typeof rows, s: number, d: number, conns: ConnSet) => {
    let row = table[s];
    if (row === undefined) {
      row = new Map();
      table[s] = row;
    }
    const prev = row.get(d);
    row.set(d, prev === undefined ? conns : unionConns(prev, conns));
  };
  const add = (s: number, d: number, conns: ConnSet, l7: ConnSet | null = null) => {
    addTo(rows, s, d, conns);
    if (l7 !== null && !isEmptyConns(l7)) addTo(l7Rows, s, d, l7);
  };
  const l7 = l7Tracker(reach);
  reach.forEachPair((src, dst, conns) => {
    const from = partyNodes[src]!;
    const to = partyNodes[dst]!;
    const governed = l7 === null ? null : l7(src, dst);
    for (let i = 0; i < from.nodes.length; i++) {
      const s = from.nodes[i]!;
      for (let j = 0; j < to.nodes.length; j++) {
        const d = to.nodes[j]!;
        // Same class, same node: only distinct pods count, so the node needs two of them.
        if (s === d && (granularity === 'pod' || (src === dst && from.counts[i]! < 2))) continue;
        add(s, d, conns, governed);
      }
    }
  });
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
  const connections: MatrixConnection[] = [];
  rows.forEach((row, s) => {
    if (row === undefined) return;
    const src = nodes[s]!.id;
    const l7Row = l7Rows[s];
    for (const d of Int32Array.from(row.keys()).sort()) {
      const governed = l7Row?.get(d);
      connections.push({
        src,
        dst: nodes[d]!.id,
        conns: row.get(d)!,
        ...(governed === undefined ? {} : { l7: governed }),
      });
    }
  });
  return { granularity, nodes, connections };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortEndpoints(endpoints: readonly Endpoint[]): Endpoint[] {
  return [...endpoints].sort(
    (a, b) => cmp(a.namespace, b.namespace) || cmp(a.name, b.name) || cmp(a.kind, b.kind),
  );
}
