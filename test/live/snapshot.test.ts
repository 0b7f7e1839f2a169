import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';
import { type FakeApiServer, startFakeApiServer } from './fake-api-server.js';
import { manifestObjects, scratchDir, serverLists, TOKEN, writeKubeconfig } from './support.js';

const SHOP = 'test/fixtures/live/shop.yaml';

let server: FakeApiServer;
let scratch: ReturnType<typeof scratchDir>;
let kubeconfig: string;

beforeAll(async () => {
  server = await startFakeApiServer({
    token: TOKEN,
    lists: serverLists(manifestObjects([SHOP])),
    pageCap: 3,
    maxRequests: 2000,
  });
  scratch = scratchDir();
  kubeconfig = writeKubeconfig(scratch.dir, [{ name: 'shop', server: server.url, token: TOKEN }], 'shop');
});

afterAll(async () => {
  await server.close();
  scratch.remove();
});

type Item = { kind: string; metadata: { name: string; namespace?: string; [k: string]: unknown } } & Record<
  string,
  unknown
>;

function graph(stdout: string) {
  const report = JSON.parse(stdout) as { nodes: unknown[]; connections: unknown[] };
  return { nodes: report.nodes, connections: report.connections };
}

describe('kubereach snapshot', () => {
  it('writes what was read as one kind: List (golden)', async () => {
    const r = await run(['snapshot', '-o', 'yaml', '--kubeconfig', kubeconfig]);
    expect(r.code).toBe(0);
    // the pending and the finished pod
    expect(r.stderr).toBe('(2 notes not shown; -v shows them)\n');
    await expect(r.stdout.replace(server.url, 'http://127.0.0.1:PORT')).toMatchFileSnapshot(
      '../golden/snapshot/shop.yaml',
    );
  });

  it('keeps what reachability needs and leaves out what may hold secrets', async () => {
    const r = await run(['snapshot', '-o', 'json', '--kubeconfig', kubeconfig]);
    const list = JSON.parse(r.stdout) as { apiVersion: string; kind: string; items: Item[] };
    expect(list).toMatchObject({ apiVersion: 'v1', kind: 'List' });
    const names = list.items.map((i) => `${i.kind} ${i.metadata.namespace ?? ''}/${i.metadata.name}`);
    // controllers, the pods that take traffic, services, policies and the CRD policies, in order
    expect(names).toEqual([
      'Namespace /ops',
      'Namespace /shop',
      'Deployment shop/web',
      'ReplicaSet shop/web-5f6a1b',
      'ReplicaSet shop/web-7d4b9c',
      'DaemonSet ops/node-agent',
      'CronJob shop/report',
      'Job shop/report-28500000',
      'Pod ops/debug',
      'Pod ops/node-agent-q8x7w',
      'Pod shop/web-7d4b9c-abcde',
      'Pod shop/web-7d4b9c-fghij',
      'Service shop/web',
      'NetworkPolicy shop/web-from-shop',
      'AdminNetworkPolicy /ops-may-scrape',
      'CiliumNetworkPolicy shop/l7-web',
    ]);
    const text = JSON.stringify(list);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('managedFields');
    expect(text).not.toContain('last-applied-configuration');
    expect(text).not.toContain('containerStatuses');
    expect(text).toContain('deployment.kubernetes.io/revision');
    const pod = list.items.find((i) => i.metadata.name === 'web-7d4b9c-abcde')!;
    expect(pod.status).toEqual({
      phase: 'Running',
      podIP: '10.1.0.11',
      podIPs: [{ ip: '10.1.0.11' }],
      hostIP: '192.168.0.10',
    });
    expect(pod.metadata.ownerReferences).toEqual([
      expect.objectContaining({ kind: 'ReplicaSet', name: 'web-7d4b9c' }),
    ]);
  });

  it.each(['yaml', 'json'])(
    'round trip (%s): the saved file gives the same answers as the cluster',
    async (format) => {
      const saved = await run(['snapshot', '-o', format, '--kubeconfig', kubeconfig]);
      const file = join(scratch.dir, `cluster.${format}`);
      writeFileSync(file, saved.stdout);
      for (const granularity of ['pod', 'workload', 'namespace']) {
        const live = await run([
          'matrix',
          '-o',
          'json',
          '--granularity',
          granularity,
          '--kubeconfig',
          kubeconfig,
        ]);
        const offline = await run(['matrix', '-o', 'json', '--granularity', granularity, file]);
        expect(live.code).toBe(0);
        expect(offline.code).toBe(0);
        expect(graph(offline.stdout)).toEqual(graph(live.stdout));
      }
      for (const [src, dst, port] of [
        ['ops/debug', 'shop/svc/web', '80'],
        ['shop/report', 'shop/web', 'http'],
        ['ops/node-agent', 'shop/web', '8080'],
      ] as const) {
        const live = await run(['check', src, dst, '--port', port, '-o', 'json', '--kubeconfig', kubeconfig]);
        const offline = await run(['check', src, dst, '--port', port, '-o', 'json', file]);
        const strip = (s: string) => JSON.parse(s.replaceAll(/"source": \{[^}]*\}/g, '"source": {}'));
        expect(live.code).toBe(offline.code);
        expect(strip(live.stdout)).toEqual(strip(offline.stdout));
      }
    },
  );

  it('groups pods under their top owner and leaves out pods that take no traffic', async () => {
    const r = await run(['matrix', '-o', 'json', '--granularity', 'pod', '--kubeconfig', kubeconfig, '-v']);
    const report = JSON.parse(r.stdout) as {
      nodes: { id: string; kind: string }[];
      diagnostics: { code: string; message: string }[];
    };
    const ids = report.nodes.map((n) => n.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'shop/web-7d4b9c-abcde',
        'shop/web-7d4b9c-fghij',
        'ops/node-agent-q8x7w',
        'ops/debug',
      ]),
    );
    expect(ids).not.toContain('shop/web-7d4b9c-pendi');
    expect(ids).not.toContain('shop/report-28500000-xyz12');
    const workloads = await run(['matrix', '-o', 'json', '--kubeconfig', kubeconfig]);
    const wIds = (JSON.parse(workloads.stdout) as { nodes: { id: string; kind: string }[] }).nodes.map(
      (n) => `${n.kind} ${n.id}`,
    );
    expect(wIds).toEqual(
      expect.arrayContaining([
        'Deployment shop/web',
        'CronJob shop/report',
        'DaemonSet ops/node-agent',
        'Pod ops/debug',
      ]),
    );
    expect(wIds.some((id) => id.includes('web-7d4b9c') || id.includes('report-28500000'))).toBe(false);
    expect(r.stderr).toMatch(/Pod shop\/web-7d4b9c-pendi has no IP yet \(Pending\)/);
    expect(r.stderr).toMatch(/Pod shop\/report-28500000-xyz12 has finished \(Succeeded\)/);
    // admin and Cilium policies are read and evaluated: nothing is said about them
    expect(r.stderr).not.toMatch(/AdminNetworkPolicy/);
    expect(r.stderr).not.toMatch(/CiliumNetworkPolicy/);
    expect(r.stderr).not.toMatch(/cluster:shop:0/);
  });

  it('-n shows one namespace: its objects and the cluster-scoped ones', async () => {
    const r = await run(['snapshot', '-n', 'ops', '--kubeconfig', kubeconfig]);
    const list = load(r.stdout) as { items: Item[] };
    expect(
      list.items.every((i) => i.metadata.namespace === undefined || i.metadata.namespace === 'ops'),
    ).toBe(true);
    expect(list.items.map((i) => i.kind)).toContain('AdminNetworkPolicy');
  });

  it('with paths, writes the objects of the files as one List', async () => {
    const r = await run(['snapshot', '-o', 'json', 'examples/tutorial']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { kind: string; items: Item[] };
    expect(list.kind).toBe('List');
    expect(list.items.map((i) => i.metadata.name)).toContain('kube-demo');
  });
});

describe('optional CRDs', () => {
  it('absent CRDs are skipped quietly: no request for them after discovery, no note', async () => {
    const plain = await startFakeApiServer({
      token: TOKEN,
      lists: serverLists(
        manifestObjects(['examples/tutorial/namespaces.yaml', 'examples/tutorial/pods.yaml']),
      ),
    });
    try {
      const kc = writeKubeconfig(
        scratch.dir,
        [{ name: 'plain', server: plain.url, token: TOKEN }],
        'plain',
        'plain',
      );
      const r = await run(['matrix', '-v', '--kubeconfig', kc]);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      const paths = plain.requests.map((q) => q.path);
      expect(paths).toContain('/apis/cilium.io/v2');
      expect(paths).toContain('/apis/policy.networking.k8s.io/v1alpha1');
      expect(paths.some((p) => p.includes('cilium.io/v2/') || p.includes('v1alpha1/'))).toBe(false);
      expect(plain.requests.length).toBeLessThan(20);
    } finally {
      await plain.close();
    }
  });
});
