import ElkBundle from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import { buildMatrix } from '../../src/engine/matrix.js';
import { ALL_CONNS, connsOf, formatConns } from '../../src/engine/port-set.js';
import { connectivityChanges } from '../../web/src/diff/changes.js';
import { clipToRect, edgeBends, edgeGeometry } from '../../web/src/graph/geometry.js';
import {
  type ElkLike,
  gridLayout,
  layoutGraph,
  readElkLayout,
  toElkGraph,
} from '../../web/src/graph/layout.js';
import { buildGraphModel } from '../../web/src/graph/model.js';
import {
  defaultViewOptions,
  edgeLabel,
  type GraphViewOptions,
  namespaceNodeId,
  projectGraph,
  searchGraph,
} from '../../web/src/graph/project.js';
import type { GraphModel, NodeInfo } from '../../web/src/view/types.js';

// elkjs is CommonJS: its default export is the constructor (typed as the module under NodeNext).
const ELK = ElkBundle as unknown as new () => ElkLike;

import { tutorialReach } from './support.js';

function tutorialModel(): GraphModel {
  const { reach } = tutorialReach();
  return buildGraphModel(buildMatrix(reach), reach);
}

const ALL: GraphViewOptions = { collapsed: [], hidden: [], showExternal: true, edges: 'all', filter: null };

describe('buildGraphModel', () => {
  const model = tutorialModel();
  const node = (id: string) => model.nodes.find((n) => n.id === id)!;

  it('has the namespaces, the pods and the external node of the tutorial', () => {
    expect(model.namespaces.map((n) => n.name)).toEqual(['default', 'dev1', 'dev2']);
    expect(model.nodes.map((n) => n.id)).toEqual([
      'default/default',
      'dev1/demo1',
      'dev2/demo2',
      'dev2/http-echo',
      '0.0.0.0/0',
    ]);
    expect(node('0.0.0.0/0')).toMatchObject({ kind: 'External', cidrs: ['0.0.0.0/0'], pods: 0 });
  });

  it('marks pods isolated by deny-all for ingress, and nothing for egress', () => {
    expect(node('dev2/demo2')).toMatchObject({ ingress: 'all', egress: 'none' });
    expect(node('dev1/demo1')).toMatchObject({ ingress: 'none', egress: 'none' });
  });

  it('carries labels, IPs and the line each object starts at', () => {
    expect(node('dev1/demo1')).toMatchObject({
      labels: { run: 'demo1' },
      ips: ['10.0.1.147'],
      source: { file: 'tutorial/pods.yaml', line: 3 },
    });
  });

  it('has one edge per allowed connection with its ports', () => {
    const edge = model.edges.find((e) => e.src === 'dev1/demo1' && e.dst === 'dev2/demo2')!;
    expect(formatConns(edge.conns)).toBe('TCP 80');
    expect(model.edges.some((e) => e.src === 'default/default' && e.dst === 'dev2/demo2')).toBe(false);
  });
});

