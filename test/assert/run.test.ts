import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runReachabilityTests } from '../../src/assert/run.js';
import { parseTestSpec } from '../../src/assert/spec.js';
import { compileCluster } from '../../src/engine/compile.js';
import { formatTarget } from '../../src/engine/targets.js';
import { loadManifests } from '../../src/load.js';

const shopFiles = ['cluster.yaml', 'policies.yaml'].map((f) => {
  const name = `test/fixtures/diff/shop-after/${f}`;
  return { name, text: readFileSync(name, 'utf8') };
});
const workers = [1, 2]
  .map(
    (i) => `
apiVersion: v1
kind: Pod
metadata: { name: worker-${i}, namespace: jobs, labels: { app: worker${i === 2 ? ', canary: "true"' : ''} } }
spec: { containers: [{ name: w, image: w }] }
status: { phase: Running, podIP: 10.9.0.${i} }
`,
  )
  .join('---');
const compiled = compileCluster(loadManifests(shopFiles));

function runSpec(tests: string, cluster = compiled) {
  const parsed = parseTestSpec({
    name: 'spec.yaml',
    text: `apiVersion: kubereach/v1\nkind: ReachabilityTest\ntests:\n${tests}`,
  });
  expect(parsed.diagnostics).toEqual([]);
  return runReachabilityTests(cluster, parsed.spec);
}

describe('runReachabilityTests', () => {
  it('passes a group test only when every pair meets the expectation, and names the failing pairs', () => {
    const run = runSpec(`
  - { from: shop/web, to: shop/*, port: 8080, expect: allowed }
  - { from: shop/*, to: { namespace: shop, selector: app=db }, port: 5432, expect: denied }
  - { from: { namespaceSelector: '' }, to: payments/gateway, port: 443, expect: allowed }
`);
    expect(run.outcomes.map((o) => [o.passed, o.group, o.pairs.length])).toEqual([
      [false, true, 3], // web → api, cache, db (web itself left out)
      [true, true, 3],
      [true, true, 4], // every shop workload reaches the gateway (itself left out)
    ]);
    expect(run.outcomes[0]!.failures.map((f) => `${formatTarget(f.dst)} ${f.result.verdict}`)).toEqual([
      'shop/cache denied',
      'shop/db denied',
    ]);
    expect([run.passed, run.failed]).toEqual([2, 1]);
  });

  it('checks non-policy verdicts exactly', () => {
    const run = runSpec(`
  - { from: shop/api, to: shop/cache, port: redis, expect: allowed }
  - { from: shop/api, to: shop/web, port: redis, expect: no-such-named-port }
  - { from: shop/api, to: shop/web, port: redis, expect: denied }
`);
    expect(run.outcomes.map((o) => [o.passed, o.pairs[0]!.result.verdict])).toEqual([
      [true, 'allowed'],
      [true, 'no-such-named-port'],
      [false, 'no-such-named-port'],
    ]);
  });

  it('never passes a partial verdict', () => {
    const cluster = compileCluster(
      loadManifests([
        { name: 'w.yaml', text: workers },
        {
          name: 'p.yaml',
          text: `
apiVersion: v1
kind: Service
metadata: { name: worker, namespace: jobs }
spec: { clusterIP: 10.96.9.9, selector: { app: worker }, ports: [{ port: 80 }] }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: canary-closed, namespace: jobs }
spec: { podSelector: { matchLabels: { canary: "true" } }, policyTypes: [Ingress] }
`,
        },
      ]),
    );
    const run = runSpec(
      `
  - { from: 203.0.113.9, to: jobs/svc/worker, expect: allowed }
  - { from: 203.0.113.9, to: 10.96.9.9, expect: denied }
`,
      cluster,
    );
    expect(run.outcomes.map((o) => [o.passed, o.pairs[0]!.result.verdict])).toEqual([
      [false, 'partial'],
      [false, 'partial'],
    ]);
  });

  it.each([
    {
      name: 'an unknown workload',
      test: '{ from: shop/nope, to: shop/api, expect: allowed }',
      code: 'UNKNOWN_ENDPOINT',
      path: 'tests[0].from',
    },
    {
      name: 'an unknown group namespace',
      test: '{ from: shop/api, to: nope/*, expect: allowed }',
      code: 'UNKNOWN_ENDPOINT',
      path: 'tests[0].to',
    },
    {
      name: 'a selector that selects nothing',
      test: '{ from: shop/api, to: { namespace: shop, selector: app=nope }, expect: allowed }',
      code: 'EMPTY_GROUP',
      path: 'tests[0].to',
    },
    {
      name: 'a namespaceSelector that selects nothing',
      test: "{ from: shop/api, to: { namespaceSelector: 'team=nope' }, expect: allowed }",
      code: 'EMPTY_GROUP',
      path: 'tests[0].to',
    },
    {
      name: 'a named port towards an address',
      test: '{ from: shop/api, to: 203.0.113.1, port: https, expect: allowed }',
      code: 'INVALID_PORT',
      path: 'tests[0].to',
    },
  ])('stops at $name', ({ test, code, path }) => {
    const run = runSpec(`  - ${test}\n`);
    expect(run.outcomes).toEqual([]);
    expect(run.diagnostics).toEqual([expect.objectContaining({ code, path, severity: 'error' })]);
    expect(run.diagnostics[0]!.source).toMatchObject({ file: 'spec.yaml', line: 4 });
  });

  it('reads a Service as the source as the pods it selects, as check does', () => {
    const cluster = compileCluster(
      loadManifests([
        ...shopFiles,
        {
          name: 'svc.yaml',
          text: 'apiVersion: v1\nkind: Service\nmetadata: { name: api, namespace: shop }\nspec: { clusterIP: 10.96.0.20, selector: { app: api }, ports: [{ port: 80, targetPort: 8080 }] }\n',
        },
      ]),
    );
    const run = runSpec(
      '  - { from: 10.96.0.20, to: shop/db, port: 5432, expect: denied }\n  - { from: shop/svc/api, to: shop/cache, port: 6379, expect: allowed }\n',
      cluster,
    );
    expect(run.diagnostics).toEqual([]);
    expect(
      run.outcomes.map((o) => [
        o.passed,
        o.pairs[0]!.result.probes.map((p) => p.src.type === 'endpoint' && p.src.endpoint.id),
      ]),
    ).toEqual([
      [true, ['shop/api']],
      [true, ['shop/api']],
    ]);
  });

  it('refuses a group test with no pair to test', () => {
    const run = runSpec(
      '  - { from: payments/*, to: { namespace: payments, selector: app=gateway }, expect: allowed }\n',
    );
    expect(run.diagnostics.map((d) => d.code)).toEqual(['EMPTY_GROUP']);
  });
});
