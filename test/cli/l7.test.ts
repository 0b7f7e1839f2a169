/**
 * L7 honesty: a connection a Cilium `http` rule governs is allowed at L4 and never claimed
 * beyond that: `check -o json` says `"decidable": false` and the text names what decides each
 * request at run time.
 */
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