describe('projectGraph', () => {
  const model = tutorialModel();

  it('draws every namespace as a group of its nodes, external nodes outside', () => {
    const g = projectGraph(model, ALL);
    expect(g.groups).toEqual([
      { id: 'default', nodes: ['default/default'] },
      { id: 'dev1', nodes: ['dev1/demo1'] },
      { id: 'dev2', nodes: ['dev2/demo2', 'dev2/http-echo'] },
    ]);
    expect(g.nodes.find((n) => n.id === '0.0.0.0/0')).toMatchObject({ type: 'external' });
    expect(g.edges).toHaveLength(model.edges.length);
    expect(g.edges.find((e) => e.src === 'dev1/demo1' && e.dst === 'dev2/demo2')?.label).toBe('TCP 80');
  });

  it('folds a collapsed namespace into one node and merges its edges', () => {
    const g = projectGraph(model, { ...ALL, collapsed: ['dev2'] });
    const ns = namespaceNodeId('dev2');
    expect(g.groups.map((x) => x.id)).toEqual(['default', 'dev1']);
    expect(g.nodes.find((n) => n.id === ns)).toMatchObject({
      type: 'namespace',
      members: ['dev2/demo2', 'dev2/http-echo'],
      ingress: 'all',
    });
    const into = g.edges.find((e) => e.src === 'dev1/demo1' && e.dst === ns)!;
    expect(into).toMatchObject({ count: 2, label: 'TCP 80' });
    // dev2's pods may talk to each other? deny-all isolates them: no edge inside the namespace.
    expect(g.edges.some((e) => e.src === ns && e.dst === ns)).toBe(false);
  });

  it('keeps a change inside a collapsed namespace as its own edge', () => {
    const open = tutorialReach(['namespaces.yaml', 'pods.yaml', 'http-echo.yaml']).reach;
    const closed = tutorialReach([
      'namespaces.yaml',
      'pods.yaml',
      'http-echo.yaml',
      'policy-deny-all.yaml',
    ]).reach;
    const changes = connectivityChanges(
      { reach: open, matrix: buildMatrix(open) },
      { reach: closed, matrix: buildMatrix(closed) },
      'workload',
    );
    const g = projectGraph(
      buildGraphModel(buildMatrix(closed), closed),
      { ...ALL, collapsed: ['dev2'] },
      changes,
    );
    const ns = namespaceNodeId('dev2');
    // deny-all cut demo2 ↔ http-echo inside dev2: the folded namespace shows it as a removed self-edge
    expect(g.edges.find((e) => e.src === ns && e.dst === ns)).toMatchObject({ change: 'removed' });
  });

  it('hides namespaces and external nodes with their edges', () => {
    const g = projectGraph(model, { ...ALL, hidden: ['dev2', 'default'], showExternal: false });
    expect(g.nodes.map((n) => n.id)).toEqual(['dev1/demo1']);
    expect(g.edges).toEqual([]);
  });

  it('keeps only the ports of the filter, dropping edges with none left', () => {
    const g = projectGraph(model, { ...ALL, filter: connsOf('TCP', [8080, 8080]) });
    expect(g.edges.some((e) => e.dst === 'dev2/demo2')).toBe(false);
    expect(g.edges.find((e) => e.src === 'dev1/demo1' && e.dst === 'default/default')?.label).toBe(
      'TCP 8080',
    );
  });

  it('keeps only governed edges in "isolated" mode', () => {
    const g = projectGraph(model, { ...ALL, edges: 'isolated' });
    expect(g.edges.map((e) => `${e.src}>${e.dst}`).sort()).toEqual([
      'dev1/demo1>dev2/demo2',
      'dev1/demo1>dev2/http-echo',
    ]);
  });

  it('marks changed edges and draws removed ones', () => {
    const { reach } = tutorialReach(['namespaces.yaml', 'pods.yaml', 'http-echo.yaml']);
    const now = tutorialReach().reach;
    const changes = connectivityChanges(
      { reach, matrix: buildMatrix(reach) },
      { reach: now, matrix: buildMatrix(now) },
      'workload',
    );
    const g = projectGraph(model, ALL, changes);
    const removed = g.edges.filter((e) => e.change === 'removed');
    expect(removed.some((e) => e.src === 'default/default' && e.dst === 'dev2/demo2')).toBe(true);
    expect(g.edges.find((e) => e.src === 'dev1/demo1' && e.dst === 'dev2/demo2')?.change).toBe('changed');
  });

  it('collapses large graphs and shows only governed edges when there are many', () => {
    const nodes: NodeInfo[] = Array.from({ length: 70 }, (_, i) => ({
      id: `ns${i % 7}/w${i}`,
      kind: 'Deployment',
      namespace: `ns${i % 7}`,
      name: `w${i}`,
      labels: {},
      pods: 1,
      ips: [],
      ingress: 'none',
      egress: 'none',
    }));
    const big: GraphModel = {
      namespaces: Array.from({ length: 7 }, (_, i) => ({ name: `ns${i}`, labels: {}, implicit: false })),
      nodes,
      edges: nodes.flatMap((a) => nodes.slice(0, 5).map((b) => ({ src: a.id, dst: b.id, conns: ALL_CONNS }))),
    };
    expect(defaultViewOptions(big)).toMatchObject({
      collapsed: big.namespaces.map((n) => n.name),
      edges: 'all',
    });
    expect(defaultViewOptions(model)).toMatchObject({ collapsed: [], edges: 'all' });
    expect(defaultViewOptions({ ...big, edges: [...big.edges, ...big.edges] }).edges).toBe('isolated');
  });
});

describe('edgeLabel', () => {
  it.each([
    [ALL_CONNS, ''],
    [connsOf('TCP', [80, 80]), 'TCP 80'],
    [connsOf('UDP', [1, 65535]), 'UDP all'],
    [connsOf('TCP', [1, 1, 3, 3, 5, 5, 7, 7, 9, 9, 11, 11, 13, 13, 15, 15]), 'TCP 1,3,5,7,9,11,13,15'],
    [
      connsOf('TCP', [1, 1, 3, 3, 5, 5, 7, 7, 9, 9, 11, 11, 13, 13, 15, 15, 17, 17, 19, 19, 21, 21]),
      'TCP 1,3,5,7,9,11,13,15,17,1…',
    ],
  ] as const)('labels %j as %j', (conns, label) => {
    expect(edgeLabel(conns)).toBe(label);
  });
});

describe('searchGraph', () => {
  const model = tutorialModel();
  const graph = projectGraph(model, { ...ALL, collapsed: ['dev2'] });
  it.each([
    ['demo1', ['dev1/demo1']],
    ['run=demo2', ['namespace:dev2']],
    ['10.0.1.115', ['namespace:dev2']],
    ['DEV1 demo', ['dev1/demo1']],
    ['0.0.0.0/0', ['0.0.0.0/0']],
    ['', []],
    ['nothing-like-this', []],
  ] as const)('%j matches %j', (query, ids) => {
    expect([...searchGraph(graph, model, query)]).toEqual(ids);
  });
});

