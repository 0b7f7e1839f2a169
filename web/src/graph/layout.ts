import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { VisibleGraph, VisibleNode } from './project.js';

/** A rectangle in graph coordinates (absolute, top-left origin). */
export interface Box {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface GraphLayout {
  readonly width: number;
  readonly height: number;
  readonly groups: readonly Box[];
  readonly nodes: readonly Box[];
  /** Which algorithm placed the nodes. */
  readonly algorithm: 'elk' | 'grid';
}

/** The part of an ELK instance the layout needs (elkjs' `ELK.layout`). */
export interface ElkLike {
  layout(graph: ElkNode): Promise<ElkNode>;
}

export const NODE_HEIGHT = 46;
const GROUP_PADDING_TOP = 34;
const GROUP_PADDING = 16;
const MARGIN = 24;

/** ELK lays out up to this size; beyond it a plain grid keeps the page responsive. */
export const ELK_MAX_NODES = 400;
export const ELK_MAX_EDGES = 4000;

/** A node's width from its longest text line (an estimate: the worker has no fonts). */
export function nodeWidth(node: VisibleNode): number {
  // label on the left, the IN/EG pills (about 60 px) on the right
  const label =
    (node.label.length + (node.type === 'namespace' ? 2 : 0)) * 8.6 +
    (node.type === 'external' || node.type === 'entity' ? 24 : 90);
  const sublabel = node.sublabel.length * 6.4 + 24;
  return Math.round(Math.min(280, Math.max(130, label, sublabel)));
}

/** Width over height the packed layout aims for (the graph pane is wider than tall). */
export const DEFAULT_ASPECT_RATIO = 1.9;

/**
 * The ELK input: each namespace a compound node laid out on its own (layered, along its own
 * connections), and the namespaces, collapsed namespaces and external nodes packed into a
 * rectangle of the pane's proportions. Connections between namespaces do not steer the packing:
 * in real clusters nearly everything talks to a few shared services, and a layout driven by
 * those edges spreads into an unreadable band; packed boxes stay readable at any size.
 */
export function toElkGraph(graph: VisibleGraph, aspectRatio = DEFAULT_ASPECT_RATIO): ElkNode {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const leaf = (n: VisibleNode): ElkNode => ({ id: n.id, width: nodeWidth(n), height: NODE_HEIGHT });
  const grouped = new Set(graph.groups.flatMap((g) => g.nodes));
  const children: ElkNode[] = graph.groups.map((g) => {
    const members = new Set(g.nodes);
    const edges: ElkExtendedEdge[] = graph.edges
      .filter((e) => e.src !== e.dst && members.has(e.src) && members.has(e.dst))
      .map((e, i) => ({ id: `${g.id}:e${i}`, sources: [e.src], targets: [e.dst] }));
    return {
      id: `group:${g.id}`,
      layoutOptions: {
        'elk.algorithm': 'layered',
        'elk.direction': 'RIGHT',
        'elk.aspectRatio': '1.6',
        'elk.spacing.nodeNode': '18',
        'elk.spacing.componentComponent': '18',
        'elk.layered.spacing.nodeNodeBetweenLayers': '46',
        'elk.padding': `[top=${GROUP_PADDING_TOP},left=${GROUP_PADDING},bottom=${GROUP_PADDING},right=${GROUP_PADDING}]`,
        // an empty namespace still shows as a box with its name
        'elk.nodeSize.constraints': 'MINIMUM_SIZE',
        'elk.nodeSize.minimum': `(${Math.round(Math.max(120, g.id.length * 7.4 + 40))},${NODE_HEIGHT + GROUP_PADDING_TOP})`,
      },
      children: g.nodes
        .map((id) => byId.get(id))
        .filter((n) => n !== undefined)
        .map(leaf),
      edges,
    };
  });
  for (const n of graph.nodes) if (!grouped.has(n.id)) children.push(leaf(n));
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'rectpacking',
      'elk.hierarchyHandling': 'SEPARATE_CHILDREN',
      'elk.aspectRatio': String(aspectRatio),
      'elk.spacing.nodeNode': '34',
      'elk.padding': `[top=${MARGIN},left=${MARGIN},bottom=${MARGIN},right=${MARGIN}]`,
    },
    children,
  };
}

