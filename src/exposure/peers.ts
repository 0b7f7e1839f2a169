import { buildMatrix, type MatrixNode } from '../engine/matrix.js';
import { type ConnSet, connsKey, unionConns } from '../engine/port-set.js';
import type { Reachability } from '../engine/reachability.js';
import type { Endpoint, Workload } from '../model/types.js';
import { mergeCidrs } from './cidrs.js';
import { workloadIsolation, workloadRef } from './isolation.js';
import type { Peer, PeerDirection, PeerList, PeerReport } from './types.js';

export interface PeerOptions {
  readonly directions: readonly PeerDirection[];
  /** How peers are grouped: per pod, per workload (default) or per namespace. */
  readonly granularity?: 'pod' | 'workload' | 'namespace';
  /** Include addresses outside the cluster (default true). */
  readonly external?: boolean;
}

/**
 * "Who can reach me" (`in`: sources that may connect to the workload, and on what) and "whom
 * can I reach" (`out`), with the workload's isolation and the policies behind it. Connections
 * among the workload's own pods are left out.
 */
export function analyzePeers(reach: Reachability, workload: Workload, options: PeerOptions): PeerReport {
  const granularity = options.granularity ?? 'workload';
  const byId = new Map(reach.compiled.cluster.endpoints.map((e) => [e.id, e]));
  const endpoints = workload.endpoints
    .map((id) => byId.get(id))
    .filter((e): e is Endpoint => e !== undefined);
  const own = new Set(endpoints);
  const matrix = buildMatrix(reach, {
    granularity: granularity === 'pod' ? 'pod' : 'workload',
    external: options.external ?? true,
  });
  const isTarget = (n: MatrixNode) => n.endpoints.length > 0 && n.endpoints.every((e) => own.has(e));
  const nodes = new Map(matrix.nodes.map((n) => [n.id, n]));
  const order = new Map(matrix.nodes.map((n, i) => [n.id, i]));
  const isolation = workloadIsolation(reach.compiled, workload, endpoints);
  const lists = options.directions.map((direction): PeerList => {
    const peers = new Map<string, { node: MatrixNode; conns: ConnSet; index: number }>();
    for (const c of matrix.connections) {
      const self = nodes.get(direction === 'in' ? c.dst : c.src)!;
      const other = nodes.get(direction === 'in' ? c.src : c.dst)!;
      if (!isTarget(self) || isTarget(other)) continue;
      const group = granularity === 'namespace' ? namespaceNode(other) : other;
      const prev = peers.get(group.id);
      peers.set(group.id, {
        node: group,
        conns: prev === undefined ? c.conns : unionConns(prev.conns, c.conns),
        index: Math.min(prev?.index ?? Number.MAX_SAFE_INTEGER, order.get(other.id)!),
      });
    }
    // In matrix order: namespaces and names sorted, outside addresses last.
    const sorted = mergeExternal([...peers.values()]).sort((a, b) => a.index - b.index);
    return {
      direction,
      isolation: direction === 'in' ? isolation.ingress : isolation.egress,
      policies: direction === 'in' ? isolation.ingressPolicies : isolation.egressPolicies,
      peers: sorted.map(({ node, conns }) => toPeer(node, conns)),
    };
  });
  return { workload: workloadRef(workload), granularity, lists };
}

/** Outside addresses that may use the same ports are one peer. */
function mergeExternal<T extends { node: MatrixNode; conns: ConnSet; index: number }>(peers: T[]): T[] {
  const out: T[] = [];
  const byConns = new Map<string, T>();
  for (const p of peers) {
    if (p.node.kind !== 'External') {
      out.push(p);
      continue;
    }
    const key = connsKey(p.conns);
    const prev = byConns.get(key);
    if (prev === undefined) {
      byConns.set(key, p);
      out.push(p);
      continue;
    }
    const cidrs = mergeCidrs([...(prev.node.cidrs ?? []), ...(p.node.cidrs ?? [])]);
    const merged = { ...prev, node: { ...prev.node, id: cidrs.join(','), cidrs } };
    byConns.set(key, merged);
    out[out.indexOf(prev)] = merged;
  }
  return out;
}

function namespaceNode(node: MatrixNode): MatrixNode {
  if (node.namespace === undefined) return node;
  return { id: node.namespace, kind: 'Namespace', name: node.namespace, endpoints: [] };
}

function toPeer(node: MatrixNode, conns: ConnSet): Peer {
  return {
    id: node.id,
    kind: node.kind,
    ...(node.namespace === undefined ? {} : { namespace: node.namespace }),
    ...(node.name === undefined ? {} : { name: node.name }),
    ...(node.cidrs === undefined ? {} : { cidrs: node.cidrs }),
    conns,
  };
}
