import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { createProgress } from '../../src/cli/progress.js';

function fakeIo(tty: boolean, clock: { t: number; step?: number }) {
  const out = { stdout: '', stderr: '' };
  const io: CliIo = {
    stdout: (t) => {
      out.stdout += t;
    },
    stderr: (t) => {
      out.stderr += t;
    },
    readStdin: async () => '',
    env: {},
    stdoutIsTTY: false,
    stderrIsTTY: tty,
    cwd: process.cwd(),
    now: () => {
      clock.t += clock.step ?? 0;
      return clock.t;
    },
  };
  return { io, out };
}

describe('progress on stderr', () => {
  it('says nothing during the first second', () => {
    const clock = { t: 0 };
    const { io, out } = fakeIo(true, clock);
    const p = createProgress(io);
    clock.t = 900;
    p.stage('computing');
    p.done();
    expect(out.stderr).toBe('');
  });

  it('shows the stage after a second, and erases it when done', () => {
    const clock = { t: 0 };
    const { io, out } = fakeIo(true, clock);
    const p = createProgress(io);
    clock.t = 1500;
    p.stage('computing reachability of 10000 pods');
    expect(out.stderr).toBe('\r\u001b[2Kkubereach: computing reachability of 10000 pods (1.5 s)');
    p.done();
    expect(out.stderr.endsWith('\r\u001b[2K')).toBe(true);
  });

  it.each([
    ['in a pipe', false, {}],
    ['with -q', true, { quiet: true }],
  ])('never %s', (_name, tty, options) => {
    const clock = { t: 0 };
    const { io, out } = fakeIo(tty, clock);
    const p = createProgress(io, options);
    clock.t = 5000;
    p.stage('computing');
    p.done();
    expect(out.stderr).toBe('');
  });

  it('a slow matrix run on a terminal shows stages on stderr and leaves stdout clean', async () => {
    const { io, out } = fakeIo(true, { t: 0, step: 400 });
    expect(await runCli(['matrix', 'examples/tutorial', '-o', 'json'], io)).toBe(0);
    expect(out.stderr).toContain('kubereach: computing reachability of 4 pods');
    expect(out.stderr.endsWith('\r\u001b[2K')).toBe(true);
    expect(JSON.parse(out.stdout).kind).toBe('ConnectivityReport');
  });

  it('the same run in a pipe prints nothing on stderr', async () => {
    const { io, out } = fakeIo(false, { t: 0, step: 400 });
    expect(await runCli(['matrix', 'examples/tutorial', '-o', 'json'], io)).toBe(0);
    expect(out.stderr).toBe('');
  });
});
