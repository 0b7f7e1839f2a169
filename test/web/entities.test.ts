import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatConns } from '../../src/engine/port-set.js';
import type { InputFile } from '../../src/sources/parse.js';
import { renderReportHtml } from '../../web/src/export/report.js';
import { defaultViewOptions, projectGraph } from '../../web/src/graph/project.js';
import { CELL } from '../../web/src/matrix/heatmap.js';
import { StudioSession } from '../../web/src/worker/session.js';
import { request } from './support.js';

/** The tutorial cluster on Cilium with nodes and the API server, and policies naming entities and L7. */
function entityFiles(): InputFile[] {
  return ['cluster.yaml', 'policies.yaml'].map((f) => ({
    name: `entities/${f}`,
    text: readFileSync(new URL(`../fixtures/cilium-entities/${f}`, import.meta.url), 'utf8'),
  }));
}

function analyze() {
  const s = new StudioSession();
  const { cni: _cni, ...implied } = request(entityFiles());
  return { s, r: s.analyze(implied) };
}

describe('Cilium entities and L7 in the studio', () => {
  it('the model holds the entities a rule names as nodes outside every namespace', () => {
    const { r } = analyze();
    const entities = r.model.nodes.filter((n) => n.kind === 'Entity');
    expect(entities.map((n) => [n.id, n.name, n.namespace])).toEqual([
      ['reserved:host', 'host', undefined],
      ['reserved:remote-node', 'remote-node', undefined],
      ['reserved:kube-apiserver', 'kube-apiserver', undefined],
      ['reserved:world', 'world', undefined],
    ]);
    const edge = (src: string, dst: string) => r.model.edges.find((e) => e.src === src && e.dst === dst);
    expect(formatConns(edge('dev1/demo1', 'reserved:host')!.conns)).toBe('TCP 10250');
    // 6443 by its own rule; 443 as part of the world (this API server is outside the nodes)
    expect(formatConns(edge('dev1/demo1', 'reserved:kube-apiserver')!.conns)).toBe('TCP 443,6443');
    expect(formatConns(edge('reserved:remote-node', 'dev2/demo2')!.conns)).toContain('TCP 9100');
    expect(edge('dev1/demo1', 'reserved:remote-node')).toBeUndefined();
    expect(formatConns(edge('dev1/demo1', 'reserved:world')!.conns)).toBe('TCP 443');
  });

  it('draws entities as their own kind of node and marks L7-governed edges with their ports', () => {
    const { r } = analyze();
    const graph = projectGraph(r.model, defaultViewOptions(r.model));
    const host = graph.nodes.find((n) => n.id === 'reserved:host');
    expect(host).toMatchObject({ type: 'entity', label: 'host', sublabel: 'Cilium entity' });
    expect(host?.group).toBeUndefined();
    expect(graph.groups.flatMap((g) => g.nodes)).not.toContain('reserved:host');
    const http = graph.edges.find((e) => e.src === 'dev1/demo1' && e.dst === 'dev2/demo2');
    expect(formatConns(http!.l7!)).toBe('TCP 80');
    expect(formatConns(http!.conns)).toBe('TCP 80,8080');
    expect(graph.edges.find((e) => e.src === 'dev1/demo1' && e.dst === 'reserved:host')?.l7).toBeUndefined();
    // a port filter that leaves the L7 ports out leaves the edge unmarked
    const only8080 = projectGraph(r.model, {
      ...defaultViewOptions(r.model),
      filter: r.model.edges.find((e) => e.src === 'dev1/demo1' && e.dst === 'dev2/demo2')!.conns,
    });
    expect(only8080.edges.find((e) => e.src === 'dev1/demo1' && e.dst === 'dev2/demo2')?.l7).toBeDefined();
  });

  it('gives the matrix entity rows and columns, from the same edges', () => {
    const { r } = analyze();
    const h = r.heatmap!;
    const at = (src: string, dst: string) => {
      const i = h.nodes.findIndex((n) => n.id === src);
      const j = h.nodes.findIndex((n) => n.id === dst);
      return { cell: h.cells[i * h.nodes.length + j], title: h.titles[i * h.nodes.length + j] };
    };
    expect(h.nodes.find((n) => n.id === 'reserved:host')).toMatchObject({
      entity: true,
      label: 'entity host',
    });
    expect(at('dev1/demo1', 'reserved:host')).toEqual({ cell: CELL.partial, title: 'TCP 10250' });
    expect(at('dev1/demo1', 'reserved:remote-node').cell).toBe(CELL.denied);
    expect(at('reserved:remote-node', 'dev2/demo2').title).toContain('TCP 9100');
    expect(at('reserved:host', 'reserved:remote-node').cell).toBe(CELL.none);
  });

  it('explains an edge to an entity through the address the entity has for that pod', () => {
    const { s } = analyze();
    const v = s.explain({ src: 'dev1/demo1', dst: 'reserved:kube-apiserver', port: 6443, protocol: 'TCP' });
    expect(v.verdict).toBe('allowed');
    const denied = s.explain({
      src: 'dev1/demo1',
      dst: 'reserved:kube-apiserver',
      port: 8080,
      protocol: 'TCP',
    });
    expect(denied.verdict).toBe('denied');
    expect(s.explain({ src: 'dev1/demo1', dst: 'reserved:host', port: 10250, protocol: 'TCP' }).verdict).toBe(
      'allowed',
    );
  });

  it('says what decides an L7-governed connection at run time', () => {
    const { s } = analyze();
    const v = s.explain({ src: 'dev1/demo1', dst: 'dev2/demo2', port: 80, protocol: 'TCP' });
    expect(v.allowed).toBe(true);
    const note = v.lines.find((l) => l.text.includes('L7'));
    expect(note?.tone).toBe('warning');
    expect(note?.text).toContain('GET /public');
    expect(note?.text).toContain('run time');
  });

  it('an entity without an address in the input cannot be explained, and says why', () => {
    const s = new StudioSession();
    const files = entityFiles().map((f) =>
      f.name.endsWith('cluster.yaml') ? { ...f, text: f.text.replace(/kind: Node\b/g, 'kind: NodeX') } : f,
    );
    const { cni: _cni, ...implied } = request(files);
    s.analyze(implied);
    const v = s.explain({ src: 'dev1/demo1', dst: 'reserved:host', port: 10250, protocol: 'TCP' });
    expect(v.verdict).toBe('error');
    expect(v.headline).toContain('no address for the host entity');
  });
});

describe('the HTML report with Cilium entities and L7', () => {
  it('counts workloads without the entities and marks L7-governed ports', () => {
    const { r } = analyze();
    const html = renderReportHtml({
      title: 'report',
      generated: '2024-01-01T00:00:00Z',
      model: r.model,
      policies: r.policies,
      diagnostics: [],
      changes: [],
      heatmap: r.heatmap!,
      svg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>',
    });
    expect(html).toContain('4 workloads');
    expect(html).toContain(
      '<td>dev1/demo1</td><td>dev2/demo2</td><td>TCP 80,8080 (L7 TCP 80: each request judged at run time)</td>',
    );
    expect(html).toContain('<td>dev1/demo1</td><td>reserved:host</td><td>TCP 10250</td>');
  });
});
