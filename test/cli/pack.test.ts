import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

interface PackResult {
  readonly filename: string;
  readonly files: readonly { readonly path: string }[];
}

/**
 * Installs the package as users install CLIs: `npm pack`, then `npm install -g` of the tarball
 * into a temporary prefix, then both bins from that prefix (needs `npm run build` first, as
 * `npm test` does). Dependencies come from the npm cache when it has them.
 */
describe('the npm package', () => {
  let dir = '';
  let pack: PackResult;
  let bin = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubereach-pack-'));
    const { stdout } = await exec('npm', ['pack', '--json', '--pack-destination', dir], {
      maxBuffer: 1 << 26,
    });
    pack = (JSON.parse(stdout) as PackResult[])[0]!;
    const prefix = join(dir, 'prefix');
    await exec('npm', [
      'install',
      '--global',
      '--prefix',
      prefix,
      join(dir, pack.filename),
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
    ]);
    bin = join(prefix, 'bin');
  }, 240_000);

  afterAll(async () => {
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('ships only the build, the examples, the README and package.json', () => {
    const paths = pack.files.map((f) => f.path);
    expect(paths).toContain('dist/cli/bin.js');
    // the bins point at the bundle
    expect(paths).toContain('dist/bundle/kubereach.js');
    expect(paths).toContain('dist/bundle/parse-worker.js');
    expect(paths).toContain('dist/index.js');
    expect(paths).toContain('dist/index.d.ts');
    expect(paths).toContain('examples/tutorial/policy-kube-demo.yaml');
    expect(paths).toContain('examples/online-shop/namespaces.yaml');
    // the studio's built page and scripts (npm run build builds them into dist/web)
    expect(paths).toContain('dist/web/index.html');
    expect(paths.some((p) => /^dist\/web\/assets\/.+\.js$/.test(p))).toBe(true);
    const unexpected = paths.filter(
      (p) =>
        !(
          p.startsWith('dist/') ||
          p.startsWith('examples/') ||
          ['package.json', 'README.md', 'LICENSE'].includes(p)
        ) || p.endsWith('.map'),
    );
    expect(unexpected).toEqual([]);
  });

  it('installs with npm install -g and both bins print the version', async () => {
    const kubereach = await exec(join(bin, 'kubereach'), ['--version']);
    expect(kubereach.stdout.trim()).toBe(pkg.version);
    const plugin = await exec(join(bin, 'kubectl-reach'), ['--version']);
    expect(plugin.stdout.trim()).toBe(pkg.version);
  });

  it('runs a verb from the installed package on its bundled example', async () => {
    const examples = join(bin, '..', 'lib', 'node_modules', 'kubereach', 'examples', 'tutorial');
    const { stdout } = await exec(join(bin, 'kubectl-reach'), ['matrix', examples, '-o', 'json']);
    expect(JSON.parse(stdout)).toMatchObject({ apiVersion: 'kubereach/v1', kind: 'ConnectivityReport' });
  });

  it('works as a kubectl plugin (kubectl reach) when kubectl is installed', async () => {
    const env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` };
    let kubectl = true;
    try {
      await exec('kubectl', ['version', '--client'], { env });
    } catch {
      kubectl = false;
    }
    if (!kubectl) return;
    const { stdout } = await exec('kubectl', ['reach', '--version'], { env });
    expect(stdout.trim()).toBe(pkg.version);
    // kubectl completes plugin arguments through kubectl_complete-reach
    const completion = await exec('kubectl', ['__complete', 'reach', 'matrix', '--gran'], { env });
    expect(completion.stdout.split('\n').slice(0, 2)).toEqual(['--granularity', ':4']);
  });

  it('installs kubectl_complete-reach, which answers as kubectl expects', async () => {
    const { stdout } = await exec(join(bin, 'kubectl_complete-reach'), ['exposure', '--direction', '']);
    expect(stdout).toBe('in\nout\nboth\n:4\n');
  });
});
