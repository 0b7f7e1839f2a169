import { spawnSync } from 'node:child_process';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { MATRIX_FORMATS } from '../../src/render/matrix/format.js';
import { VERSION } from '../../src/version.js';
import { run } from '../helpers/cli.js';

const SCENARIOS = [
  ['tutorial', 'examples/tutorial'],
  ['online-shop', 'examples/online-shop'],
] as const;

/** The version in html footers would change every golden at each release. */
const stable = (text: string) => text.replaceAll(`kubereach ${VERSION}`, 'kubereach <version>');

describe.each(SCENARIOS)('matrix of %s in every format', (scenario, dir) => {
  it.each(MATRIX_FORMATS)('-o %s matches its golden file', async (format) => {
    const r = await run(['matrix', dir, '-o', format]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    await expect(stable(r.stdout)).toMatchFileSnapshot(`../golden/matrix/${scenario}.${format}`);
  });

  it('yaml is the json report, field for field', async () => {
    const json = await run(['matrix', dir, '-o', 'json']);
    const yaml = await run(['matrix', dir, '-o', 'yaml']);
    expect(load(yaml.stdout)).toEqual(JSON.parse(json.stdout));
  });

  it.each(['pod', 'workload', 'namespace'])(
    'dot renders with Graphviz at %s granularity',
    async (granularity) => {
      const r = await run(['matrix', dir, '-o', 'dot', '--granularity', granularity]);
      const svg = spawnSync('dot', ['-Tsvg'], { input: r.stdout, encoding: 'utf8' });
      expect(svg.error).toBeUndefined();
      expect(svg.stderr).toBe('');
      expect(svg.status).toBe(0);
      expect(svg.stdout).toContain('<svg');
      // namespaces are clusters (except at namespace granularity, where they are the nodes)
      if (granularity !== 'namespace') expect(svg.stdout).toMatch(/class="cluster"[\s\S]*namespace /);
    },
  );
});

describe('matrix formats on a focused view', () => {
  it('md and csv show only the focused connections', async () => {
    const md = await run(['matrix', 'examples/online-shop', '-o', 'md', '--to', 'payments/*']);
    await expect(md.stdout).toMatchFileSnapshot('../golden/matrix/online-shop-to-payments.md');
    const csv = await run([
      'matrix',
      'examples/online-shop',
      '-o',
      'csv',
      '--port',
      '53',
      '--from',
      'shop/*',
    ]);
    await expect(csv.stdout).toMatchFileSnapshot('../golden/matrix/online-shop-shop-port-53.csv');
  });

  it('namespace granularity as a table', async () => {
    const r = await run([
      'matrix',
      'examples/online-shop',
      '--granularity',
      'namespace',
      '--external',
      'off',
    ]);
    await expect(r.stdout).toMatchFileSnapshot('../golden/matrix/online-shop-namespaces.table');
  });

  it('namespace granularity as html: namespaces on an ellipse, the outside world beside it', async () => {
    const r = await run(['matrix', 'examples/online-shop', '--granularity', 'namespace', '-o', 'html']);
    expect(r.stdout).not.toContain('class="group namespace"');
    await expect(stable(r.stdout)).toMatchFileSnapshot('../golden/matrix/online-shop-namespaces.html');
  });
});
