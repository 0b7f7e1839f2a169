/**
 * A live Cilium cluster: CiliumNetworkPolicies, CiliumClusterwideNetworkPolicies, Nodes and the
 * API server's own Endpoints and EndpointSlice (Cilium's `host`, `remote-node` and
 * `kube-apiserver`) are read, and `snapshot` writes them, so the snapshot answers offline as
 * the cluster does. The real client library against the loopback test server.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';
import { type FakeApiServer, startFakeApiServer } from './fake-api-server.js';
import { manifestObjects, scratchDir, serverLists, TOKEN, writeKubeconfig } from './support.js';

const dir = 'examples/tutorial-cilium';

/** dev1 may reach the API server only; a clusterwide rule keeps the world out of dev2. */
const POLICIES = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: apiserver-only, namespace: dev1}
spec:
  endpointSelector: {}
  egress:
    - toEntities: [kube-apiserver]
---
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: no-world}
spec:
  endpointSelector: {matchLabels: {k8s:io.kubernetes.pod.namespace: dev2}}
  ingressDeny:
    - fromEntities: [world]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: kubernetes
  namespace: default
  labels: {kubernetes.io/service-name: kubernetes}
addressType: IPv4
endpoints:
  - addresses: [192.168.1.3]
ports:
  - {name: https, port: 6443, protocol: TCP}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: web-abcde
  namespace: default
  labels: {kubernetes.io/service-name: web}
addressType: IPv4
endpoints:
  - addresses: [10.9.9.9]
`;

let server: FakeApiServer;
let scratch: ReturnType<typeof scratchDir>;
let kubeconfig: string;
let snapshotFile: string;

beforeAll(async () => {
  scratch = scratchDir();
  const policies = join(scratch.dir, 'policies.yaml');
  writeFileSync(policies, POLICIES);
  server = await startFakeApiServer({
    token: TOKEN,
    lists: serverLists(
      manifestObjects([
        `${dir}/cluster.yaml`,
        `${dir}/policy-deny-all.yaml`,
        `${dir}/policy-kube-demo.yaml`,
        policies,
      ]),
    ),
    maxRequests: 2000,
  });
  kubeconfig = writeKubeconfig(scratch.dir, [{ name: 'cilium', server: server.url, token: TOKEN }], 'cilium');
  snapshotFile = join(scratch.dir, 'snapshot.yaml');
});

afterAll(async () => {
  await server.close();
  scratch.remove();
});

/** `check` verdicts for the probes, live and from a file. */
const PROBES = [
  ['dev1/demo1', '192.168.1.2', '6443'], // kube-apiserver (Endpoints)
  ['dev1/demo1', '192.168.1.3', '6443'], // kube-apiserver (EndpointSlice)
  ['dev1/demo1', '203.0.113.5', '443'], // world: dev1 may reach the API server only
  ['192.168.1.11', 'dev2/demo2', '80'], // demo2's own node (host)
  ['192.168.1.12', 'dev2/demo2', '80'], // another node (remote-node)
  ['dev1/demo1', 'dev2/demo2', '80'], // the tutorial's allow (egress denied in dev1 now)
] as const;

async function verdicts(input: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const [src, dst, port] of PROBES) {
    const r = await run(['check', src, dst, '--port', port, '-o', 'json', ...input]);
    out.push(`${src} ${dst} ${port} ${JSON.parse(r.stdout).verdict}`);
  }
  return out;
}

describe('a live Cilium cluster', () => {
  it('lists the API server endpoints in default, by name only, and nothing else of them', async () => {
    const r = await run(['snapshot', '-o', 'yaml', '--kubeconfig', kubeconfig]);
    expect(r.code).toBe(0);
    writeFileSync(snapshotFile, r.stdout);
    const requests = server.requests.filter((q) => /endpoints/.test(q.path));
    expect(requests.map((q) => `${q.method} ${q.path} ${q.query.fieldSelector}`).sort()).toEqual([
      'GET /api/v1/namespaces/default/endpoints metadata.name=kubernetes',
      'GET /apis/discovery.k8s.io/v1/namespaces/default/endpointslices metadata.name=kubernetes',
    ]);
  });

  it('snapshot writes the Cilium policies, the nodes and the API server endpoints', async () => {
    const r = await run(['snapshot', '-o', 'json', '--kubeconfig', kubeconfig]);
    const items = (JSON.parse(r.stdout) as { items: { kind: string; metadata: { name: string } }[] }).items;
    const kinds = items.map((i) => `${i.kind} ${i.metadata.name}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'Node node-pool-6ko85',
        'Node node-pool-jl4q3',
        'Endpoints kubernetes',
        'EndpointSlice kubernetes',
        'CiliumNetworkPolicy deny-all',
        'CiliumNetworkPolicy kube-demo',
        'CiliumNetworkPolicy apiserver-only',
        'CiliumClusterwideNetworkPolicy no-world',
      ]),
    );
    expect(kinds).not.toContain('EndpointSlice web-abcde');
  });

  it('check answers as Cilium would, live and from the snapshot alike', async () => {
    const live = await verdicts(['--kubeconfig', kubeconfig]);
    expect(live).toEqual([
      'dev1/demo1 192.168.1.2 6443 allowed',
      'dev1/demo1 192.168.1.3 6443 allowed',
      'dev1/demo1 203.0.113.5 443 denied',
      '192.168.1.11 dev2/demo2 80 allowed',
      '192.168.1.12 dev2/demo2 80 denied',
      'dev1/demo1 dev2/demo2 80 denied',
    ]);
    expect(await verdicts([snapshotFile])).toEqual(live);
  });
});
