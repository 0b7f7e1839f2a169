import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { StudioSnapshot } from '../../src/server/protocol.js';
import { openSession, rawRequest } from '../server/support.js';

/** Runs `serve` in-process; resolves once it printed its URL, with a way to stop it. */
async function serve(argv: readonly string[]) {
  let stdout = '';
  let stderr = '';
  let stop: (() => void) | undefined;
  let printed: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    printed = resolve;
  });
  const exit = runCli(['serve', ...argv], {
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
  const url = /http:\/\/\S+/.exec(stdout)?.[0];
  return { exit, url, stdout: () => stdout, stderr: () => stderr, stop: () => stop?.() };
}

/** The snapshot, read as the page reads it: after trading the URL's token for the session. */
async function snapshotOf(url: string): Promise<StudioSnapshot> {
  const { port, headers } = await openSession(url);
  const r = await rawRequest(port, { path: '/api/snapshot', headers });
  expect(r.status).toBe(200);
  return JSON.parse(r.body) as StudioSnapshot;
}

describe('kubereach serve', () => {
  it('serves the tutorial on 127.0.0.1 until interrupted, then exits 0', async () => {
    const s = await serve(['examples/tutorial', '--port', '0']);
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43}$/);
    expect(s.stdout()).toContain('serving examples/tutorial; press Ctrl-C to stop');
    expect(s.stderr()).toBe('');
    const snapshot = await snapshotOf(s.url!);
    expect(snapshot.files.map((f) => f.name)).toContain('examples/tutorial/policy-kube-demo.yaml');
    expect(snapshot.cni).toBeUndefined(); // as every verb: implied by the manifests
    expect((await fetch(s.url!)).status).toBe(200);
    s.stop();
    expect(await s.exit).toBe(0);
    await expect(fetch(s.url!)).rejects.toThrow();
  });

  it('tells the page which CNI profile to evaluate with', async () => {
    const s = await serve(['examples/tutorial', '--port', '0', '--cni', 'cilium']);
    const snapshot = await snapshotOf(s.url!);
    expect(snapshot.cni).toBe('cilium');
    s.stop();
    expect(await s.exit).toBe(0);
  });

  it('warns when it listens beyond loopback', async () => {
    const s = await serve(['examples/tutorial', '--port', '0', '--host', '0.0.0.0']);
    expect(s.url).toMatch(/^http:\/\/localhost:\d+\/\?token=/);
    expect(s.stderr()).toContain('warning: listening on every interface');
    s.stop();
    expect(await s.exit).toBe(0);
  });

  it('refuses the manifests to a request without the token', async () => {
    const s = await serve(['examples/tutorial', '--port', '0']);
    const port = Number(new URL(s.url!).port);
    const r = await rawRequest(port, { path: '/api/snapshot' });
    expect(r.status).toBe(401);
    expect(r.body).not.toContain('kube-demo');
    s.stop();
    expect(await s.exit).toBe(0);
  });

  it('serves without a token only when told, with a warning', async () => {
    const s = await serve(['examples/tutorial', '--port', '0', '--no-token']);
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(s.stderr()).toContain('warning: --no-token: every user of this machine can read the manifests');
    const r = await rawRequest(Number(new URL(s.url!).port), { path: '/api/snapshot' });
    expect(r.status).toBe(200);
    s.stop();
    expect(await s.exit).toBe(0);
  });

  it('exits 3 when there is nothing to serve', async () => {
    const s = await serve(['does/not/exist', '--port', '0']);
    expect(await s.exit).toBe(3);
    expect(s.stderr()).toContain('no manifest files found');
  });

  it('exits 2 on a bad port', async () => {
    const s = await serve(['examples/tutorial', '--port', '70000']);
    expect(await s.exit).toBe(2);
  });
});
