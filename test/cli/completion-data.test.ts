/**
 * Completion of names from the input, the cluster and the kubeconfig: endpoints, namespaces,
 * policies, contexts and lint rule ids, and names that try to run code when the user presses TAB.
 * The shell tests run the real bin (`npm run build` first, as `npm test` does).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';

const BIN = resolve('dist/cli/bin.js');
const has = (shell: string) => spawnSync(shell, ['-c', 'exit 0']).status === 0;
const built = existsSync(BIN);
const dir = mkdtempSync(join(tmpdir(), 'kubereach-completion-data-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Names that run `touch` when a shell evaluates them. */
const HOSTILE = [
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion, on purpose
  'prod$(touch${IFS}PWNED-a)',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion, on purpose
  'x`touch${IFS}PWNED-b`',
  'y;touch PWNED-c',
  "z'$(touch PWNED-d)'",
  '-rf $(touch PWNED-e)',
];

/** A working directory holding hostile manifests and a kubeconfig with hostile contexts. */
function hostileWorld(): { cwd: string; env: Record<string, string> } {
  const cwd = mkdtempSync(join(dir, 'world-'));
  const contexts = HOSTILE.map(
    (name) => `  - name: ${JSON.stringify(name)}\n    context: { cluster: c, user: u }`,
  );
  writeFileSync(
    join(cwd, 'kubeconfig'),
    `apiVersion: v1\nkind: Config\nclusters: [{ name: c, cluster: { server: "https://127.0.0.1:1" } }]\nusers: [{ name: u, user: {} }]\ncontexts:\n${contexts.join('\n')}\ncurrent-context: ${JSON.stringify(HOSTILE[0])}\n`,
  );
  const objects = HOSTILE.flatMap((name, i) => [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
    { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: name }, spec: { containers: [] } },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `ok${i}`, namespace: 'fine' },
      spec: { containers: [] },
    },
  ]);
  writeFileSync(
    join(cwd, 'hostile.json'),
    JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }),
  );
  // kubectl as an attacker's cluster would answer it, for scripts that ask kubectl
  const bin = join(cwd, 'bin');
  mkdirSync(bin);
  const lines = HOSTILE.map((h) => `echo '${h.replaceAll("'", "'\\''")}'`).join('\n');
  writeFileSync(
    join(bin, 'kubectl'),
    `#!/bin/sh\n${lines}\nfor n in ${'a b c'}; do echo "namespace/$n"; done\n`,
  );
  writeFileSync(join(bin, 'kubereach'), `#!/bin/sh\nexec node ${JSON.stringify(BIN)} "$@"\n`);
  chmodSync(join(bin, 'kubectl'), 0o755);
  chmodSync(join(bin, 'kubereach'), 0o755);
  return {
    cwd,
    env: {
      PATH: `${bin}:${process.env.PATH ?? ''}`,
      KUBECONFIG: join(cwd, 'kubeconfig'),
      HOME: cwd,
    },
  };
}

const pwned = (cwd: string) => readdirSync(cwd).filter((f) => f.startsWith('PWNED'));

async function scriptFile(shell: string): Promise<string> {
  const file = join(dir, `kubereach.${shell}`);
  writeFileSync(file, (await run(['completion', shell])).stdout);
  return file;
}

describe('__complete: names from the input', () => {
  it.each([
    [['check', 'dev', 'examples/tutorial'], 1, ['dev1/', 'dev2/'], 6],
    [
      ['check', 'dev2/', 'examples/tutorial'],
      1,
      ['dev2/demo2', 'dev2/http-echo', 'dev2/po/demo2', 'dev2/po/http-echo', 'dev2/svc/http-echo'],
      4,
    ],
    [['check', 'dev1/demo1', 'dev2/h', 'examples/tutorial'], 1, ['dev2/http-echo'], 4],
    [['matrix', 'examples/online-shop', '--from', 'pay'], 0, ['payments'], 4],
    [['matrix', 'examples/online-shop', '--to', 'ex'], 0, ['external'], 4],
    [['matrix', '-n', 'd', '-f', 'examples/tutorial'], 2, ['default', 'dev1', 'dev2'], 4],
    [['explain', 'policy', 'dev2/', 'examples/tutorial'], 1, ['dev2/deny-all', 'dev2/kube-demo'], 4],
    [['explain', 'p'], 0, ['policy'], 0],
    [
      ['exposure', 'shop/deploy/c', 'examples/online-shop'],
      1,
      ['shop/deploy/cart', 'shop/deploy/catalog', 'shop/deploy/checkout'],
      0,
    ],
    [['lint', '--disable', 'egress-blocks-dns,peer-'], 0, ['egress-blocks-dns,peer-selects-nothing'], 4],
  ])('%j (%i following) → %j, directive %i', async (words, following, expected, directive) => {
    const r = await run(['__complete', '--following', String(following), '--', ...words]);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toBe(`:${directive}`);
    expect(lines.slice(0, -1)).toEqual(expected);
  });

  it('offers lint rule ids in every shell script', async () => {
    for (const shell of ['bash', 'zsh', 'fish']) {
      const text = (await run(['completion', shell])).stdout;
      expect(text, shell).toContain('egress-blocks-dns');
    }
  });

  it('never offers a name holding a control character, and prints nothing but candidates', async () => {
    const { cwd, env } = hostileWorld();
    const r = await run(['__complete', '--', 'matrix', '--context', ''], { env });
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.slice(0, -1)).toEqual(HOSTILE.filter((h) => !h.startsWith('-')).length > 0 ? HOSTILE : []);
    expect(pwned(cwd)).toEqual([]);
  });
});

