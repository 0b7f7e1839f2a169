import type { CompiledCluster } from '../../../src/engine/compile.js';
import type { Granularity, Matrix, MatrixConnection, MatrixNode } from '../../../src/engine/matrix.js';
import type { Reachability } from '../../../src/engine/reachability.js';
import type { Endpoint, Labels, Workload } from '../../../src/model/types.js';
import { sourceLink } from '../view/links.js';
import type { Coverage, GraphModel, NamespaceInfo, NodeInfo } from '../view/types.js';

/** Per endpoint: whether some policy isolates it for ingress and for egress. */
export interface Isolation {
  readonly ingress: boolean;
  readonly egress: boolean;
}

/**
 * Which endpoints are isolated, per direction: a pod is isolated for a direction when a policy
 * of its namespace selects it with that direction in its policyTypes (hostNetwork pods never).
 * Computed once per equivalence class, since every member behaves alike.
 */
export function isolationOf(reach: Reachability): Map<Endpoint, Isolation> {
  const out = new Map<Endpoint, Isolation>();
  for (const c of reach.classes) {
    const isolation = reach.isolation(c.index);
    for (const m of c.members) out.set(m, isolation);
  }
  return out;
}

function coverage(endpoints: readonly Endpoint[], isolated: (e: Endpoint) => boolean): Coverage {
  if (endpoints.length === 0) return 'none';
  const n = endpoints.filter(isolated).length;
  return n === 0 ? 'none' : n === endpoints.length ? 'all' : 'some';
}

/** The labels every endpoint of the node shares (a workload's template labels in practice). */
function commonLabels(endpoints: readonly Endpoint[]): Labels {
  const first = endpoints[0];
  if (first === undefined) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(first.labels)) {
    if (endpoints.every((e) => e.labels[k] === v)) out[k] = v;
  }
  return out;
}

function nodeInfo(
  node: MatrixNode,
  compiled: CompiledCluster,
  isolation: Map<Endpoint, Isolation>,
  workloads: ReadonlyMap<string, Workload>,
): NodeInfo {
  if (node.kind === 'External') {
    const cidrs = node.cidrs ?? [];
    return {
      id: node.id,
      kind: 'External',
      name: cidrs.length === 1 ? cidrs[0]! : `${cidrs[0] ?? ''} +${cidrs.length - 1} more`,
      labels: {},
      cidrs,
      pods: 0,
      ips: [],
      ingress: 'none',
      egress: 'none',
    };
  }
  if (node.kind === 'Entity') {
    return {
      id: node.id,
      kind: 'Entity',
      name: node.name ?? node.id,
      labels: {},
      pods: 0,
      ips: [],
      ingress: 'none',
      egress: 'none',
    };
  }
  const first = node.endpoints[0];
  const workload = workloads.get(node.id);
  const source = workload?.source ?? first?.source;
  return {
    id: node.id,
    kind: node.kind,
    ...(node.namespace === undefined ? {} : { namespace: node.namespace }),
    name: node.name ?? node.id,
    labels: workload?.labels ?? commonLabels(node.endpoints),
    pods: node.endpoints.length,
    ips: node.endpoints.flatMap((e) => e.ips),
    ingress: coverage(node.endpoints, (e) => isolation.get(e)?.ingress ?? false),
    egress: coverage(node.endpoints, (e) => isolation.get(e)?.egress ?? false),
    ...(source === undefined ? {} : { source: sourceLink(compiled.cluster.locator, source) }),
  };
}

/**
 * The graph of a matrix: its nodes with labels, isolation and source line, the namespaces
 * they belong to, and one edge per allowed connection.
 */
export function buildGraphModel(matrix: Matrix, reach: Reachability): GraphModel {
  const compiled = reach.compiled;
  const isolation = isolationOf(reach);
  const workloads = new Map(compiled.cluster.workloads.map((w) => [w.id, w]));
  const namespaces: NamespaceInfo[] = [...compiled.cluster.namespaces.values()]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((ns) => ({
      name: ns.name,
      labels: ns.labels,
      implicit: ns.implicit,
      ...(ns.source === undefined ? {} : { source: sourceLink(compiled.cluster.locator, ns.source) }),
    }));
  return {
    namespaces,
    nodes: matrix.nodes.map((n) => nodeInfo(n, compiled, isolation, workloads)),
    edges: matrix.connections.map(edgeOf),
  };
}

/**
 * The graph of `matrix` from the graph of an earlier matrix with the same nodes (the matrix of
 * the same cluster before an edit of policies, see `updateMatrix`): the nodes `changed` says
 * an edit can touch (isolation) are described again, the others and the namespaces are kept;
 * edges of connections kept by the matrix are kept too. Equal to `buildGraphModel`.
 */
export function updateGraphModel(
  previous: GraphModel,
  matrix: Matrix,
  reach: Reachability,
  changed: (node: MatrixNode) => boolean,
): GraphModel {
  const compiled = reach.compiled;
  let workloads: Map<string, Workload> | undefined;
  const isolation = new Map<Endpoint, Isolation>();
  const nodes = matrix.nodes.map((n, i) => {
    if (!changed(n)) return previous.nodes[i]!;
    for (const e of n.endpoints) isolation.set(e, reach.isolation(reach.classOf(e)));
    workloads ??= new Map(compiled.cluster.workloads.map((w) => [w.id, w]));
    return nodeInfo(n, compiled, isolation, workloads);
  });
  return { namespaces: previous.namespaces, nodes, edges: matrix.connections.map(edgeOf) };
}

const edges = new WeakMap<MatrixConnection, GraphModel['edges'][number]>();

/** The graph edge of a connection, one object per connection object. */
function edgeOf(c: MatrixConnection): GraphModel['edges'][number] {
  let edge = edges.get(c);
  if (edge === undefined) {
    edge =
      c.l7 === undefined
        ? { src: c.src, dst: c.dst, conns: c.conns }
        : { src: c.src, dst: c.dst, conns: c.conns, l7: c.l7 };
    edges.set(c, edge);
  }
  return edge;
}

/** The granularities the graph offers. */
export type GraphGranularity = Extract<Granularity, 'pod' | 'workload'>;
