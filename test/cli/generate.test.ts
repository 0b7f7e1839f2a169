import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';

const shop = 'examples/online-shop';
const tutorial = [
  'examples/tutorial/namespaces.yaml',
  'examples/tutorial/pods.yaml',
  'examples/tutorial/http-echo.yaml',
  'examples/tutorial/policy-deny-all.yaml',
  'examples/tutorial/policy-kube-demo.yaml',
];

const temps: string[] = [];
afterEach(() => {
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
});

describe('kubereach generate', () => {
  it('--from-current --verify on the tutorial: the policies (golden) and the proof', async () => {
    const r = await run(['generate', '--from-current', '--verify', ...tutorial]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^verified: the generated policies allow exactly the intended connectivity/m);
    await expect(r.stdout).toMatchFileSnapshot('../golden/generate/tutorial-from-current.yaml');
    expect(r.stdout).not.toMatch(
      /pod-template-hash|controller-revision-hash|statefulset\.kubernetes\.io\/pod-name/,
    );
  });

  it('--flows on the online shop (golden): the flows, DNS, nothing else', async () => {
    const r = await run(['generate', '--flows', 'test/fixtures/generate/shop-flows.csv', '--verify', shop]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('DNS to kube-dns included for every source');
    await expect(r.stdout).toMatchFileSnapshot('../golden/generate/shop-flows.yaml');
  });

  it('--out DIR writes one file per namespace', async () => {
    const out = mkdtempSync(join(tmpdir(), 'kubereach-generate-'));
    temps.push(out);
    const r = await run(['generate', '--from-current', '--out', out, shop]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const files = readdirSync(out).sort();
    expect(files).toEqual(
      [
        'batch',
        'data',
        'frontend',
        'ingress-nginx',
        'kube-system',
        'monitoring',
        'payments',
        'shop',
        'tools',
      ].map((ns) => `${ns}.yaml`),
    );
    expect(readFileSync(join(out, 'shop.yaml'), 'utf8')).toMatch(/namespace: shop/);
  });

  it('refuses to write a set that does not reproduce the intent, unless --force', async () => {
    const argv = [
      'generate',
      '--flows',
      'test/fixtures/generate/twins.csv',
      'test/fixtures/generate/twins.yaml',
    ];
    const refused = await run(argv);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('a/w → b/z-0: extra TCP 5432');
    expect(refused.stderr).toContain('nothing written');
    const forced = await run([...argv, '--force']);
    expect(forced.code).toBe(1);
    expect(forced.stdout).toContain('kind: NetworkPolicy');
  });

  it('--dialect cilium --verify says when it cannot verify', async () => {
    const r = await run(['generate', '--from-current', '--dialect', 'cilium', '--verify', ...tutorial]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('kind: CiliumNetworkPolicy');
    expect(r.stderr).toMatch(/^(not verified: kubereach cannot evaluate this dialect yet|verified: )/m);
  });

  it.each([
    [['generate', shop], 'generate needs an intent'],
    [['generate', '--from-current', '--flows', 'x.csv', shop], 'give one intent only'],
  ])('usage error %j', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});
