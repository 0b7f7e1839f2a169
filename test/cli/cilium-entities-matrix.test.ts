/**
 * Cilium entities in the matrix: nodes of kind `Entity` where a rule names them, computed the
 * way `check` decides a node, API server or outside address, so the two always agree; ports an
 * L7 rule governs are marked `"l7": true`. The fixture's pods run on node-pool-6ko85
 * (192.168.1.11: demo1, demo2, http-echo) and node-pool-jl4q3 (192.168.1.12: default); the API
 * server answers at 192.168.1.2, on no node.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';

const fixture = 'test/fixtures/cilium-entities';
const NODE_OF: Record<string, string> = {
  'dev1/demo1': '192.168.1.11',
  'dev2/demo2': '192.168.1.11',
  'dev2/http-echo': '192.168.1.11',
  'default/default': '192.168.1.12',
};
const OTHER_NODE: Record<string, string> = {
  'dev1/demo1': '192.168.1.13',
  'dev2/demo2': '192.168.1.12',
  'dev2/http-echo': '192.168.1.12',
  'default/default': '192.168.1.11',
};
const API_SERVER = '192.168.1.2';
const WORLD = '203.0.113.5';
const PORTS = [80, 443, 6443, 8080, 9100, 10250];

interface Conn {
  readonly protocol: string;
  readonly ports?: [number, number][];
  readonly l7?: boolean;
}
interface Report {
  readonly nodes: { id: string; kind: string; name?: string; cidrs?: string[] }[];
  readonly connections: { src: string; dst: string; conns: Conn[] }[];
}

async function matrix(args: readonly string[] = []): Promise<Report> {
  const r = await run(['matrix', fixture, '--granularity', 'pod', '-o', 'json', ...args]);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

/** Whether the matrix allows TCP `port` from `src` to `dst`, and whether an L7 rule governs it. */
function allows(report: Report, src: string, dst: string, port: number): { allowed: boolean; l7: boolean } {
  const conns = report.connections.find((c) => c.src === src && c.dst === dst)?.conns ?? [];
  const hit = conns.find(
    (c) =>
      c.protocol === 'TCP' && (c.ports === undefined || c.ports.some(([lo, hi]) => lo <= port && port <= hi)),
  );
  return { allowed: hit !== undefined, l7: hit?.l7 === true };
}

