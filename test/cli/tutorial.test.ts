import { describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';

const dir = 'examples/tutorial';
const cluster = [`${dir}/namespaces.yaml`, `${dir}/pods.yaml`, `${dir}/http-echo.yaml`];
const denyAll = `${dir}/policy-deny-all.yaml`;
const kubeDemo = `${dir}/policy-kube-demo.yaml`;

/** The tutorial, step by step, with the verdicts the real cluster gave. */
describe('the tutorial, step by step', () => {
  it('before any policy, demo1 reaches demo2 on 80 (curl by pod IP)', async () => {
    const r = await run(['check', 'dev1/demo1', '10.0.1.185', ...cluster, '-o', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      allowed: true,
      verdict: 'allowed',
      dst: 'dev2/demo2',
      port: 80,
    });
  });

  it('deny-all in dev2 blocks demo1 → demo2', async () => {
    const r = await run(['check', 'dev1/demo1', '10.0.1.185', ...cluster, denyAll, '-o', 'json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ allowed: false, verdict: 'denied' });
    expect(json.ingress).toMatchObject({ state: 'isolated', allowed: false, rules: [] });
    expect(json.ingress.policies.map((p: { name: string }) => p.name)).toEqual(['deny-all']);
    expect(json.egress).toMatchObject({ state: 'not-isolated', allowed: true });
  });

  it('kube-demo added: demo1 reaches demo2 on TCP 80, decided by kube-demo ingress[0]', async () => {
    const r = await run(['check', 'dev1/demo1', '10.0.1.185', ...cluster, denyAll, kubeDemo, '-o', 'json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.verdict).toBe('allowed');
    expect(json.ingress.rules).toEqual([
      expect.objectContaining({
        policy: 'dev2/kube-demo',
        rule: 'spec.ingress[0]',
        peer: 0,
        conns: [{ protocol: 'TCP', ports: [[80, 80]] }],
      }),
    ]);
    expect(json.ingress.rules[0].source).toEqual({ file: kubeDemo, line: 11, column: 7 });
  });

  it('the pod in default cannot reach demo2', async () => {
    const r = await run([
      'check',
      'default/default',
      '10.0.1.185',
      ...cluster,
      denyAll,
      kubeDemo,
      '-o',
      'json',
    ]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).verdict).toBe('denied');
  });

  it('demo1 cannot reach demo2 on another port', async () => {
    const r = await run([
      'check',
      'dev1/demo1',
      'dev2/demo2',
      '--port',
      '8080',
      ...cluster,
      denyAll,
      kubeDemo,
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^✗ denied {2}dev1\/demo1 → dev2\/demo2 8080\/TCP/);
  });

  it('curl to the Service IP with no port is port 80, which the Service does not have', async () => {
    const r = await run([
      'check',
      'dev1/demo1',
      '10.98.167.221',
      ...cluster,
      denyAll,
      kubeDemo,
      '-o',
      'json',
    ]);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ allowed: false, verdict: 'no-such-port', port: 80, protocol: 'TCP' });
    expect(json.service).toMatchObject({
      namespace: 'dev2',
      name: 'http-echo',
      ports: [{ port: 8080, protocol: 'TCP', targetPort: 8080 }],
    });
    expect(json.ingress).toBeNull();
  });

  it('through the Service on 8080 the policies decide: denied (kube-demo opens only 80)', async () => {
    const r = await run([
      'check',
      'dev1/demo1',
      'dev2/svc/http-echo',
      '--port',
      '8080',
      ...cluster,
      denyAll,
      kubeDemo,
      '-o',
      'json',
    ]);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.verdict).toBe('denied');
    expect(json.service).toMatchObject({
      port: 8080,
      targetPort: 8080,
      endpoints: [{ id: 'dev2/http-echo', targetPort: 8080 }],
    });
  });
});

describe('matrix on the tutorial', () => {
  it('follows the JSON contract', async () => {
    const r = await run(['matrix', dir, '-o', 'json']);
    expect(r.code).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot('../golden/matrix/tutorial.json');
    const json = JSON.parse(r.stdout);
    expect(json.apiVersion).toBe('kubereach/v1');
    expect(json.kind).toBe('ConnectivityReport');
    expect(json.nodes).toContainEqual({ id: 'dev2/demo2', kind: 'Pod', namespace: 'dev2', name: 'demo2' });
    expect(json.nodes).toContainEqual({ id: '0.0.0.0/0', kind: 'External', cidrs: ['0.0.0.0/0'] });
    expect(json.connections).toContainEqual({
      src: 'dev1/demo1',
      dst: 'dev2/demo2',
      conns: [{ protocol: 'TCP', ports: [[80, 80]] }],
    });
    // dev2 is isolated: nothing else gets in
    const intoDev2 = json.connections.filter((c: { dst: string }) => c.dst.startsWith('dev2/'));
    expect(intoDev2.map((c: { src: string }) => c.src).sort()).toEqual(['dev1/demo1', 'dev1/demo1']);
    // unrestricted pairs carry every port of every protocol
    expect(json.connections).toContainEqual({
      src: 'dev1/demo1',
      dst: 'default/default',
      conns: [{ protocol: 'TCP' }, { protocol: 'UDP' }, { protocol: 'SCTP' }],
    });
    expect(json.diagnostics).toEqual([]);
  });

  it('prints a table by default', async () => {
    const r = await run(['matrix', dir]);
    expect(r.code).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot('../golden/matrix/tutorial.table');
  });
});

describe('exit codes and errors', () => {
  it('exits 2 on an unknown endpoint, with a hint', async () => {
    const r = await run(['check', 'dev1/nope', 'dev2/demo2', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no workload, pod or service dev1/nope');
    expect(r.stderr).toContain('hint: dev1 has: demo1');
  });

  it('exits 2 on an unknown flag or verb', async () => {
    expect((await run(['matrix', '--bogus', dir])).code).toBe(2);
    expect((await run(['frobnicate'])).code).toBe(2);
  });

  it('exits 3 when nothing can be evaluated', async () => {
    const r = await run(['matrix', '-'], { stdin: 'kind: [unclosed\n' });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/<stdin>:\d+:\d+: error: YAML syntax error/);
  });

  it('reads stdin with -', async () => {
    const r = await run(['matrix', '-', '-o', 'json'], {
      stdin: 'apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: x}\n',
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).nodes.map((n: { id: string }) => n.id)).toEqual(['x/a', '0.0.0.0/0']);
  });
});
