import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { StudioSnapshot } from '../../src/server/protocol.js';

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

describe('kubereach serve', () => {
  it('serves the tutorial on 127.0.0.1 until interrupted, then exits 0', async () => {
    const s = await serve(['examples/tutorial', '--port', '0']);
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(s.stdout()).toContain('serving examples/tutorial; press Ctrl-C to stop');
    const snapshot = (await (await fetch(`${s.url}api/snapshot`)).json()) as StudioSnapshot;
    expect(snapshot.files.map((f) => f.name)).toContain('examples/tutorial/policy-kube-demo.yaml');
    expect(snapshot.cni).toBe('upstream');
    expect((await fetch(s.url!)).status).toBe(200);
    s.stop();
    expect(await s.exit).toBe(0);
    await expect(fetch(s.url!)).rejects.toThrow();
  });

  it('tells the page which CNI profile to evaluate with', async () => {
    const s = await serve(['examples/tutorial', '--port', '0', '--cni', 'cilium']);
    const snapshot = (await (await fetch(`${s.url}api/snapshot`)).json()) as StudioSnapshot;
    expect(snapshot.cni).toBe('cilium');
    s.stop();
    expect(await s.exit).toBe(0);
  });

  it('warns when it listens beyond loopback', async () => {
    const s = await serve(['examples/tutorial', '--port', '0', '--host', '0.0.0.0']);
    expect(s.url).toMatch(/^http:\/\/localhost:\d+\/$/);
    expect(s.stderr()).toContain('warning: listening on every interface');
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