describe.skipIf(!built)('completion never runs the names it offers', () => {
  it.skipIf(!has('bash'))(
    'bash: contexts, namespaces and pods',
    async () => {
      const file = await scriptFile('bash');
      const { cwd, env } = hostileWorld();
      const complete = (cword: number, words: string[]) => {
        const program = [
          `source ${JSON.stringify(file)}`,
          `COMP_WORDS=(${words.map((w) => `'${w.replaceAll("'", "'\\''")}'`).join(' ')})`,
          `COMP_CWORD=${cword}`,
          '_kubereach',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a bash array expansion
          'printf "%s\\n" "${COMPREPLY[@]}"',
        ].join('\n');
        const r = spawnSync('bash', ['-c', program], { encoding: 'utf8', cwd, env });
        expect(r.stderr).toBe('');
        return r.stdout.split('\n').filter((l) => l !== '');
      };
      const contexts = complete(3, ['kubereach', 'matrix', '--context', '']);
      // every context offered, quoted so that inserting it runs nothing either
      expect(contexts).toHaveLength(HOSTILE.length);
      for (const quoted of contexts) {
        const back = spawnSync('bash', ['-c', `printf %s ${quoted}`], { encoding: 'utf8', cwd });
        expect(HOSTILE).toContain(back.stdout);
      }
      complete(3, ['kubereach', 'matrix', '-n', '', 'hostile.json']);
      expect(complete(2, ['kubereach', 'check', 'fine/', 'hostile.json'])).toContain('fine/ok0');
      expect(pwned(cwd)).toEqual([]);
    },
    90_000,
  );

  it.skipIf(!has('zsh'))(
    'zsh: candidates go to compadd as data',
    async () => {
      const file = await scriptFile('zsh');
      const { cwd, env } = hostileWorld();
      const program = [
        'compdef() { :; }',
        `source ${JSON.stringify(file)}`,
        // what the completion system would do with them: print them, one per line
        'compadd() { while [[ $1 == -* && $1 != -- ]]; do shift; done; shift; print -rl -- "$@"; }',
        '_files() { :; }',
        '__kubereach_program=kubereach',
        "__kubereach_words=(kubereach matrix --context '')",
        '__kubereach_current=4',
        '__kubereach_dynamic',
        "__kubereach_words=(kubereach check '' hostile.json)",
        '__kubereach_current=3',
        '__kubereach_dynamic',
      ].join('\n');
      const r = spawnSync('zsh', ['-f', '-c', program], { encoding: 'utf8', cwd, env });
      expect(r.stderr).toBe('');
      expect(r.stdout.split('\n').filter((l) => l !== '')).toEqual(expect.arrayContaining(HOSTILE));
      expect(pwned(cwd)).toEqual([]);
    },
    90_000,
  );

  it.skipIf(!has('fish'))(
    'fish: candidates are printed, never evaluated',
    async () => {
      const file = await scriptFile('fish');
      const { cwd, env } = hostileWorld();
      const r = spawnSync(
        'fish',
        [
          '--no-config',
          '-c',
          `source ${file}; complete -C 'kubereach matrix --context '; complete -C 'kubereach check -f hostile.json fine/'`,
        ],
        { encoding: 'utf8', cwd, env },
      );
      // each candidate, then a tab and its description
      const lines = r.stdout
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => l.split('\t')[0]);
      expect(lines).toEqual(expect.arrayContaining([...HOSTILE, 'fine/ok0']));
      expect(pwned(cwd)).toEqual([]);
    },
    90_000,
  );
});
