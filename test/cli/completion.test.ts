import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';

const has = (shell: string) => spawnSync(shell, ['-c', 'exit 0']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'kubereach-completion-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function script(shell: string): Promise<string> {
  const r = await run(['completion', shell]);
  expect(r.code).toBe(0);
  const file = join(dir, `kubereach.${shell}`);
  writeFileSync(file, r.stdout);
  return file;
}

describe('kubereach completion bash', () => {
  it('is a script bash accepts (bash -n)', async () => {
    const file = await script('bash');
    const r = spawnSync('bash', ['-n', file], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  /** Completes `words` (the last one being completed) in a real bash and returns the candidates. */
  async function complete(words: string[]): Promise<string[]> {
    const file = await script('bash');
    const program = [
      `source ${JSON.stringify(file)}`,
      `COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')})`,
      `COMP_CWORD=${words.length - 1}`,
      '_kubereach',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a bash array expansion
      'printf "%s\\n" "${COMPREPLY[@]}"',
    ].join('\n');
    const r = spawnSync('bash', ['-c', program], { encoding: 'utf8', cwd: process.cwd() });
    expect(r.status).toBe(0);
    return r.stdout.split('\n').filter((l) => l !== '');
  }

  it.each([
    [['kubereach', 'expo'], ['exposure']],
    [
      ['kubereach', 'matrix', '-o', ''],
      ['table', 'wide', 'json', 'yaml', 'csv', 'md', 'dot', 'mermaid', 'html'],
    ],
    [['kubereach', 'matrix', '--gran'], ['--granularity']],
    [['kubereach', 'matrix', '--granularity', 'n'], ['namespace']],
    [
      ['kubereach', 'matrix', '--external', ''],
      ['on', 'off'],
    ],
    [
      ['kubereach', 'exposure', '--direction', ''],
      ['in', 'out', 'both'],
    ],
    [
      ['kubectl-reach', 'check', '--protocol', ''],
      ['TCP', 'UDP', 'SCTP'],
    ],
    [
      ['kubereach', 'completion', ''],
      ['bash', 'zsh', 'fish'],
    ],
    [['kubereach', 'matrix', 'examples/rb'], ['examples/rbac']],
    [['kubereach', 'matrix', '-f', 'examples/onl'], ['examples/online-shop']],
  ])('%j completes to %j', async (words, expected) => {
    expect(await complete(words)).toEqual(expected);
  });
});

describe('completion for kubectl reach (kubectl_complete-reach)', () => {
  it.each([
    [[''], ['matrix', 'check'], 4],
    [['ma'], ['matrix'], 4],
    [['matrix', '-o', 'y'], ['yaml'], 4],
    [['matrix', '--gran'], ['--granularity'], 4],
    [['matrix', '--from', ''], ['external'], 4],
    [['matrix', '-f', ''], [], 0],
    [['matrix', 'examples/'], [], 0],
    [['completion', 'f'], ['fish'], 4],
  ])('%j → %j and directive %i', async (words, expected, directive) => {
    const r = await run(['__complete', '--', ...words]);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toBe(`:${directive}`);
    expect(lines.slice(0, -1)).toEqual(expect.arrayContaining(expected));
    if (expected.length <= 1) expect(lines.slice(0, -1)).toEqual(expected);
  });

  it('is hidden from help', async () => {
    expect((await run(['--help'])).stdout).not.toContain('__complete');
  });
});

describe.each(['zsh', 'fish'])('kubereach completion %s', (shell) => {
  it('names every verb and both programs', async () => {
    const text = (await run(['completion', shell])).stdout;
    const verbs = ['matrix', 'check', 'exposure', 'completion'];
    for (const verb of verbs) expect(text).toContain(verb);
    expect(text).toContain('kubectl-reach');
    expect(text).toContain('table wide json yaml csv md dot mermaid html');
  });

  it.skipIf(!has(shell))('is a script the shell accepts (-n)', async () => {
    const file = await script(shell);
    const r = spawnSync(shell, ['-n', file], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