describe('matrix: Cilium entities as nodes', () => {
  it('adds a node of kind Entity for each entity a rule names, with Cilium spelling', async () => {
    const report = await matrix();
    const entities = report.nodes.filter((n) => n.kind === 'Entity');
    expect(entities).toEqual([
      { id: 'reserved:host', kind: 'Entity', name: 'host' },
      { id: 'reserved:remote-node', kind: 'Entity', name: 'remote-node' },
      { id: 'reserved:kube-apiserver', kind: 'Entity', name: 'kube-apiserver' },
      // no CIDR rule: the world is every address, evaluated outside the cluster
      { id: 'reserved:world', kind: 'Entity', name: 'world', cidrs: ['0.0.0.0/0'] },
    ]);
  });

  it('draws the edges the rules decide: own node, API server, remote nodes in', async () => {
    const report = await matrix();
    expect(allows(report, 'dev1/demo1', 'reserved:host', 10250).allowed).toBe(true);
    expect(allows(report, 'dev1/demo1', 'reserved:host', 22).allowed).toBe(false);
    expect(allows(report, 'dev1/demo1', 'reserved:remote-node', 10250).allowed).toBe(false);
    expect(allows(report, 'dev1/demo1', 'reserved:kube-apiserver', 6443).allowed).toBe(true);
    expect(allows(report, 'reserved:remote-node', 'dev2/demo2', 9100).allowed).toBe(true);
    expect(allows(report, 'reserved:remote-node', 'dev2/demo2', 80).allowed).toBe(false);
    // a pod's own node always gets in
    expect(allows(report, 'reserved:host', 'dev2/demo2', 22).allowed).toBe(true);
  });

  it('agrees with check for node, API server and outside addresses, both ways', async () => {
    const report = await matrix();
    const world = report.nodes.find((n) => n.kind === 'External')!.id;
    const cases: [string, string, string, string][] = [];
    for (const pod of Object.keys(NODE_OF)) {
      const parties: [string, string][] = [
        [NODE_OF[pod]!, 'reserved:host'],
        [OTHER_NODE[pod]!, 'reserved:remote-node'],
        [API_SERVER, 'reserved:kube-apiserver'],
        [WORLD, world],
        [WORLD, 'reserved:world'],
      ];
      for (const [address, node] of parties) {
        cases.push([pod, address, pod, node], [address, pod, node, pod]);
      }
    }
    const disagreements: string[] = [];
    for (const [src, dst, srcNode, dstNode] of cases) {
      for (const port of PORTS) {
        const r = await run(['check', src, dst, '--port', String(port), fixture, '-o', 'json']);
        const verdict = JSON.parse(r.stdout) as { allowed: boolean };
        const drawn = allows(report, srcNode, dstNode, port).allowed;
        if (verdict.allowed !== drawn)
          disagreements.push(`${src} -> ${dst}:${port}: check ${verdict.allowed}, matrix ${drawn}`);
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('NetworkPolicy-only input has no entity nodes', async () => {
    const r = await run(['matrix', 'examples/tutorial', '-o', 'json']);
    expect(JSON.parse(r.stdout).nodes.some((n: { kind: string }) => n.kind === 'Entity')).toBe(false);
  });

  it('table, csv, md, dot and mermaid name the entity nodes', async () => {
    for (const format of ['table', 'csv', 'md', 'dot', 'mermaid']) {
      const r = await run(['matrix', fixture, '-o', format]);
      expect(r.code, format).toBe(0);
      expect(r.stdout, format).toContain('reserved:kube-apiserver');
    }
  });
});

describe('matrix: ports an L7 rule governs', () => {
  it('-o json marks them l7 and agrees with check decidable', async () => {
    const report = await matrix();
    const conns = report.connections.find((c) => c.src === 'dev1/demo1' && c.dst === 'dev2/demo2')!.conns;
    expect(conns).toEqual([
      { protocol: 'TCP', ports: [[8080, 8080]] },
      { protocol: 'TCP', ports: [[80, 80]], l7: true },
    ]);
    for (const port of [80, 8080]) {
      const r = await run([
        'check',
        'dev1/demo1',
        'dev2/demo2',
        '--port',
        String(port),
        fixture,
        '-o',
        'json',
      ]);
      const doc = JSON.parse(r.stdout) as { allowed: boolean; decidable: boolean };
      expect(doc.allowed).toBe(true);
      expect(doc.decidable).toBe(!allows(report, 'dev1/demo1', 'dev2/demo2', port).l7);
    }
  });

  it('text marks them (L7)', async () => {
    const r = await run(['matrix', fixture]);
    expect(r.stdout).toMatch(/dev1\/demo1 +dev2\/demo2 +TCP 8080; TCP 80 \(L7\)/);
  });

  it('a port filter keeps the mark only on the ports shown', async () => {
    const r = await run(['matrix', fixture, '--port', '8080', '-o', 'json']);
    const doc = JSON.parse(r.stdout) as Report;
    const conns = doc.connections.find((c) => c.src === 'dev1/demo1' && c.dst === 'dev2/demo2')!.conns;
    expect(conns).toEqual([{ protocol: 'TCP', ports: [[8080, 8080]] }]);
  });
});

describe('matrix --explain with entity nodes', () => {
  it('explains pod ↔ entity pairs through the entity as each pod sees it, and pairs no two outside nodes', async () => {
    const r = await run(['matrix', fixture, '--granularity', 'pod', '--explain', '-o', 'json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as {
      connections: {
        src: string;
        dst: string;
        explanation: { egress: { rules: { policy: string; at: { path: unknown[] } }[] } };
      }[];
      denied: {
        src: string;
        dst: string;
        explanation: { egress: { states: string[]; policies: { id: string }[] } };
      }[];
    };
    const toHost = json.connections.find((c) => c.src === 'dev1/demo1' && c.dst === 'reserved:host')!;
    expect(toHost.explanation.egress.rules).toEqual([
      expect.objectContaining({
        policy: 'cnp/dev1/dev1-egress',
        at: expect.objectContaining({ path: ['spec', 'egress', 0] }),
      }),
    ]);
    const toRemote = json.denied.find((d) => d.src === 'dev1/demo1' && d.dst === 'reserved:remote-node')!;
    expect(toRemote.explanation.egress.states).toEqual(['isolated']);
    expect(toRemote.explanation.egress.policies.map((p) => p.id)).toEqual(['cnp/dev1/dev1-egress']);
    const outside = (id: string) => id.startsWith('reserved:') || /^[0-9]/.test(id);
    expect(json.denied.filter((d) => outside(d.src) && outside(d.dst))).toEqual([]);
  });
});

describe('matrix --explain: an entity side is worded as the entity', () => {
  interface Direction {
    readonly states: string[];
    readonly entity?: string;
  }
  interface Pair {
    readonly src: string;
    readonly dst: string;
    readonly explanation: { egress: Direction; ingress: Direction };
  }

  it('-o json names the entity on its side, and only there', async () => {
    const r = await run(['matrix', fixture, '--granularity', 'pod', '--explain', '-o', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { connections: Pair[]; denied: Pair[] };
    const pairs = [...doc.connections, ...doc.denied];
    const find = (src: string, dst: string) => pairs.find((p) => p.src === src && p.dst === dst)!;
    expect(find('dev1/demo1', 'reserved:host').explanation.ingress.entity).toBe('host');
    expect(find('dev1/demo1', 'reserved:host').explanation.egress.entity).toBeUndefined();
    expect(find('reserved:remote-node', 'dev2/demo2').explanation.egress.entity).toBe('remote-node');
    expect(find('reserved:kube-apiserver', 'dev2/demo2').explanation.egress.entity).toBe('kube-apiserver');
    const external = pairs.find(
      (p) => p.src === 'dev1/demo1' && !p.dst.startsWith('reserved:') && p.dst.includes('/0'),
    );
    expect(external?.explanation.ingress.entity).toBeUndefined();
  });

  it('the table says host, remote-node, kube-apiserver and own node, not "outside the cluster"', async () => {
    const r = await run(['matrix', fixture, '--granularity', 'pod', '--explain']);
    const rows = r.stdout.split('\n');
    const row = (src: string, dst: string) =>
      rows.find((l) => l.startsWith(`${src} `) && l.split(/\s{2,}/)[1] === dst) ?? '';
    expect(row('dev1/demo1', 'reserved:host')).toContain("host (the pod's own node)");
    expect(row('reserved:host', 'dev1/demo1')).toContain('own node (always admitted)');
    expect(row('reserved:remote-node', 'dev2/demo2')).toContain('remote-node (another node)');
    expect(row('dev1/demo1', 'reserved:kube-apiserver')).toContain('kube-apiserver (the API server)');
    expect(row('dev1/demo1', 'reserved:world')).toContain('world (outside the cluster)');
    for (const l of rows.filter((x) => x.includes('reserved:') && !x.includes('reserved:world')))
      expect(l, l).not.toContain('outside the cluster');
  });
});

describe('matrix: the world entity', () => {
  const cluster = readFileSync(`${fixture}/cluster.yaml`, 'utf8');
  const cnp = (name: string, body: string) =>
    `---\napiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: ${name}, namespace: dev1}\nspec:\n  endpointSelector: {}\n${body}`;
  // world on 443, one CIDR on 22 as well, and a denied block of the world
  const mixed = cnp(
    'mixed',
    `  egress:
    - toEntities: [world]
      toPorts: [{ports: [{port: "443", protocol: TCP}]}]
    - toCIDR: [198.51.100.0/24]
      toPorts: [{ports: [{port: "22", protocol: TCP}]}]
  egressDeny:
    - toCIDR: [192.0.2.0/24]
  ingress:
    - fromEntities: [world]
      toPorts: [{ports: [{port: "8443", protocol: TCP}]}]
`,
  );

  async function report(policies: string, args: readonly string[] = []): Promise<Report> {
    const r = await run(['matrix', '-', '--granularity', 'pod', '-o', 'json', ...args], {
      stdin: `${cluster}\n${policies}`,
    });
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as Report;
  }

  it('stands for the addresses no CIDR rule names, and keeps the CIDR nodes', async () => {
    const doc = await report(mixed);
    const world = doc.nodes.find((n) => n.id === 'reserved:world');
    expect(world?.kind).toBe('Entity');
    expect(world?.cidrs).not.toContain('198.51.100.0/24');
    expect(world?.cidrs).not.toContain('192.0.2.0/24');
    const external = doc.nodes.filter((n) => n.kind === 'External').map((n) => n.id);
    expect(external).toEqual(expect.arrayContaining(['198.51.100.0/24', '192.0.2.0/24']));
    expect(allows(doc, 'dev1/demo1', 'reserved:world', 443).allowed).toBe(true);
    expect(allows(doc, 'dev1/demo1', 'reserved:world', 22).allowed).toBe(false);
    expect(allows(doc, 'dev1/demo1', '198.51.100.0/24', 22).allowed).toBe(true);
    expect(allows(doc, 'dev1/demo1', '192.0.2.0/24', 443).allowed).toBe(false);
    expect(allows(doc, 'reserved:world', 'dev1/demo1', 8443).allowed).toBe(true);
    expect(allows(doc, 'reserved:world', 'dev1/demo1', 80).allowed).toBe(false);
  });

  it('agrees with check at an address outside every CIDR, both ways', async () => {
    const doc = await report(mixed);
    const outside = '203.0.113.5';
    const disagreements: string[] = [];
    for (const pod of ['dev1/demo1', 'dev2/demo2']) {
      for (const port of [22, 80, 443, 8443]) {
        for (const [src, dst, s, d] of [
          [pod, outside, pod, 'reserved:world'],
          [outside, pod, 'reserved:world', pod],
        ] as const) {
          const r = await run(['check', src, dst, '--port', String(port), '-', '-o', 'json'], {
            stdin: `${cluster}\n${mixed}`,
          });
          const verdict = JSON.parse(r.stdout) as { allowed: boolean };
          if (verdict.allowed !== allows(doc, s, d, port).allowed)
            disagreements.push(`${src} -> ${dst}:${port}: check ${verdict.allowed}`);
        }
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('appears for fromEntities all, not for cluster or CIDR rules alone', async () => {
    const has = async (body: string) =>
      (await report(cnp('p', body))).nodes.some((n) => n.id === 'reserved:world');
    expect(await has('  ingress:\n    - fromEntities: [all]\n')).toBe(true);
    expect(await has('  ingress:\n    - fromEntities: [cluster]\n')).toBe(false);
    expect(await has('  egress:\n    - toCIDR: [198.51.100.0/24]\n')).toBe(false);
  });

  it('where CIDRs cover every address, names the addresses it is evaluated at', async () => {
    const doc = await report(
      cnp(
        'p',
        '  egress:\n    - toEntities: [world]\n    - toCIDR: [0.0.0.0/0]\n    - toCIDR: [198.51.100.0/24]\n',
      ),
    );
    const world = doc.nodes.find((n) => n.id === 'reserved:world');
    const external = doc.nodes.filter((n) => n.kind === 'External');
    expect(external).toHaveLength(2);
    // every address is in 0.0.0.0/0: the world is evaluated in the piece no other CIDR holds
    expect(world?.cidrs).toEqual(external.find((n) => n.id !== '198.51.100.0/24')?.cidrs);
  });
});
