import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';

const SCENARIOS = [
  ['tutorial', 'examples/tutorial'],
  ['online-shop', 'examples/online-shop'],
] as const;

describe.each(SCENARIOS)('exposure of %s', (scenario, dir) => {
  it.each(['text', 'json', 'yaml', 'md'])(
    '-o %s matches its golden file and exits 1 (findings)',
    async (format) => {
      const r = await run(['exposure', dir, '-o', format]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('');
      await expect(r.stdout).toMatchFileSnapshot(`../golden/exposure/${scenario}.${format}`);
    },
  );
});

describe('exposure of one workload', () => {
  it.each(['text', 'json', 'md'])(
    'who can reach payments-api and whom it can reach, -o %s',
    async (format) => {
      const r = await run(['exposure', 'payments/payments-api', 'examples/online-shop', '-o', format]);
      expect(r.code).toBe(0);
      await expect(r.stdout).toMatchFileSnapshot(`../golden/exposure/online-shop-payments-api.${format}`);
    },
  );

  it('--direction in, per namespace, with -f for the input', async () => {
    const r = await run([
      'exposure',
      'shop/deploy/checkout',
      '--direction',
      'in',
      '--granularity',
      'namespace',
      '-f',
      'examples/online-shop',
    ]);
    expect(r.code).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot('../golden/exposure/online-shop-checkout-in.text');
  });

  it('the tutorial: only dev1 reaches demo2, on TCP 80', async () => {
    const r = await run(['exposure', 'dev2/demo2', '--direction', 'in', 'examples/tutorial', '-o', 'json']);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ kind: 'WorkloadPeers', workload: 'dev2/demo2' });
    expect(json.in.peers).toEqual([
      {
        id: 'dev1/demo1',
        kind: 'Pod',
        namespace: 'dev1',
        name: 'demo1',
        conns: [{ protocol: 'TCP', ports: [[80, 80]] }],
      },
    ]);
    expect(json.out).toBeUndefined();
  });

  it('a Service stands for the workload it selects, with a note', async () => {
    const r = await run([
      'exposure',
      'data/svc/redis',
      '--direction',
      'in',
      'examples/online-shop',
      '-o',
      'yaml',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('selects data/redis');
    expect(load(r.stdout)).toMatchObject({ workload: 'data/redis' });
  });

  it.each([
    [['exposure', 'shop/nope', 'examples/online-shop'], 'no workload, pod or service shop/nope'],
    [['exposure', '203.0.113.9', 'examples/online-shop'], 'outside the cluster'],
    [['exposure', 'examples/online-shop', '--direction', 'sideways'], "argument 'sideways' is invalid"],
  ])('%j is a usage error (exit 2)', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain('hint:');
  });
});

describe('exposure of one namespace', () => {
  it('-n shows the workloads of a namespace, evaluated against the whole cluster; -A lifts it', async () => {
    const r = await run(['exposure', '-n', 'payments', 'examples/online-shop', '-o', 'json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.summary).toMatchObject({ workloads: 2, reachingOutside: 1, openToAllNamespaces: 0 });
    expect(json.reachingOutside.map((e: { workload: string }) => e.workload)).toEqual([
      'payments/payments-api',
    ]);
    const all = JSON.parse(
      (await run(['exposure', '-n', 'payments', '-A', 'examples/online-shop', '-o', 'json'])).stdout,
    );
    expect(all.summary.workloads).toBe(15);
  });
});

describe('exposure without findings', () => {
  it('exits 0 when every workload is isolated and nothing is open', async () => {
    const stdin = `apiVersion: v1
kind: Pod
metadata: {name: p, namespace: a}
spec: {containers: [{name: c, image: x}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: a}
spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
`;
    const r = await run(['exposure', '-'], { stdin });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('every workload is isolated for ingress and egress');
  });
});
