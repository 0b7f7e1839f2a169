import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';
import { type FakeApiServer, startFakeApiServer } from './fake-api-server.js';
import { manifestObjects, scratchDir, serverLists, TOKEN, writeKubeconfig } from './support.js';

const dir = 'examples/tutorial';
const clusterFiles = [`${dir}/namespaces.yaml`, `${dir}/pods.yaml`, `${dir}/http-echo.yaml`];
const policyFiles = [`${dir}/policy-deny-all.yaml`, `${dir}/policy-kube-demo.yaml`];
const NETPOL = '/apis/networking.k8s.io/v1/networkpolicies';

let server: FakeApiServer;
let scratch: ReturnType<typeof scratchDir>;
let kubeconfig: string;

beforeAll(async () => {
  // pageCap 2: every list of more than two objects is read in pages (limit/continue)
  server = await startFakeApiServer({
    token: TOKEN,
    lists: serverLists(manifestObjects([...clusterFiles, ...policyFiles])),
    pageCap: 2,
    maxRequests: 2000,
  });
  scratch = scratchDir();
  kubeconfig = writeKubeconfig(
    scratch.dir,
    [
      { name: 'tutorial', server: server.url, token: TOKEN },
      // a context whose server is not there: choosing it must fail
      { name: 'elsewhere', server: 'http://127.0.0.1:9', token: TOKEN },
    ],
    'tutorial',
  );
});

afterAll(async () => {
  await server.close();
  scratch.remove();
});

/** The parts of a ConnectivityReport that do not depend on where objects were read. */
function graph(stdout: string) {
  const report = JSON.parse(stdout) as { nodes: unknown[]; connections: unknown[] };
  return { nodes: report.nodes, connections: report.connections };
}

describe('with no paths, verbs read the cluster of the kubeconfig context', () => {
  it('matrix: the live cluster gives the same report as its manifests', async () => {
    const live = await run(['matrix', '-o', 'json', '--kubeconfig', kubeconfig]);
    expect(live.stderr).toBe('');
    expect(live.code).toBe(0);
    const offline = await run(['matrix', '-o', 'json', ...clusterFiles, ...policyFiles]);
    expect(graph(live.stdout)).toEqual(graph(offline.stdout));
    expect(graph(live.stdout).connections.length).toBeGreaterThan(0);
  });

  it('reads lists page by page and only ever GETs, with the bearer token', async () => {
    const before = server.requests.length;
    await run(['matrix', '--kubeconfig', kubeconfig]);
    const mine = server.requests.slice(before);
    expect(mine.every((r) => r.method === 'GET')).toBe(true);
    expect(mine.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    const pods = mine.filter((r) => r.path === '/api/v1/pods');
    // 4 pods, 2 per page: a first page and one continue
    expect(pods).toHaveLength(2);
    expect(pods[0]!.query).toEqual({ limit: '500' });
    expect(pods[1]!.query.continue).toBeDefined();
    expect(mine.some((r) => r.query.watch !== undefined)).toBe(false);
  });

  it('check: the tutorial verdicts, from KUBECONFIG', async () => {
    const env = { KUBECONFIG: kubeconfig };
    const allowed = await run(['check', 'dev1/demo1', '10.0.1.185', '-o', 'json'], { env });
    expect(allowed.code).toBe(0);
    expect(JSON.parse(allowed.stdout)).toMatchObject({ verdict: 'allowed', dst: 'dev2/demo2' });
    const json = JSON.parse(allowed.stdout);
    expect(json.ingress.rules[0]).toMatchObject({
      policy: 'dev2/kube-demo',
      rule: 'spec.ingress[0]',
      source: { file: 'cluster:tutorial' },
    });
    const denied = await run(['check', 'default/default', 'dev2/demo2'], { env });
    expect(denied.code).toBe(1);
    expect(denied.stdout).toContain('cluster:tutorial');
    expect(denied.stdout).not.toContain('cluster:tutorial:0');
  });

  it('follows the cluster: without policies, everything is allowed again', async () => {
    server.setItems(NETPOL, []);
    try {
      const r = await run(['check', 'default/default', 'dev2/demo2', '--kubeconfig', kubeconfig]);
      expect(r.code).toBe(0);
    } finally {
      server.setItems(NETPOL, serverLists(manifestObjects(policyFiles))[NETPOL]!);
    }
  });

  it('--context chooses another context of the kubeconfig', async () => {
    const r = await run(['matrix', '--kubeconfig', kubeconfig, '--context', 'elsewhere']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /^kubereach: cannot reach the API server http:\/\/127\.0\.0\.1:9 \(context "elsewhere"\)/,
    );
  });
});

describe('authentication comes from the client library', () => {
  /** A kubeconfig whose user runs an exec credential plugin (a node script) that counts its runs. */
  function execKubeconfig(name: string, pluginBody: string): { file: string; runs: () => number } {
    const count = join(scratch.dir, `${name}.count`);
    writeFileSync(count, '');
    const plugin = join(scratch.dir, `${name}.mjs`);
    writeFileSync(
      plugin,
      `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(count)}, 'x');\n${pluginBody}\n`,
    );
    const file = join(scratch.dir, `${name}.kubeconfig`);
    writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        `- name: c\n  cluster:\n    server: ${server.url}\n    insecure-skip-tls-verify: true`,
        'users:',
        `- name: u\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: ${JSON.stringify(process.execPath)}\n      args: [${JSON.stringify(plugin)}]`,
        'contexts:',
        `- name: ${name}\n  context:\n    cluster: c\n    user: u`,
        `current-context: ${name}`,
        '',
      ].join('\n'),
    );
    return { file, runs: () => readFileSync(count, 'utf8').length };
  }

  it('an exec plugin supplies the token, once for the whole read', async () => {
    const credential = {
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      kind: 'ExecCredential',
      status: { token: TOKEN, expirationTimestamp: '2999-01-01T00:00:00Z' },
    };
    const { file, runs } = execKubeconfig(
      'exec',
      `process.stdout.write(${JSON.stringify(JSON.stringify(credential))});`,
    );
    const r = await run(['check', 'dev1/demo1', 'dev2/demo2', '--kubeconfig', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(runs()).toBe(1);
  });

  it('a failing exec plugin is a credentials error, exit 3', async () => {
    const { file } = execKubeconfig(
      'broken',
      `process.stderr.write('token expired: run aws sso login'); process.exit(1);`,
    );
    const r = await run(['matrix', '--kubeconfig', file]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /^kubereach: cannot get credentials for context "broken": token expired: run aws sso login\n {2}hint: /,
    );
  });

  it('a plain http server (kubectl proxy) is read as kubectl reads it, without insecure-skip-tls-verify', async () => {
    const file = join(scratch.dir, 'plain-http');
    writeFileSync(
      file,
      `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: ${server.url}\nusers:\n- name: u\n  user:\n    token: ${TOKEN}\ncontexts:\n- name: proxy\n  context:\n    cluster: c\n    user: u\ncurrent-context: proxy\n`,
    );
    const r = await run(['matrix', '--kubeconfig', file]);
    expect(r.stderr).not.toMatch(/insecure-skip-tls-verify/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/SOURCE/);
  });
});
