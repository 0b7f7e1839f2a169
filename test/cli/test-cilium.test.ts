/**
 * `kubereach test` on Cilium policies: verdicts an L7 rule or toFQDNs decides at run time are
 * reported as undecidable (neither passed nor failed, exit 1), in text, JSON and JUnit; a
 * connection one direction denies outright stays decided.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';
import { parseXml } from '../helpers/xml.js';

const tmp = mkdtempSync(join(tmpdir(), 'kubereach-test-cilium-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const cluster = 'examples/tutorial-cilium/cluster.yaml';
const policies = join(tmp, 'policies.yaml');
writeFileSync(
  policies,
  `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: l7, namespace: dev2}
spec:
  endpointSelector: {matchLabels: {run: demo2}}
  ingress:
    - fromEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: dev1}}]
      toPorts:
        - ports: [{port: "80", protocol: TCP}]
          rules: {http: [{method: GET, path: /public}]}
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: fqdn, namespace: default}
spec:
  endpointSelector: {}
  egress:
    - toFQDNs: [{matchName: api.example.com}]
      toPorts: [{ports: [{port: "443", protocol: TCP}]}]
    - toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system}}]
      toPorts:
        - ports: [{port: "53", protocol: ANY}]
          rules: {dns: [{matchPattern: "*"}]}
`,
);

function spec(tests: string): string {
  const path = join(tmp, `spec-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(path, `apiVersion: kubereach/v1\nkind: ReachabilityTest\ntests:\n${tests}`);
  return path;
}

const L7 = `  - name: dev1 reaches demo2 over HTTP
    from: dev1/demo1
    to: dev2/demo2
    expect: allowed
`;
const FQDN = `  - name: default reaches the API by name
    from: default/default
    to: 203.0.113.5
    port: 443
    expect: allowed
`;
const DECIDED = `  - name: default cannot reach demo2 (no rule lets it in)
    from: default/default
    to: dev2/demo2
    expect: denied
  - name: on 8080 the L7 rule plays no part
    from: dev1/demo1
    to: dev2/demo2
    port: 8080
    expect: denied
`;

describe('kubereach test with Cilium L7 rules and toFQDNs', () => {
  it('an HTTP rule and a toFQDNs destination are undecidable, not passed, and the run exits 1', async () => {
    const r = await run(['test', spec(L7 + FQDN + DECIDED), cluster, policies]);
    expect(r.code).toBe(1);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('2 passed, 0 failed, 2 undecidable');
    expect(r.stdout).toMatch(/^\? dev1 reaches demo2 over HTTP/m);
    expect(r.stdout).toMatch(/^\? default reaches the API by name/m);
    expect(r.stdout).toContain('decided at run time');
    // the explanation names what decides at run time
    expect(r.stdout).toContain('/public');
    expect(r.stdout).toContain('api.example.com');
  });

  it('-o json: status undecidable, decidable false on the pair, with the check document', async () => {
    const r = await run(['test', spec(L7 + DECIDED), cluster, policies, '-o', 'json']);
    const doc = JSON.parse(r.stdout);
    expect(doc.summary).toEqual({ passed: 2, failed: 0, undecidable: 1 });
    expect(doc.tests.map((t: { status: string }) => t.status)).toEqual(['undecidable', 'passed', 'passed']);
    expect(doc.tests[0].pairs[0]).toMatchObject({ verdict: 'allowed', decidable: false, passed: false });
    expect(doc.tests[0].pairs[0].check).toMatchObject({ decidable: false });
    expect(doc.tests[1].pairs[0]).toMatchObject({ verdict: 'denied', decidable: true, passed: true });
  });

  it('--junit: an undecidable assertion is a failure of type undecidable', async () => {
    const junit = join(tmp, 'report.xml');
    const r = await run(['test', spec(FQDN + DECIDED), cluster, policies, '--junit', junit]);
    expect(r.code).toBe(1);
    const xml = parseXml(readFileSync(junit, 'utf8'));
    const suite = xml.children.find((c) => c.name === 'testsuite')!;
    expect(suite.attributes.failures).toBe('1');
    const failures = suite.children
      .filter((c) => c.name === 'testcase')
      .flatMap((c) => c.children.filter((f) => f.name === 'failure'));
    expect(failures.map((f) => f.attributes.type)).toEqual(['undecidable']);
  });

  it('a failing decided assertion still fails, next to an undecidable one', async () => {
    const wrong = `  - from: default/default
    to: dev2/demo2
    expect: allowed
`;
    const r = await run(['test', spec(L7 + wrong), cluster, policies]);
    expect(r.code).toBe(1);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('0 passed, 1 failed, 1 undecidable');
  });
});
