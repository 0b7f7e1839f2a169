import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { run } from '../helpers/cli.js';

const fixtures = 'test/fixtures/diff';
const before = `${fixtures}/shop-before`;
const after = `${fixtures}/shop-after`;

describe('kubereach diff OLD NEW', () => {
  it.each(['text', 'json', 'md', 'csv', 'dot'])('renders the shop change as %s', async (format) => {
    const r = await run(['diff', before, after, '-o', format]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    await expect(r.stdout).toMatchFileSnapshot(`../golden/diff/shop.${format}`);
  });

  it('renders the tutorial step that adds kube-demo as a pull-request comment', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubereach-diff-'));
    try {
      for (const side of ['old', 'new']) mkdirSync(join(dir, side));
      for (const f of ['namespaces', 'pods', 'http-echo', 'policy-deny-all']) {
        cpSync(`examples/tutorial/${f}.yaml`, join(dir, 'old', `${f}.yaml`));
        cpSync(`examples/tutorial/${f}.yaml`, join(dir, 'new', `${f}.yaml`));
      }
      cpSync('examples/tutorial/policy-kube-demo.yaml', join(dir, 'new', 'policy-kube-demo.yaml'));
      const r = await runIn(dir, ['diff', 'old', 'new', '-o', 'md']);
      expect(r.code).toBe(1);
      await expect(r.stdout).toMatchFileSnapshot('../golden/diff/tutorial-kube-demo.md');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 0 and says so when nothing changed', async () => {
    const r = await run(['diff', before, before]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^No connectivity changes between \d+ nodes\.$/m);
    const md = await run(['diff', before, before, '-o', 'md']);
    expect(md.stdout).toContain('✅ **No connectivity changes**');
    const json = JSON.parse((await run(['diff', before, before, '-o', 'json'])).stdout);
    expect(json).toMatchObject({
      kind: 'ConnectivityDiff',
      changes: [],
      endpoints: { added: [], removed: [] },
    });
  });

  it('writes the ConnectivityDiff contract', async () => {
    const r = await run(['diff', before, after, '-o', 'json']);
    const json = JSON.parse(r.stdout);
    expect(json.apiVersion).toBe('kubereach/v1');
    expect(json.kind).toBe('ConnectivityDiff');
    expect(json.endpoints.added).toEqual([
      { id: 'shop/cache', kind: 'Deployment', namespace: 'shop', name: 'cache' },
    ]);
    expect(json.endpoints.removed.map((n: { id: string }) => n.id)).toEqual(['payments/legacy']);
    const types = new Set(json.changes.map((c: { type: string }) => c.type));
    expect(types).toEqual(new Set(['added', 'removed', 'changed']));
    expect(json.changes).toContainEqual({
      type: 'changed',
      src: 'shop/web',
      dst: 'shop/api',
      before: [{ protocol: 'TCP', ports: [[8080, 8080]] }],
      after: [
        {
          protocol: 'TCP',
          ports: [
            [8080, 8080],
            [9090, 9090],
          ],
        },
      ],
      policies: [
        {
          policy: 'shop/allow-web-to-api',
          direction: 'ingress',
          effect: 'allows',
          status: 'modified',
          version: 'after',
          rules: ['spec.ingress[0]'],
          source: { file: `${after}/policies.yaml`, line: 12, column: 7 },
        },
      ],
    });
    const removedDb = json.changes.find(
      (c: { dst: string; src: string }) => c.src === 'shop/api' && c.dst === 'shop/db',
    );
    expect(removedDb).toMatchObject({
      type: 'removed',
      after: [],
      policies: [
        { policy: 'shop/allow-api-to-db', effect: 'no-longer-allows', status: 'removed', version: 'before' },
      ],
    });
    expect(removedDb.policies[0].source.file).toBe(`${before}/policies.yaml`);
    expect(json.policies).toEqual({
      added: [
        { namespace: 'shop', name: 'allow-api-to-cache' },
        { namespace: 'payments', name: 'gateway-from-shop' },
      ],
      removed: [{ namespace: 'shop', name: 'allow-api-to-db' }],
      modified: [{ namespace: 'shop', name: 'allow-web-to-api' }],
    });
  });

  it('draws a picture Graphviz renders', async () => {
    const r = await run(['diff', before, after, '-o', 'dot']);
    const dot = spawnSync('dot', ['-Tsvg'], { input: r.stdout, encoding: 'utf8' });
    expect(dot.error).toBeUndefined();
    expect(dot.stderr).toBe('');
    expect(dot.status).toBe(0);
    expect(dot.stdout).toContain('<svg');
    expect(dot.stdout).toContain('#1a7f37'); // added
    expect(dot.stdout).toContain('#cf222e'); // removed
  });

  it('compares at pod and namespace granularity and filters by namespace', async () => {
    const ns = await run(['diff', before, after, '--granularity', 'namespace', '--no-external', '-o', 'csv']);
    expect(ns.code).toBe(1);
    expect(ns.stdout.split('\r\n').slice(0, 1)).toEqual(['type,src,dst,before,after,policies']);
    expect(ns.stdout).toContain('changed,shop,shop,');
    const filtered = JSON.parse((await run(['diff', before, after, '-n', 'payments', '-o', 'json'])).stdout);
    for (const c of filtered.changes)
      expect(c.src.startsWith('payments/') || c.dst.startsWith('payments/')).toBe(true);
    expect(filtered.endpoints.added).toEqual([]);
  });

  it.each([
    { argv: ['diff', before], code: 2, message: /diff takes two paths/ },
    { argv: ['diff', before, after, 'third'], code: 2, message: /diff takes two paths/ },
    { argv: ['diff', '--git', 'a...b'], code: 2, message: /is not REV or REV\.\.REV/ },
    { argv: ['diff', before, after, '-o', 'xml'], code: 2, message: /invalid/ },
    { argv: ['diff', before, `${fixtures}/does-not-exist`], code: 3, message: /does not exist/ },
  ])('exits $code for $argv', async ({ argv, code, message }) => {
    const r = await run(argv);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
  });
});

describe('kubereach diff --git', () => {
  let repo: string;
  const git = (...args: string[]) => {
    const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
      cwd: repo,
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };

  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), 'kubereach-git-'));
    git('init', '-q');
    cpSync(before, join(repo, 'k8s'), { recursive: true });
    writeFileSync(join(repo, 'README.md'), 'not a manifest\n');
    git('add', '.');
    git('commit', '-q', '-m', 'v1');
    git('tag', 'v1');
    rmSync(join(repo, 'k8s'), { recursive: true });
    cpSync(after, join(repo, 'k8s'), { recursive: true });
    mkdirSync(join(repo, 'k8s', 'nested'));
    writeFileSync(
      join(repo, 'k8s', 'nested', 'extra.yaml'),
      'apiVersion: v1\nkind: Namespace\nmetadata: { name: extra }\n',
    );
    git('add', '-A');
    git('commit', '-q', '-m', 'v2');
    git('tag', 'v2');
    // The working tree: the removed db policy comes back, uncommitted.
    cpSync(`${before}/policies.yaml`, join(repo, 'k8s', 'restore-db.yaml'));
  });

  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it('compares two revisions exactly as the two directories', async () => {
    const viaGit = JSON.parse((await runIn(repo, ['diff', '--git', 'v1..v2', 'k8s', '-o', 'json'])).stdout);
    const viaDirs = JSON.parse((await run(['diff', before, after, '-o', 'json'])).stdout);
    const strip = (changes: { policies: { source: unknown }[] }[]) =>
      changes.map((c) => ({ ...c, policies: c.policies.map((p) => ({ ...p, source: undefined })) }));
    expect(strip(viaGit.changes)).toEqual(strip(viaDirs.changes));
    expect(viaGit.endpoints).toEqual(viaDirs.endpoints);
    expect(viaGit.changes[0].policies[0]?.source.file ?? 'v2:k8s/policies.yaml').toMatch(
      /^v[12]:k8s\/policies\.yaml$/,
    );
    expect(viaGit.before.source).toMatch(/^v1 \([0-9a-f]{12}\) k8s$/);
  });

  it('reads subdirectories of a revision only with -R', async () => {
    const flat = await runIn(repo, ['diff', '--git', 'v1..v2', 'k8s', '-o', 'json', '-v']);
    expect(flat.stderr).toContain('v2:k8s/nested is a subdirectory and was not read');
    const added = async (argv: string[]) =>
      JSON.parse(
        (await runIn(repo, [...argv, '--granularity', 'namespace', '-o', 'json'])).stdout,
      ).endpoints.added.map((n: { id: string }) => n.id);
    expect(await added(['diff', '--git', 'v1..v2', 'k8s'])).toEqual([]);
    expect(await added(['diff', '--git', 'v1..v2', 'k8s', '-R'])).toEqual(['extra']);
  });

  it('compares the working tree with a revision, from a subdirectory', async () => {
    const r = await runIn(join(repo, 'k8s'), ['diff', '--git', 'v2']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /\+\s+shop\/api\s+shop\/db\s+none\s+TCP 5432\s+shop\/allow-api-to-db ingress\[0\] allows \(policy added\)/,
    );
    const same = await runIn(repo, ['diff', '--git', 'HEAD', 'k8s/policies.yaml']);
    expect(same.code).toBe(0);
  });

  it('treats a path that does not exist yet in the old revision as an empty version', async () => {
    const r = await runIn(repo, [
      'diff',
      '--git',
      'v1..v2',
      'k8s/nested',
      '--granularity',
      'namespace',
      '-o',
      'json',
    ]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).endpoints.added).toEqual([{ id: 'extra', kind: 'Namespace', name: 'extra' }]);
    expect(r.stderr).toContain('v1:k8s/nested does not exist in this revision');
  });

  it.each([
    { argv: ['diff', '--git', 'no-such-rev', 'k8s'], message: /unknown revision "no-such-rev"/ },
    { argv: ['diff', '--git', '--upload-pack=x', 'k8s'], message: /is not a revision/ },
  ])('rejects $argv with a usage error', async ({ argv, message }) => {
    const r = await runIn(repo, argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('says when the path is not in a git repository', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'kubereach-nogit-'));
    try {
      const r = await runIn(outside, ['diff', '--git', 'HEAD', '.']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/not inside a git repository/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

/** Runs the CLI in-process with `cwd` as its working directory. */
async function runIn(cwd: string, argv: readonly string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    readStdin: async () => '',
    env: {},
    stdoutIsTTY: false,
    stderrIsTTY: false,
    cwd,
  });
  return { code, stdout, stderr };
}

describe('kubereach diff -f SHARED OLD NEW', () => {
  const dir = 'test/fixtures/diff/shared-cluster';

  it('reads -f into both versions: two versions of the policies on one cluster', async () => {
    const r = await run(['diff', '-f', `${dir}/cluster.yaml`, `${dir}/old`, `${dir}/new`, '-o', 'json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as {
      changes: { type: string; src: string; dst: string }[];
      endpoints: { added: unknown[]; removed: unknown[] };
    };
    // the workloads are the same in both versions: only the policy changed
    expect(doc.endpoints).toEqual({ added: [], removed: [] });
    expect(doc.changes.map((c) => `${c.type} ${c.src} → ${c.dst}`)).toEqual([
      'removed shop/redis → shop/cart',
    ]);
  });

  it('finds nothing when only the shared part is given twice', async () => {
    const r = await run(['diff', '-f', `${dir}/cluster.yaml`, `${dir}/new`, `${dir}/new`]);
    expect(r.code).toBe(0);
  });
});
