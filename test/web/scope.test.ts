import { describe, expect, it } from 'vitest';
import { buildMatrix } from '../../src/engine/matrix.js';
import { ALL_CONNS } from '../../src/engine/port-set.js';
import { buildGraphModel } from '../../web/src/graph/model.js';
import {
  defaultViewOptions,
  type GraphViewOptions,
  LEGIBLE_NODES,
  legible,
  namespaceNodeId,
  projectGraph,
  searchVisible,
} from '../../web/src/graph/project.js';
import type { GraphModel, NodeInfo } from '../../web/src/view/types.js';
import { drawableGraph, MAX_DRAWN_EDGES } from '../../web/src/worker/session.js';
import { tutorialReach } from './support.js';

const ALL: GraphViewOptions = { collapsed: [], hidden: [], showExternal: true, edges: 'all', filter: null };

function tutorialModel(): GraphModel {
  const { reach } = tutorialReach();
  return buildGraphModel(buildMatrix(reach), reach);
}

/** `namespaces` namespaces of `perNamespace` workloads; every workload reaches the first `fanOut` of every namespace. */
function generated(namespaces: number, perNamespace: number, fanOut: number): GraphModel {
  const nodes: NodeInfo[] = [];
  for (let n = 0; n < namespaces; n++)
    for (let w = 0; w < perNamespace; w++)
      nodes.push({
        id: `ns${n}/w${w}`,
        kind: 'Deployment',
        namespace: `ns${n}`,
        name: `w${w}`,
        labels: { app: `w${w}` },
        pods: 1,
        ips: [],
        ingress: 'all',
        egress: 'none',
      });
  const targets = nodes.filter((x) => Number(x.name.slice(1)) < fanOut);
  return {
    namespaces: Array.from({ length: namespaces }, (_, i) => ({
      name: `ns${i}`,
      labels: {},
      implicit: false,
    })),
    nodes,
    edges: nodes.flatMap((a) =>
      targets.filter((b) => b !== a).map((b) => ({ src: a.id, dst: b.id, conns: ALL_CONNS })),
    ),
  };
}

describe('graph scopes', () => {
  const model = tutorialModel();

  it('a drilled-into namespace: its workloads, and the namespaces and addresses it talks with, folded', () => {
    const g = projectGraph(model, { ...ALL, scope: { type: 'namespace', namespace: 'dev2' } });
    expect(g.groups.map((x) => x.id)).toEqual(['dev2']);
    expect(g.nodes.filter((n) => n.type === 'node').map((n) => n.id)).toEqual([
      'dev2/demo2',
      'dev2/http-echo',
    ]);
    // every edge touches dev2; dev1 reaches it on 80 and shows folded
    for (const e of g.edges) expect([e.src, e.dst].some((id) => id.startsWith('dev2/'))).toBe(true);
    expect(g.edges.some((e) => e.src === namespaceNodeId('dev1') && e.dst === 'dev2/demo2')).toBe(true);
    // default cannot reach dev2, but dev2 reaches default (no egress policy): folded too
    expect(g.nodes.some((n) => n.id === namespaceNodeId('default'))).toBe(true);
  });

  it('a workload in focus: only its in- and out-neighbours, each on its own', () => {
    const g = projectGraph(model, {
      ...ALL,
      collapsed: ['dev1'],
      scope: { type: 'focus', node: 'dev2/demo2' },
    });
    for (const e of g.edges) expect([e.src, e.dst]).toContain('dev2/demo2');
    expect(g.edges.some((e) => e.src === 'dev1/demo1' && e.dst === 'dev2/demo2')).toBe(true);
    expect(g.edges.some((e) => e.src === 'default/default' && e.dst === 'dev2/demo2')).toBe(false);
    const ids = new Set(g.nodes.map((n) => n.id));
    for (const e of g.edges) {
      expect(ids.has(e.src)).toBe(true);
      expect(ids.has(e.dst)).toBe(true);
    }
    expect(g.nodes.some((n) => n.type === 'namespace')).toBe(false);
  });

  it('folds by default above a legible size', () => {
    expect(legible(LEGIBLE_NODES, 10)).toBe(true);
    expect(legible(LEGIBLE_NODES + 1, 10)).toBe(false);
    expect(defaultViewOptions(model).collapsed).toEqual([]);
    const shop = generated(9, 6, 3);
    expect(defaultViewOptions(shop).collapsed).toHaveLength(9);
  });

  it('merges the edges between folded namespaces, ports united, with a count', () => {
    const m = generated(3, 4, 2);
    const g = projectGraph(m, { ...ALL, collapsed: ['ns0', 'ns1', 'ns2'] });
    const e = g.edges.find((x) => x.src === namespaceNodeId('ns0') && x.dst === namespaceNodeId('ns1'))!;
    // 4 workloads of ns0 each reach the 2 first of ns1
    expect(e.count).toBe(8);
  });
});

describe('drawableGraph', () => {
  it('draws what was asked while it has few edges', () => {
    const m = generated(3, 4, 2);
    const d = drawableGraph(m, ALL, []);
    expect(d.view.collapsed).toEqual([]);
    expect(d.omitted).toBe(0);
    expect(d.notice).toBeUndefined();
  });

  it('folds every namespace above the edge budget, and says so', () => {
    const m = generated(20, 20, 8);
    expect(m.edges.length).toBeGreaterThan(MAX_DRAWN_EDGES);
    const d = drawableGraph(m, ALL, []);
    expect(d.view.collapsed).toHaveLength(20);
    expect(d.graph.edges.length).toBeLessThanOrEqual(MAX_DRAWN_EDGES);
    expect(d.notice).toMatch(/every namespace is folded/);
  });

  it('leaves the folded overview without its edges when even those are too many', () => {
    const m = generated(80, 1, 1);
    const folded = { ...ALL, collapsed: m.namespaces.map((n) => n.name) };
    expect(projectGraph(m, folded).edges.length).toBeGreaterThan(MAX_DRAWN_EDGES);
    const d = drawableGraph(m, folded, []);
    expect(d.graph.edges).toEqual([]);
    expect(d.omitted).toBe(80 * 79);
    expect(d.graph.nodes).toHaveLength(80);
    expect(d.notice).toMatch(/click a namespace/);
  });
});

describe('searchVisible', () => {
  it('finds matches folded into a namespace and names the namespace to unfold', () => {
    const m = generated(3, 4, 2);
    const g = projectGraph(m, { ...ALL, collapsed: ['ns1'] });
    const r = searchVisible(g, m, 'ns1/w3');
    expect(r.matches).toEqual(['ns1/w3']);
    expect([...r.hits]).toEqual([namespaceNodeId('ns1')]);
    expect(r.folded).toEqual(['ns1']);
    const open = searchVisible(g, m, 'ns0/w3');
    expect([...open.hits]).toEqual(['ns0/w3']);
    expect(open.folded).toEqual([]);
    expect(searchVisible(g, m, '  ').matches).toEqual([]);
  });
});
