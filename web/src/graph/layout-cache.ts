import { type ElkLike, type GraphLayout, layoutGraph, nodeWidth } from './layout.js';
import type { VisibleGraph } from './project.js';

/** What a layout depends on: groups, node sizes and which pairs are connected (not their ports). */
export function layoutKey(graph: VisibleGraph): string {
  const groups = graph.groups.map((g) => `${g.id}:${g.nodes.join('\u0001')}`).join('\u0002');
  const nodes = graph.nodes.map((n) => `${n.id}:${nodeWidth(n)}`).join('\u0002');
  const edges = graph.edges.map((e) => `${e.src}\u0001${e.dst}`).join('\u0002');
  return `${groups}\u0003${nodes}\u0003${edges}`;
}

/**
 * Remembers the last layout: an edit that changes ports but not which pairs are connected keeps
 * every node where it was, and costs no layout run.
 */
export class LayoutCache {
  private key: string | undefined;
  private layout: GraphLayout | undefined;

  constructor(private readonly elk: ElkLike) {}

  async layoutOf(graph: VisibleGraph): Promise<GraphLayout> {
    const key = layoutKey(graph);
    if (key === this.key && this.layout !== undefined) return this.layout;
    const layout = await layoutGraph(graph, this.elk);
    this.key = key;
    this.layout = layout;
    return layout;
  }
}
