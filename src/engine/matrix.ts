import type { Endpoint } from '../model/types.js';
import { ALL_CONNS, type ConnSet, unionConns } from './port-set.js';
import type { Reachability } from './reachability.js';

/** The unit a matrix row stands for. */
export type Granularity = 'pod' | 'workload' | 'namespace';

export interface MatrixNode {
  /** `namespace/name` (or `namespace/name[Kind]`), a namespace name, or `cidr[,cidr…]`. */
  readonly id: string;
  /** `Pod`, a workload kind, `Namespace` or `External`. */
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

  // For every class, the nodes holding its members and how many.
  const classNodes: Map<number, number>[] = reach.classes.map(() => new Map());
  for (const c of reach.classes) {
    for (const m of c.members) {
      const n = endpointNode.get(m);
      if (n === undefined) continue;
      const counts = classNodes[c.index]!;
      counts.set(n, (counts.get(n) ?? 0) + 1);
    }
  }
  const partyNodes = (party: number): Map<number, number> => {
    if (!reach.isExternal(party)) return classNodes[party]!;
    const x = party - reach.classes.length;
    return (options.external ?? true) ? new Map([[externalBase + x, 1]]) : new Map();
  };

  const acc = new Map<number, ConnSet>();
  const N = nodes.length;
  const add = (s: number, d: number, conns: ConnSet) => {
    const key = s * N + d;
    const prev = acc.get(key);
    acc.set(key, prev === undefined ? conns : unionConns(prev, conns));
  };
  reach.forEachPair((src, dst, conns) => {
    const srcNodes = partyNodes(src);
    const dstNodes = partyNodes(dst);
    for (const [s, sCount] of srcNodes) {
      for (const [d] of dstNodes) {
        // Same class, same node: only distinct pods count, so the node needs two of them.
        if (src === dst && s === d && sCount < 2) continue;
        if (granularity === 'pod' && s === d) continue;
        add(s, d, conns);
      }
    }
  });
  if (includeSelf) {
    for (let i = 0; i < externalBase; i++) if (nodes[i]!.endpoints.length > 0) add(i, i, ALL_CONNS);
  }
  const connections = [...acc.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([key, conns]) => ({ src: nodes[Math.floor(key / N)]!.id, dst: nodes[key % N]!.id, conns }));
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
