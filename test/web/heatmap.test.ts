import { describe, expect, it } from 'vitest';
import { buildMatrix } from '../../src/engine/matrix.js';
import { connsOf } from '../../src/engine/port-set.js';
import {
  buildHeatmap,
  CELL,
  type Heatmap,
  LEGIBLE_HEATMAP_ROWS,
  MAX_HEATMAP_NODES,
  omittedHeatmap,
} from '../../web/src/matrix/heatmap.js';
import { StudioSession } from '../../web/src/worker/session.js';
import { request, tutorialReach } from './support.js';

function cell(h: Heatmap, src: string, dst: string) {
  const n = h.nodes.length;
  const r = h.nodes.findIndex((x) => x.id === src);
  const c = h.nodes.findIndex((x) => x.id === dst);
  return { state: h.cells[r * n + c], title: h.titles[r * n + c] };
}

describe('buildHeatmap', () => {
  const { reach } = tutorialReach();
  const nodes = buildMatrix(reach, { granularity: 'workload' }).nodes;

  it('classifies every pair over every port: dev1 → dev2 is partial, default → dev2 denied', () => {
    const h = buildHeatmap(reach, nodes, null);
    expect(cell(h, 'dev1/demo1', 'dev2/demo2')).toEqual({ state: CELL.partial, title: 'TCP 80' });
    expect(cell(h, 'default/default', 'dev2/demo2')).toEqual({ state: CELL.denied, title: '' });
    expect(cell(h, 'dev2/demo2', 'dev1/demo1')).toMatchObject({ state: CELL.allowed });
    expect(cell(h, 'dev1/demo1', 'dev1/demo1')).toMatchObject({ state: CELL.none });
    expect(cell(h, '0.0.0.0/0', '0.0.0.0/0')).toMatchObject({ state: CELL.none });
    expect(cell(h, '0.0.0.0/0', 'dev1/demo1')).toMatchObject({ state: CELL.allowed });
  });

  it('judges only the filtered ports', () => {
    const tcp80 = buildHeatmap(reach, nodes, connsOf('TCP', [80, 80]));
    expect(cell(tcp80, 'dev1/demo1', 'dev2/demo2')).toEqual({ state: CELL.allowed, title: 'TCP 80' });
    const udp = buildHeatmap(reach, nodes, connsOf('UDP', [53, 53]));
    expect(cell(udp, 'dev1/demo1', 'dev2/demo2')).toMatchObject({ state: CELL.denied });
    expect(cell(udp, 'dev2/demo2', 'dev1/demo1')).toEqual({ state: CELL.allowed, title: 'UDP 53' });
  });

  it('aggregates namespaces: partial when only some pod pairs are allowed', () => {
    const ns = buildMatrix(reach, { granularity: 'namespace' }).nodes;
    const h = buildHeatmap(reach, ns, connsOf('TCP', [80, 80]));
    expect(cell(h, 'dev1', 'dev2')).toMatchObject({ state: CELL.allowed });
    expect(cell(h, 'default', 'dev2')).toMatchObject({ state: CELL.denied });
    // demo2 and http-echo are both isolated: nothing inside dev2 is allowed
    expect(cell(h, 'dev2', 'dev2')).toMatchObject({ state: CELL.denied });
    expect(cell(h, 'dev1', 'dev1')).toMatchObject({ state: CELL.none });
    expect(h.nodes.map((n) => n.label)).toEqual(['default', 'dev1', 'dev2', '0.0.0.0/0']);
  });
});

describe('large heatmaps', () => {
  const pods = (n: number, ns = 'big') =>
    Array.from(
      { length: n },
      (_, i) =>
        `apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}, namespace: ${ns}, labels: {app: a${i}}}\nspec: {containers: [{name: c, image: i}]}\n`,
    ).join('---\n');
  const files = [
    { name: 'big.yaml', text: pods(LEGIBLE_HEATMAP_ROWS + 5) },
    { name: 'small.yaml', text: pods(2, 'small') },
  ];

  it('fold every namespace into one row and column when the rows are many, as the graph does', () => {
    const r = new StudioSession().analyze(
      request(files, { heatmap: { granularity: 'pod', filter: null, folded: null } }),
    );
    expect(r.heatmap?.nodes.map((n) => [n.id, n.folded])).toEqual([
      ['big', LEGIBLE_HEATMAP_ROWS + 5],
      ['small', 2],
      ['0.0.0.0/0', undefined],
    ]);
    expect(r.heatmap?.folded).toEqual(['big', 'small']);
    // no policy: every pair allowed, the folded diagonal too (pods of one namespace)
    expect(cell(r.heatmap!, 'big', 'small').state).toBe(CELL.allowed);
    expect(cell(r.heatmap!, 'big', 'big').state).toBe(CELL.allowed);
  });

  it('unfold the namespaces asked for, in place, rows named by namespace', () => {
    const r = new StudioSession().analyze(
      request(files, { heatmap: { granularity: 'pod', filter: null, folded: ['big'] } }),
    );
    expect(r.heatmap?.nodes.map((n) => n.id)).toEqual(['big', 'small/p0', 'small/p1', '0.0.0.0/0']);
    expect(r.heatmap?.nodes[1]).toMatchObject({ namespace: 'small', label: 'p0' });
    expect(cell(r.heatmap!, 'small/p0', 'big').state).toBe(CELL.allowed);
  });

  it('are not computed beyond MAX_HEATMAP_NODES rows', () => {
    expect(MAX_HEATMAP_NODES).toBeGreaterThanOrEqual(1000);
    expect(omittedHeatmap(MAX_HEATMAP_NODES + 1)).toEqual({
      nodes: [],
      cells: [],
      titles: [],
      omitted: MAX_HEATMAP_NODES + 1,
    });
  });
});
