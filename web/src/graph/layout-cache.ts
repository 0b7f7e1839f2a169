import { type ElkLike, type GraphLayout, layoutGraph, nodeWidth } from './layout.js';
import type { VisibleGraph } from './project.js';

/**
 * What a layout depends on: groups, node sizes and the connections inside each group (the
 * layered layout of a namespace follows them). Connections between groups, folded
 * namespaces and outside addresses do not steer the packing (see toElkGraph), so they are
 * not part of the key, nor are ports.
 */
export function layoutKey(graph: VisibleGraph): string {
  const groupOf = new Map<string, string>();
  for (const g of graph.groups) for (const id of g.nodes) groupOf.set(id, g.id);
  const groups = graph.groups.map((g) => `${g.id}:${g.nodes.join('\u0001')}`).join('\u0002');
  const nodes = graph.nodes.map((n) => `${n.id}:${nodeWidth(n)}`).join('\u0002');
  const inner: string[] = [];
  for (const e of graph.edges) {
    const group = groupOf.get(e.src);
    if (e.src !== e.dst && group !== undefined && group === groupOf.get(e.dst))
      inner.push(`${e.src}\u0001${e.dst}`);
  }
  return `${groups}\u0003${nodes}\u0003${inner.join('\u0002')}`;
}

/** Layouts kept: the views a person moves between (overview, a namespace, a focus, back). */
export const LAYOUTS_KEPT = 8;

/**
 * Remembers recent layouts by what they depend on: an edit that changes ports, or connections
 * between namespaces, keeps every node where it was and costs no layout run; going back to a
 * view seen before (the overview after a drill-down) finds its layout again.
 */
export class LayoutCache {
  private readonly kept = new Map<string, GraphLayout>();

  constructor(private readonly elk: ElkLike) {}

  async layoutOf(graph: VisibleGraph): Promise<GraphLayout> {
    const key = layoutKey(graph);
    const hit = this.kept.get(key);
    if (hit !== undefined) {
      // most recently used last
      this.kept.delete(key);
      this.kept.set(key, hit);
      return hit;
    }
    const layout = await layoutGraph(graph, this.elk);
    this.kept.set(key, layout);
    if (this.kept.size > LAYOUTS_KEPT) this.kept.delete(this.kept.keys().next().value!);
    return layout;
  }
}
