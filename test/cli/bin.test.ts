import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
