import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { VERSION } from '../../src/version.js';
import { run } from '../helpers/cli.js';
import { validateSarif } from './sarif.js';

const TUTORIAL = 'examples/tutorial';
const CLEAN = 'test/fixtures/lint/clean';
const MISTAKES = 'test/fixtures/lint/mistakes';

/** Runs the CLI from another working directory (config discovery). */
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
    cwd: resolve(cwd),
  });
  return { code, stdout, stderr };
}

describe('kubereach lint on the tutorial', () => {
  it('reports only notes about namespaces without isolation, and exits 0', async () => {
    const r = await run(['lint', TUTORIAL]);
    expect(r.code).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot('../golden/lint/tutorial.text');
  });

  it('as JSON', async () => {
    const r = await run(['lint', TUTORIAL, '-o', 'json']);
    expect(r.code).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot('../golden/lint/tutorial.json');
  });

  it('exits 1 under --strict with --fail-on warning', async () => {
    expect((await run(['lint', TUTORIAL, '--strict', '--fail-on', 'warning'])).code).toBe(1);
  });
});

describe('kubereach lint on the clean policies', () => {
  it('has nothing above a note, even with --fail-on warning', async () => {
    const r = await run(['lint', CLEAN, '--fail-on', 'warning']);
    expect(r.code).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot('../golden/lint/clean.text');
  });
});

describe('kubereach lint on the classic mistakes', () => {
  it.each([
    ['text', 'mistakes.text'],
    ['json', 'mistakes.json'],
    ['github', 'mistakes.github'],
  ])('-o %s', async (format, golden) => {
    const r = await run(['lint', MISTAKES, '-o', format]);
    expect(r.code).toBe(1);
    await expect(r.stdout).toMatchFileSnapshot(`../golden/lint/${golden}`);
  });

  it('-o sarif is a valid SARIF 2.1.0 log for GitHub code scanning', async () => {
    const r = await run(['lint', MISTAKES, '-o', 'sarif']);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    expect(validateSarif(log)).toEqual([]);
    expect(log.runs[0].results.length).toBeGreaterThan(10);
    await expect(r.stdout.replaceAll(`"${VERSION}"`, '"<version>"')).toMatchFileSnapshot(
      '../golden/lint/mistakes.sarif',
    );
  });

  it('the JSON has the contract keys for every finding', async () => {
    const json = JSON.parse((await run(['lint', MISTAKES, '-o', 'json'])).stdout);
    for (const f of json.findings) {
      expect(Object.keys(f)).toEqual(['rule', 'severity', 'message', 'object', 'path', 'source', 'hint']);
      expect(Object.keys(f.source)).toEqual(['file', 'line', 'column']);
    }
  });

  it.each([
    [['--fail-on', 'error'], 1],
    [['--disable', 'invalid-policy,invalid-end-port', '--disable', 'except-outside-cidr'], 0],
    [['--disable', 'invalid-policy,invalid-end-port,except-outside-cidr', '--fail-on', 'warning'], 1],
    [['-n', 'monitoring', '--fail-on', 'warning'], 1],
    [['-n', 'monitoring'], 0],
  ])('exit code with %j is %i', async (flags, code) => {
    expect((await run(['lint', MISTAKES, ...flags])).code).toBe(code);
  });

  it('filters findings by namespace with -n', async () => {
    const json = JSON.parse((await run(['lint', MISTAKES, '-n', 'monitoring', '-o', 'json'])).stdout);
    const namespaces = new Set(
      json.findings.map(
        (f: { object: { namespace?: string; name: string } }) => f.object.namespace ?? f.object.name,
      ),
    );
    expect([...namespaces]).toEqual(['monitoring']);
  });

  it('runs a rule that is off by default with --enable', async () => {
    const r = await run(['lint', CLEAN, '--enable', 'ipblock-all-addresses', '-o', 'json']);
    expect(r.code).toBe(0);
  });

  it('refuses an unknown rule with a suggestion (exit 2)', async () => {
    const r = await run(['lint', MISTAKES, '--disable', 'egress-block-dns']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('egress-blocks-dns');
  });
});

describe('lint configuration', () => {
  it('discovers .kubereach.yaml in the working directory and does not read it as a manifest', async () => {
    const r = await runIn('test/fixtures/lint/configured', ['lint', '.', '-o', 'json']);
    const json = JSON.parse(r.stdout);
    const rules = json.findings.map((f: { rule: string; severity: string }) => `${f.rule}:${f.severity}`);
    expect(rules).toContain('ports-without-peers:error');
    expect(rules.some((r: string) => r.startsWith('namespace-not-isolated'))).toBe(false);
    expect(rules.some((r: string) => r.startsWith('invalid-manifest'))).toBe(false);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
  });

  it('reads --config FILE; flags win over the file', async () => {
    const config = ['--config', 'test/fixtures/lint/strict.kubereach.yaml'];
    const strict = JSON.parse((await run(['lint', TUTORIAL, ...config, '-o', 'json'])).stdout);
    expect(new Set(strict.findings.map((f: { severity: string }) => f.severity))).toEqual(
      new Set(['warning']),
    );
    const off = JSON.parse(
      (await run(['lint', TUTORIAL, ...config, '--disable', 'namespace-not-isolated', '-o', 'json'])).stdout,
    );
    expect(off.findings).toEqual([]);
  });

  it('rejects an invalid config file with exit 2', async () => {
    const r = await run(['lint', TUTORIAL, '--config', 'test/fixtures/lint/clean/policies.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not valid');
  });

  it('rejects a missing --config file with exit 2', async () => {
    expect((await run(['lint', TUTORIAL, '--config', 'no-such.yaml'])).code).toBe(2);
  });

  it('lists the rules', async () => {
    const r = await run(['lint', '--list-rules']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('egress-blocks-dns');
    expect(r.stdout).toMatch(/ipblock-all-addresses\s+off/);
  });
});
