import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { StudioSnapshot } from '../../src/server/protocol.js';
import { type FakeApiServer, startFakeApiServer } from '../live/fake-api-server.js';
import {
  asStored,
  eventually,
  manifestObjects,
  scratchDir,
  serverLists,
  TOKEN,
  writeKubeconfig,
} from '../live/support.js';
import { openSession, rawRequest } from './support.js';

const dir = 'examples/tutorial';
const NETPOL = '/apis/networking.k8s.io/v1/networkpolicies';

describe('kubereach serve with no paths: the live cluster, watched', () => {
  let api: FakeApiServer;
  let scratch: ReturnType<typeof scratchDir>;
  let kubeconfig: string;
  let stop: (() => void) | undefined;
  let exit: Promise<number>;
  let url: string;
  let session: Record<string, string> = {};
  let port: number;
  let stderr = '';

  beforeAll(async () => {
    api = await startFakeApiServer({
      token: TOKEN,
      lists: serverLists(
        manifestObjects([`${dir}/namespaces.yaml`, `${dir}/pods.yaml`, `${dir}/policy-deny-all.yaml`]),
      ),
      maxRequests: 500,
    });
    scratch = scratchDir();
    kubeconfig = writeKubeconfig(scratch.dir, [{ name: 'live', server: api.url, token: TOKEN }], 'live');
    let stdout = '';
    let printed: () => void = () => {};
    const ready = new Promise<void>((resolve) => {
      printed = resolve;
    });
    exit = runCli(['serve', '--kubeconfig', kubeconfig, '--port', '0'], {
      stdout: (t) => {
        stdout += t;
        if (stdout.includes('http://')) printed();
      },
      stderr: (t) => {
        stderr += t;
      },
      readStdin: async () => '',
      env: {},
      stdoutIsTTY: false,
      stderrIsTTY: false,
      cwd: process.cwd(),
      onInterrupt: (s) => {
        stop = s;
        return () => {};
      },
    });
    await Promise.race([ready, exit]);
    url = /http:\/\/\S+/.exec(stdout)?.[0] ?? '';
    ({ port, headers: session } = await openSession(url));
  }, 30_000);

  afterAll(async () => {
    stop?.();
    await exit;
    await api.close();
    scratch.remove();
  });

  const snapshot = async () =>
    JSON.parse((await rawRequest(port, { path: '/api/snapshot', headers: session })).body) as StudioSnapshot;

  it('serves the cluster’s objects read-only, and nothing of the kubeconfig', async () => {
    expect(stderr).toBe('');
    const r = await rawRequest(port, { path: '/api/snapshot', headers: session });
    expect(r.status).toBe(200);
    const snap = JSON.parse(r.body) as StudioSnapshot;
    expect(snap.source).toEqual({ type: 'cluster', description: 'cluster: context live' });
    expect(snap.files.map((f) => [f.name, f.writable])).toEqual([['cluster-live.yaml', false]]);
    expect(snap.files[0]?.text).toContain('name: deny-all');
    expect(r.body).not.toContain(TOKEN);
    expect(r.body).not.toContain(api.url);
    expect(r.body).not.toContain(kubeconfig);
    // managedFields and other noise are pruned before they reach the page
    expect(r.body).not.toContain('managedFields');
  });

  it('refuses saves: the cluster is never written', async () => {
    const r = await rawRequest(port, {
      method: 'PUT',
      path: '/api/files',
      headers: { ...session, 'content-type': 'application/json', 'x-kubereach-studio': '1' },
      body: JSON.stringify({ files: [{ name: 'cluster-live.yaml', text: 'x' }] }),
    });
    expect(r.status).toBe(403);
    expect(api.requests.every((q) => q.method === 'GET')).toBe(true);
  });

  it('tells the page when the cluster changes, and serves the new state', async () => {
    const before = await snapshot();
    const events: string[] = [];
    const req = request({ host: '127.0.0.1', port, path: '/api/events', headers: session }, (res) => {
      res.on('data', (c: Buffer) => events.push(c.toString()));
    });
    req.end();
    await eventually(() => events.join('').includes(': watching'));
    const [kubeDemo] = manifestObjects([`${dir}/policy-kube-demo.yaml`]);
    api.emit(NETPOL, 'ADDED', asStored('NetworkPolicy', { ...kubeDemo! }));
    await eventually(() => events.join('').includes('event: snapshot'));
    req.destroy();
    const after = await snapshot();
    expect(after.revision).toBeGreaterThan(before.revision);
    expect(after.files[0]?.text).toContain('name: kube-demo');
  });
});
