import type { MatrixNode } from '../../engine/matrix.js';
import { type ConnSet, connsEqual, formatConns, isAllConns } from '../../engine/port-set.js';
import type { MatrixView } from '../../focus/focus.js';
import { nodeLabel } from '../labels.js';
import { formatConnectionConns } from './l7.js';

/** A box of the drawing: the nodes of one namespace, or the nodes outside the cluster. */
export interface GraphGroup {
  readonly type: 'namespace' | 'external';
  readonly label: string;
  readonly nodes: readonly GraphNode[];
}

export interface GraphNode {
  /** A short id safe for every graph language: `n0`, `n1`, … in matrix order. */
  readonly key: string;
  readonly node: MatrixNode;
  /** The name inside the group (`web`), or the full label when ungrouped. */
  readonly label: string;
}

/** One arrow; `both` when the reverse connection allows exactly the same. */
export interface GraphEdge {
  readonly src: GraphNode;
  readonly dst: GraphNode;
  readonly conns: ConnSet;
  readonly label: string;
  readonly both: boolean;
  /** Every port of every protocol. */
  readonly open: boolean;
}

export interface MatrixGraph {
  readonly groups: readonly GraphGroup[];
  /** Nodes drawn outside any group (namespaces at namespace granularity). */
  readonly loose: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

/**
 * The matrix as a graph to draw: namespaces as groups of their pods or workloads, external
 * nodes in a group of their own, and pairs allowing the same both ways merged into one
 * two-headed edge. Pure data; dot, mermaid and html draw it.
 */
export function matrixGraph(view: MatrixView): MatrixGraph {
  const nodes = view.matrix.nodes.map(
    (node, i): GraphNode => ({
      key: `n${i}`,
      node,
      label:
        node.kind === 'External' || node.namespace === undefined ? nodeLabel(node) : (node.name ?? node.id),
    }),
  );
  const byId = new Map(nodes.map((n) => [n.node.id, n]));
  const groups = new Map<string, GraphNode[]>();
  const external: GraphNode[] = [];
  const loose: GraphNode[] = [];
  for (const n of nodes) {
    if (n.node.kind === 'External') external.push(n);
    else if (n.node.namespace === undefined) loose.push(n);
    else {
      const list = groups.get(n.node.namespace) ?? [];
      list.push(n);
      groups.set(n.node.namespace, list);
    }
  }
  const allGroups: GraphGroup[] = [...groups].map(([ns, list]) => ({
    type: 'namespace',
    label: ns,
    nodes: list,
  }));
  if (external.length > 0)
    allGroups.push({ type: 'external', label: 'outside the cluster', nodes: external });

  const conns = new Map(view.matrix.connections.map((c) => [`${c.src}\u0000${c.dst}`, c]));
  const edges: GraphEdge[] = [];
  for (const c of view.matrix.connections) {
    const src = byId.get(c.src);
    const dst = byId.get(c.dst);
    if (src === undefined || dst === undefined) continue;
    const reverse = c.src === c.dst ? undefined : conns.get(`${c.dst}\u0000${c.src}`);
    // (ports an L7 rule governs are labelled per direction: such pairs are drawn one way each)
    const both =
      reverse !== undefined &&
      connsEqual(reverse.conns, c.conns) &&
      c.l7 === undefined &&
      reverse.l7 === undefined;
    // Draw a two-way pair once, from the node that comes first.
    if (both && nodes.indexOf(src) > nodes.indexOf(dst)) continue;
    edges.push({
      src,
      dst,
      conns: c.conns,
      label: formatConnectionConns(c, formatConns),
      both,
      open: isAllConns(c.conns),
    });
  }
  return { groups: allGroups, loose, edges };
}
