import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/version.js';

const exec = promisify(execFile);

describe('the real bin', () => {
  it('runs check on the tutorial and exits with the verdict (needs `npm run build`)', async () => {
    const ok = await exec('node', [
      'dist/cli/bin.js',
      'check',
      'dev1/demo1',
      'dev2/demo2',
      'examples/tutorial',
    ]);
    expect(ok.stdout).toContain('✓ allowed');
    await expect(
      exec('node', ['dist/cli/bin.js', 'check', 'default/default', 'dev2/demo2', 'examples/tutorial']),
    ).rejects.toMatchObject({ code: 1 });
  });

  it('prints the version of package.json', async () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
    const { stdout } = await exec('node', ['dist/cli/bin.js', '--version']);
    expect(stdout.trim()).toBe(pkg.version);
  });
});

describe('the bundled bin (dist/bundle, what the package installs)', () => {
  const bin = 'dist/bundle/kubereach.js';

  it('answers as the sources do, verdict and exit code included', async () => {
    const ok = await exec('node', [bin, 'check', 'dev1/demo1', 'dev2/demo2', 'examples/tutorial']);
    expect(ok.stdout).toContain('✓ allowed');
    await expect(
      exec('node', [bin, 'check', 'default/default', 'dev2/demo2', 'examples/tutorial']),
    ).rejects.toMatchObject({ code: 1 });
    await expect(exec('node', [bin, 'matrix', '--bogus'])).rejects.toMatchObject({ code: 2 });
    const [bundled, sources] = await Promise.all(
      [bin, 'dist/cli/bin.js'].map((b) => exec('node', [b, 'matrix', 'examples/online-shop', '-o', 'json'])),
    );
    expect(bundled!.stdout).toBe(sources!.stdout);
  });

  it('prints the version', async () => {
    const { stdout } = await exec('node', [bin, '--version']);
    expect(stdout).toBe(`${VERSION}\n`);
  });

  it('has the parse worker next to the chunk that starts it', () => {
    const files = readdirSync('dist/bundle');
    const starter = files.filter((f) => readFileSync(`dist/bundle/${f}`, 'utf8').includes('parse-worker.js'));
    expect(starter.length).toBeGreaterThan(0);
    expect(existsSync('dist/bundle/parse-worker.js')).toBe(true);
  });
});
