/**
 * L7 honesty: a connection a Cilium `http` rule governs is allowed at L4 and never claimed
 * beyond that: `check -o json` says `"decidable": false` and the text names what decides each
 * request at run time.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';

const fixture = 'test/fixtures/cilium-l7';

describe('check under an L7 rule', () => {
  it('-o json: allowed at L4, decidable false', async () => {
    const r = await run(['check', 'dev1/demo1', 'dev2/demo2', fixture, '-o', 'json']);
    const doc = JSON.parse(r.stdout);
    expect(doc.allowed).toBe(true);
    expect(doc.decidable).toBe(false);
    expect(doc.ingress.explanation).toBeDefined();
  });

  it('text: names the L7 rule that judges each request', async () => {
    const r = await run(['check', 'dev1/demo1', 'dev2/demo2', fixture]);
    expect(r.stdout).toContain('an L7 rule (http: GET /public) allows this at L4 only');
  });

  it('a port the L7 rule does not cover is decidable', async () => {
    const r = await run(['check', 'dev1/demo1', 'dev2/demo2', '--port', '8080', fixture, '-o', 'json']);
    const doc = JSON.parse(r.stdout);
    expect(doc.allowed).toBe(false);
    expect(doc.decidable).toBe(true);
  });
});

describe('matrix -o csv under an L7 rule', () => {
  it('adds an l7 column: true on the rows of L7-governed ports, false elsewhere', async () => {
    const r = await run(['matrix', fixture, '-o', 'csv']);
    const lines = r.stdout.split('\r\n');
    expect(lines[0]).toBe('source,source_kind,destination,destination_kind,protocol,ports,l7');
    expect(lines).toContain('dev1/demo1,Pod,dev2/demo2,Pod,TCP,80,true');
    expect(lines).toContain('dev1/demo1,Pod,default/default,Pod,TCP,all,false');
  });

  it('keeps the columns of a matrix without L7 rules', async () => {
    const r = await run(['matrix', 'examples/tutorial-cilium', '-o', 'csv']);
    expect(r.stdout.split('\r\n')[0]).toBe('source,source_kind,destination,destination_kind,protocol,ports');
  });
});

describe('matrix -o wide and -o html under an L7 rule', () => {
  it('-o wide marks the L7-governed ports in their protocol column', async () => {
    const r = await run(['matrix', fixture, '-o', 'wide']);
    expect(r.code).toBe(0);
    const row = r.stdout.split('\n').find((l) => /^dev1\/demo1\s+Pod\s+dev2\/demo2\s/.test(l));
    expect(row?.split(/\s{2,}/)).toEqual(['dev1/demo1', 'Pod', 'dev2/demo2', 'Pod', '80 (L7)', '-', '-']);
    const open = r.stdout.split('\n').find((l) => /^dev1\/demo1\s+Pod\s+default\/default\s/.test(l));
    expect(open).not.toContain('(L7)');
  });

  it('-o html marks them in the grid and the list, and says what the mark means', async () => {
    const r = await run(['matrix', fixture, '-o', 'html']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /<td class="some l7" title="dev1\/demo1 → dev2\/demo2: TCP 80 \(L7\) — [^"]+">TCP 80 \(L7\)<\/td>/,
    );
    expect(r.stdout).toMatch(
      /<tr><td>dev1\/demo1<\/td><td>dev2\/demo2<\/td><td class="l7" title="[^"]+">TCP 80 \(L7\)<\/td><\/tr>/,
    );
    expect(r.stdout).toContain('<span class="key some l7">TCP 80 (L7)</span>');
  });

  it('-o wide and -o html have no mark without L7 rules', async () => {
    for (const format of ['wide', 'html']) {
      const r = await run(['matrix', 'examples/tutorial-cilium', '-o', format]);
      expect(r.stdout, format).not.toContain('(L7)');
    }
  });
});

describe('an L7 rule on one side, the other side denying outright', () => {
  const egressDenied = `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: no-egress, namespace: dev1 }
spec:
  endpointSelector: {}
  egress: [{}]
`;

  it('is decided: denied whatever the proxy would say (JSON and text)', async () => {
    const args = ['check', 'dev1/demo1', 'dev2/demo2', fixture, '-'];
    const json = await run([...args, '-o', 'json'], { stdin: egressDenied });
    const doc = JSON.parse(json.stdout);
    expect(doc.allowed).toBe(false);
    expect(doc.decidable).toBe(true);
    const text = await run(args, { stdin: egressDenied });
    expect(text.code).toBe(1);
    expect(text.stdout).not.toContain('decided at run time');
  });
});

describe('check towards a toFQDNs rule', () => {
  const fqdn = 'test/fixtures/cilium-fqdn';

  it('-o json: an outside address a toFQDNs rule could allow is undecidable, naming the rule', async () => {
    const r = await run(['check', 'default/default', '203.0.113.5', '--port', '443', fqdn, '-o', 'json']);
    const doc = JSON.parse(r.stdout);
    expect(doc.allowed).toBe(false);
    expect(doc.decidable).toBe(false);
    expect(JSON.stringify(doc)).toContain('"names":["api.example.com","*.cdn.example.net"]');
  });

  it('text: names the DNS names and patterns that decide at run time', async () => {
    const r = await run(['check', 'default/default', '203.0.113.5', '--port', '443', fqdn]);
    expect(r.stdout).toContain('decided at run time');
    expect(r.stdout).toContain('cnp/default/to-api spec.egress[0] allows api.example.com, *.cdn.example.net');
  });

  it.each([
    ['a port the rule does not name', '203.0.113.5', '80'],
    ['a pod (toFQDNs selects only addresses outside the cluster)', 'dev1/demo1', '443'],
    ['a node address (remote-node, never an FQDN identity)', '192.168.1.13', '443'],
  ])('%s is decidable', async (_, dst, port) => {
    const r = await run(['check', 'default/default', dst, '--port', port, fqdn, '-o', 'json']);
    expect(JSON.parse(r.stdout).decidable).toBe(true);
  });
});

describe('matrix marks the pairs a toFQDNs rule could change', () => {
  const fqdn = 'test/fixtures/cilium-fqdn';
  interface Mark {
    readonly src: string;
    readonly dst: string;
    readonly conns: { protocol: string; ports?: [number, number][] }[];
    readonly rules: { policy: string; path: string; names: string[] }[];
  }

  it('-o json lists them under fqdn, with the ports and the rules, and check agrees', async () => {
    const r = await run(['matrix', fqdn, '-o', 'json']);
    const doc = JSON.parse(r.stdout) as { fqdn: Mark[]; connections: { src: string; dst: string }[] };
    expect(doc.fqdn).toEqual([
      {
        src: 'default/default',
        dst: '0.0.0.0/0',
        conns: [{ protocol: 'TCP', ports: [[443, 443]] }],
        rules: [
          {
            policy: 'cnp/default/to-api',
            path: 'spec.egress[0]',
            names: ['api.example.com', '*.cdn.example.net'],
          },
        ],
      },
    ]);
    // statically the pair has nothing allowed; check says the marked port is undecidable, others not
    expect(doc.connections.some((c) => c.src === 'default/default' && c.dst === '0.0.0.0/0')).toBe(false);
    for (const [port, decidable] of [
      ['443', false],
      ['80', true],
    ] as const) {
      const c = await run(['check', 'default/default', '203.0.113.5', '--port', port, fqdn, '-o', 'json']);
      expect(JSON.parse(c.stdout).decidable, port).toBe(decidable);
    }
  });

  it('-o yaml carries the same list', async () => {
    const r = await run(['matrix', fqdn, '-o', 'yaml']);
    expect(r.stdout).toMatch(/\nfqdn:\n {2}- src: default\/default\n {4}dst: 0\.0\.0\.0\/0\n/);
  });

  it('table and wide say it under the table, as decided at run time by DNS', async () => {
    for (const format of ['table', 'wide']) {
      const r = await run(['matrix', fqdn, '-o', format]);
      expect(r.stdout, format).toContain(
        'run time: default/default → 0.0.0.0/0 TCP 443, decided by DNS (cnp/default/to-api spec.egress[0]: api.example.com, *.cdn.example.net)',
      );
    }
  });

  it('md says it in a quote under the table', async () => {
    const r = await run(['matrix', fqdn, '-o', 'md']);
    expect(r.stdout).toContain('\n> run time: default/default → 0.0.0.0/0 TCP 443, decided by DNS (');
  });

  it('html lists them under the connections', async () => {
    const r = await run(['matrix', fqdn, '-o', 'html']);
    expect(r.stdout).toContain(
      '<li>run time: default/default → 0.0.0.0/0 TCP 443, decided by DNS (cnp/default/to-api spec.egress[0]: api.example.com, *.cdn.example.net)</li>',
    );
  });

  it('filters narrow the marks as they narrow connections', async () => {
    const other = await run(['matrix', fqdn, '--port', '80', '-o', 'json']);
    expect(JSON.parse(other.stdout).fqdn).toBeUndefined();
    const from = await run(['matrix', fqdn, '--from', 'dev1', '-o', 'json']);
    expect(JSON.parse(from.stdout).fqdn).toBeUndefined();
    const shown = await run(['matrix', fqdn, '--to', 'external', '--port', '443', '-o', 'json']);
    expect((JSON.parse(shown.stdout).fqdn as Mark[]).map((m) => m.src)).toEqual(['default/default']);
  });

  it('marks the world entity as it marks the addresses', async () => {
    const world = `${readFileSync(`${fqdn}/cluster.yaml`, 'utf8')}\n---\n${readFileSync(`${fqdn}/policy-fqdn.yaml`, 'utf8')}
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: from-world, namespace: dev1}
spec:
  endpointSelector: {}
  ingress: [{fromEntities: [world]}]
`;
    const r = await run(['matrix', '-', '-o', 'json'], { stdin: world });
    expect(r.stderr).not.toContain('error');
    const marks = JSON.parse(r.stdout).fqdn as Mark[];
    expect(marks.map((m) => `${m.src} ${m.dst}`)).toEqual([
      'default/default 0.0.0.0/0',
      'default/default reserved:world',
    ]);
  });

  it('matrix --explain -o json carries the same marks', async () => {
    const r = await run(['matrix', fqdn, '--explain', '-o', 'json']);
    const marks = JSON.parse(r.stdout).fqdn as Mark[];
    expect(marks.map((m) => [m.src, m.dst, m.rules.map((x) => x.policy)])).toEqual([
      ['default/default', '0.0.0.0/0', ['cnp/default/to-api']],
    ]);
  });

  it('no toFQDNs rule: no fqdn key, no line', async () => {
    for (const args of [[], ['--explain']]) {
      const json = await run(['matrix', 'test/fixtures/cilium-entities', ...args, '-o', 'json']);
      expect(JSON.parse(json.stdout)).not.toHaveProperty('fqdn');
    }
    for (const format of ['table', 'wide', 'md', 'html']) {
      const text = await run(['matrix', 'test/fixtures/cilium-entities', '-o', format]);
      expect(text.stdout, format).not.toContain('run time:');
    }
  });
});
