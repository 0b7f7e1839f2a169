/**
 * Only regular files are read, everywhere input is read: a FIFO named like a manifest (or a link
 * to /dev/stdin, which a git repository can carry) or a link to /dev/zero is refused with a
 * diagnostic naming it, and never hangs a command or the studio.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadKubeconfig } from '../../src/live/kubeconfig.js';
import { loadClientLibrary } from '../../src/live/library.js';
import { createFileProvider } from '../../src/server/file-provider.js';
import { readInputFiles } from '../../src/sources/files.js';
import { run } from '../helpers/cli.js';

const NS = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: fine\n';
const POSIX = process.platform !== 'win32';

/** Fails instead of hanging: a read that blocks on a FIFO would never settle. */
function settles<T>(promise: Promise<T>, ms = 5000): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms)),
  ]);
}

describe.runIf(POSIX)('special files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kubereach-special-'));
    mkdirSync(join(dir, 'm'));
    writeFileSync(join(dir, 'm', 'fine.yaml'), NS);
    execFileSync('mkfifo', [join(dir, 'm', 'pipe.yaml')]);
    symlinkSync('/dev/zero', join(dir, 'm', 'zero.yaml'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a directory with a FIFO and a link to /dev/zero: both refused by name, the rest read', async () => {
    const read = await settles(readInputFiles(['m'], { cwd: dir }));
    expect(read.files.map((f) => f.name)).toEqual([join('m', 'fine.yaml')]);
    const problems = read.diagnostics.map((d) => [d.code, d.source?.file, d.message]);
    expect(problems).toEqual([
      [
        'READ_ERROR',
        join('m', 'pipe.yaml'),
        expect.stringContaining('is a FIFO (named pipe), not a regular file'),
      ],
      [
        'READ_ERROR',
        join('m', 'zero.yaml'),
        expect.stringContaining('is a character device, not a regular file'),
      ],
    ]);
  });

  it.each([
    ['a FIFO', 'm/pipe.yaml', 'FIFO'],
    ['a link to /dev/zero', 'm/zero.yaml', 'character device'],
  ])('%s named on the command line is refused', async (_what, path, kind) => {
    const read = await settles(readInputFiles([path], { cwd: dir }));
    expect(read.files).toEqual([]);
    expect(read.diagnostics[0]?.message).toContain(kind);
  });

  it('a link to /dev/stdin is read only if standard input is a regular file', async () => {
    symlinkSync('/dev/stdin', join(dir, 'stdin.yaml'));
    const read = await settles(readInputFiles(['stdin.yaml'], { cwd: dir }));
    expect(read.files.length + read.diagnostics.length).toBe(1);
  });

  it('lint finishes and names them', async () => {
    const r = await settles(run(['lint', 'm'], { cwd: dir }));
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toContain('pipe.yaml is a FIFO (named pipe), not a regular file');
    expect(r.stdout + r.stderr).toContain('zero.yaml is a character device, not a regular file');
  });

  it('a lint config that is a FIFO is refused, not waited on', async () => {
    execFileSync('mkfifo', [join(dir, '.kubereach.yaml')]);
    const r = await settles(run(['lint', 'm/fine.yaml'], { cwd: dir }));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('config file .kubereach.yaml is a FIFO (named pipe), not a regular file');
  });

  it('the studio starts, and a FIFO created after start does not hang its snapshots', async () => {
    const provider = createFileProvider(['m'], { cwd: dir });
    const first = await settles(provider.snapshot());
    expect(first.files.map((f) => f.name)).toEqual([join('m', 'fine.yaml')]);
    execFileSync('mkfifo', [join(dir, 'm', 'later.yaml')]);
    const next = await settles(provider.snapshot());
    expect(next.problems.map((p) => p.file)).toContain(join('m', 'later.yaml'));
  });

  it('a kubeconfig that is a FIFO is refused, not waited on', async () => {
    execFileSync('mkfifo', [join(dir, 'kubeconfig')]);
    const lib = await loadClientLibrary();
    expect(() => loadKubeconfig(lib, { kubeconfig: join(dir, 'kubeconfig'), env: {}, cwd: dir })).toThrow(
      /is a FIFO \(named pipe\), not a regular file/,
    );
  });
});