describe('layout', () => {
  const model = tutorialModel();
  const graph = projectGraph(model, ALL);
  const overlaps = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  const inside = (inner: typeof outer, outer: { x: number; y: number; width: number; height: number }) =>
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width + 0.01 &&
    inner.y + inner.height <= outer.y + outer.height + 0.01;

  it('gives ELK namespaces as compound nodes, each with its own connections, packed at the root', () => {
    const elk = toElkGraph(graph);
    expect(elk.layoutOptions?.['elk.algorithm']).toBe('rectpacking');
    expect(elk.children?.map((c) => c.id)).toEqual([
      'group:default',
      'group:dev1',
      'group:dev2',
      '0.0.0.0/0',
    ]);
    expect(elk.children?.[2]?.children?.map((c) => c.id)).toEqual(['dev2/demo2', 'dev2/http-echo']);
    // demo2 and http-echo are both isolated by deny-all: no connection inside dev2
    expect(elk.children?.[2]?.edges).toEqual([]);
    expect(elk.edges).toBeUndefined();
    const { reach } = tutorialReach(['namespaces.yaml', 'pods.yaml', 'http-echo.yaml']);
    const open = projectGraph(buildGraphModel(buildMatrix(reach), reach), ALL);
    expect(toElkGraph(open).children?.[2]?.edges?.map((e) => [e.sources[0], e.targets[0]])).toEqual([
      ['dev2/demo2', 'dev2/http-echo'],
      ['dev2/http-echo', 'dev2/demo2'],
    ]);
  });

  it('lays the tutorial out with real ELK: nodes inside their namespace, nothing overlapping', async () => {
    const layout = await layoutGraph(graph, new ELK());
    expect(layout.algorithm).toBe('elk');
    for (const a of layout.groups)
      for (const b of layout.groups) if (a !== b) expect(overlaps(a, b)).toBe(false);
    expect(layout.nodes).toHaveLength(graph.nodes.length);
    for (const g of graph.groups) {
      const box = layout.groups.find((b) => b.id === g.id)!;
      for (const id of g.nodes) expect(inside(layout.nodes.find((n) => n.id === id)!, box)).toBe(true);
    }
    for (const a of layout.nodes)
      for (const b of layout.nodes) if (a !== b) expect(overlaps(a, b)).toBe(false);
  });

  it('reads ELK positions relative to their parent', () => {
    const layout = readElkLayout({
      id: 'root',
      width: 500,
      height: 300,
      children: [
        {
          id: 'group:a',
          x: 100,
          y: 50,
          width: 200,
          height: 100,
          children: [{ id: 'a/x', x: 10, y: 30, width: 50, height: 20 }],
        },
        { id: 'ext', x: 400, y: 10, width: 60, height: 20 },
      ],
    });
    expect(layout.nodes).toEqual([
      { id: 'a/x', x: 110, y: 80, width: 50, height: 20 },
      { id: 'ext', x: 400, y: 10, width: 60, height: 20 },
    ]);
    expect(layout.groups).toEqual([{ id: 'a', x: 100, y: 50, width: 200, height: 100 }]);
  });

  it('grids large graphs deterministically without overlaps', () => {
    const a = gridLayout(graph, 600);
    expect(gridLayout(graph, 600)).toEqual(a);
    expect(a.algorithm).toBe('grid');
    for (const x of a.nodes) for (const y of a.nodes) if (x !== y) expect(overlaps(x, y)).toBe(false);
    for (const x of a.groups) for (const y of a.groups) if (x !== y) expect(overlaps(x, y)).toBe(false);
    for (const g of graph.groups) {
      const box = a.groups.find((b) => b.id === g.id)!;
      for (const id of g.nodes) expect(inside(a.nodes.find((n) => n.id === id)!, box)).toBe(true);
    }
  });
});

describe('edge geometry', () => {
  const a = { x: 0, y: 0, width: 100, height: 40 };
  const b = { x: 300, y: 0, width: 100, height: 40 };

  it('clips a ray from the centre at the rectangle border', () => {
    expect(clipToRect(a, { x: 1000, y: 20 })).toEqual({ x: 100, y: 20 });
    expect(clipToRect(a, { x: 50, y: -500 })).toEqual({ x: 50, y: 0 });
  });

  it('starts on the source border and ends just before the target', () => {
    const geo = edgeGeometry(a, b, 0);
    expect(geo.d).toBe('M100,20 Q200,20 297,20');
    expect(geo.label).toEqual({ x: 199.3, y: 20 });
  });

  it('bends to the left of its direction, so opposite edges do not overlap', () => {
    const there = edgeGeometry(a, b, 26);
    const back = edgeGeometry(b, a, 26);
    expect(there.label.y).toBeLessThan(20);
    expect(back.label.y).toBeGreaterThan(20);
  });

  it('loops over the top for an edge to itself', () => {
    expect(edgeGeometry(a, a).d.startsWith('M62,0 C')).toBe(true);
  });

  it('bends pairs that talk both ways more', () => {
    expect(
      edgeBends([
        { src: 'a', dst: 'b' },
        { src: 'b', dst: 'a' },
        { src: 'a', dst: 'c' },
        { src: 'c', dst: 'c' },
      ]),
    ).toEqual([26, 26, 10, 10]);
  });
});