/** Reads ELK's result (positions relative to the parent) into absolute boxes. */
export function readElkLayout(result: ElkNode): GraphLayout {
  const groups: Box[] = [];
  const nodes: Box[] = [];
  for (const child of result.children ?? []) {
    const box = { x: child.x ?? 0, y: child.y ?? 0, width: child.width ?? 0, height: child.height ?? 0 };
    if (child.id.startsWith('group:')) {
      groups.push({ id: child.id.slice('group:'.length), ...box });
      for (const leaf of child.children ?? []) {
        nodes.push({
          id: leaf.id,
          x: box.x + (leaf.x ?? 0),
          y: box.y + (leaf.y ?? 0),
          width: leaf.width ?? 0,
          height: leaf.height ?? 0,
        });
      }
    } else nodes.push({ id: child.id, ...box });
  }
  return { width: result.width ?? 0, height: result.height ?? 0, groups, nodes, algorithm: 'elk' };
}

/**
 * A deterministic grid: namespaces as boxes in rows (their nodes in a near-square grid), then
 * collapsed namespaces and external nodes. Used for graphs too large for a layered layout.
 */
export function gridLayout(graph: VisibleGraph, maxRowWidth?: number): GraphLayout {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const gap = 22;
  const cell = (ids: readonly string[]) => {
    let widest = 120;
    for (const id of ids) widest = Math.max(widest, nodeWidth(byId.get(id)!));
    return widest;
  };
  // Rows as wide as the pane's proportions ask for a graph of this area (at least 1,600).
  let area = 0;
  for (const n of graph.nodes) area += (nodeWidth(n) + gap * 2) * (NODE_HEIGHT + gap * 2);
  const rowWidth = maxRowWidth ?? Math.max(1600, Math.sqrt(area * DEFAULT_ASPECT_RATIO));
  const groups: Box[] = [];
  const nodes: Box[] = [];
  let x = MARGIN;
  let y = MARGIN;
  let rowHeight = 0;
  let width = 0;
  const place = (w: number, h: number): { x: number; y: number } => {
    if (x > MARGIN && x + w > rowWidth) {
      x = MARGIN;
      y += rowHeight + gap * 2;
      rowHeight = 0;
    }
    const at = { x, y };
    x += w + gap * 2;
    rowHeight = Math.max(rowHeight, h);
    width = Math.max(width, at.x + w);
    return at;
  };
  for (const g of graph.groups) {
    const ids = g.nodes.filter((id) => byId.has(id));
    const cols = Math.max(1, Math.ceil(Math.sqrt(ids.length)));
    const rows = Math.max(1, Math.ceil(ids.length / cols));
    const cw = cell(ids);
    const w = Math.max(cols * cw + (cols - 1) * gap + 2 * GROUP_PADDING, g.id.length * 7.4 + 40);
    const h = rows * NODE_HEIGHT + (rows - 1) * gap + GROUP_PADDING_TOP + GROUP_PADDING;
    const at = place(w, h);
    groups.push({ id: g.id, x: at.x, y: at.y, width: w, height: h });
    ids.forEach((id, i) => {
      nodes.push({
        id,
        x: at.x + GROUP_PADDING + (i % cols) * (cw + gap),
        y: at.y + GROUP_PADDING_TOP + Math.floor(i / cols) * (NODE_HEIGHT + gap),
        width: nodeWidth(byId.get(id)!),
        height: NODE_HEIGHT,
      });
    });
  }
  const grouped = new Set(graph.groups.flatMap((g) => g.nodes));
  for (const n of graph.nodes) {
    if (grouped.has(n.id)) continue;
    const w = nodeWidth(n);
    const at = place(w, NODE_HEIGHT);
    nodes.push({ id: n.id, x: at.x, y: at.y, width: w, height: NODE_HEIGHT });
  }
  return { width: width + MARGIN, height: y + rowHeight + MARGIN, groups, nodes, algorithm: 'grid' };
}

/**
 * Lays the graph out with ELK while that stays fast, with a plain grid beyond. A graph
 * without groups (the overview, every namespace folded) is boxes of one height packed in
 * rows, which the grid does at once as well as ELK's packing would.
 */
export async function layoutGraph(graph: VisibleGraph, elk: ElkLike): Promise<GraphLayout> {
  if (graph.groups.length === 0 || graph.nodes.length > ELK_MAX_NODES || graph.edges.length > ELK_MAX_EDGES)
    return gridLayout(graph);
  return readElkLayout(await elk.layout(toElkGraph(graph)));
}
