import ElkBundle from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import { describe, expect, it } from 'vitest';
import { EMPTY_CONNS } from '../../src/engine/port-set.js';
import type { ElkLike } from '../../web/src/graph/layout.js';
import { LAYOUTS_KEPT, LayoutCache } from '../../web/src/graph/layout-cache.js';
import type { VisibleEdge, VisibleGraph, VisibleNode } from '../../web/src/graph/project.js';

// elkjs is CommonJS: its default export is the constructor (typed as the module under NodeNext).
const ELK = ElkBundle as unknown as new () => ElkLike;

/** ELK, counting its runs. */
function countingElk(): ElkLike & { runs: number } {
  const elk = new ELK();
  const counting = {
    runs: 0,
    layout(graph: ElkNode) {
      counting.runs++;
      return elk.layout(graph);
    },
  };
  return counting;
}

const node = (id: string, group?: string): VisibleNode => ({
  id,
  type: id.startsWith('namespace:') ? 'namespace' : 'node',
  label: id,
  sublabel: '',
  ...(group === undefined ? {} : { group }),
  ingress: 'none',
  egress: 'none',
  members: [id],
});
const edge = (src: string, dst: string, label = ''): VisibleEdge => ({
  id: `${src}>${dst}`,
  src,
  dst,
  conns: EMPTY_CONNS,
  label,
  count: 1,
});

/** Namespace a unfolded (three workloads), namespaces b and c folded. */
function drillDown(edges: readonly VisibleEdge[]): VisibleGraph {
  return {
    groups: [{ id: 'a', nodes: ['a/x', 'a/y', 'a/z'] }],
    nodes: [node('a/x', 'a'), node('a/y', 'a'), node('a/z', 'a'), node('namespace:b'), node('namespace:c')],
    edges,
  };
}

describe('LayoutCache', () => {
  it('lays out again only when a connection inside a namespace changes', async () => {
    const elk = countingElk();
    const cache = new LayoutCache(elk);
    const first = await cache.layoutOf(drillDown([edge('a/x', 'a/y'), edge('a/x', 'namespace:b')]));
    expect(elk.runs).toBe(1);
    // ports changed, a connection to a folded namespace came and went: nothing moves
    const same = await cache.layoutOf(
      drillDown([edge('a/x', 'a/y', 'TCP 81'), edge('a/z', 'namespace:c'), edge('namespace:b', 'a/y')]),
    );
    expect(same).toBe(first);
    expect(elk.runs).toBe(1);
    // a connection inside namespace a steers its layered layout
    await cache.layoutOf(drillDown([edge('a/x', 'a/y'), edge('a/y', 'a/z')]));
    expect(elk.runs).toBe(2);
  });

  it('packs the folded overview without ELK, whatever its connections', async () => {
    const elk = countingElk();
    const cache = new LayoutCache(elk);
    const overview = (edges: VisibleEdge[]): VisibleGraph => ({
      groups: [],
      nodes: ['a', 'b', 'c'].map((n) => node(`namespace:${n}`)),
      edges,
    });
    const layout = await cache.layoutOf(overview([edge('namespace:a', 'namespace:b')]));
    expect(layout.algorithm).toBe('grid');
    expect(layout.nodes.map((b) => b.id)).toEqual(['namespace:a', 'namespace:b', 'namespace:c']);
    expect(await cache.layoutOf(overview([edge('namespace:c', 'namespace:a')]))).toBe(layout);
    expect(elk.runs).toBe(0);
  });

  it('finds the layout of a view seen before, among the last few', async () => {
    const elk = countingElk();
    const cache = new LayoutCache(elk);
    const views = Array.from({ length: LAYOUTS_KEPT }, (_, i) =>
      drillDown([edge('a/x', i % 2 ? 'a/y' : 'a/z')]),
    );
    const distinct = Array.from({ length: LAYOUTS_KEPT }, (_, i) => ({
      ...views[i]!,
      groups: [{ id: 'a', nodes: ['a/x', 'a/y', 'a/z', ...Array.from({ length: i }, (_, k) => `a/w${k}`)] }],
      nodes: [...views[i]!.nodes, ...Array.from({ length: i }, (_, k) => node(`a/w${k}`, 'a'))],
    }));
    const layouts = [];
    for (const v of distinct) layouts.push(await cache.layoutOf(v));
    expect(elk.runs).toBe(LAYOUTS_KEPT);
    expect(await cache.layoutOf(distinct[0]!)).toBe(layouts[0]);
    expect(elk.runs).toBe(LAYOUTS_KEPT);
    // one more view pushes out the least recently used (the second), not the first
    await cache.layoutOf({ ...distinct[0]!, nodes: [...distinct[0]!.nodes, node('namespace:d')] });
    await cache.layoutOf(distinct[1]!);
    expect(elk.runs).toBe(LAYOUTS_KEPT + 2);
    expect(await cache.layoutOf(distinct[0]!)).toBe(layouts[0]);
  });
});
