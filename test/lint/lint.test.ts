import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { globMatch, lintCluster, resolveRules, unknownRuleIds } from '../../src/lint/lint.js';
import { LINT_RULES, suggestRuleId } from '../../src/lint/registry.js';
import { loadManifests } from '../../src/load.js';

const readDir = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ name: `${dir}/${f}`, text: readFileSync(`${dir}/${f}`, 'utf8') }));

const clean = loadManifests(readDir('test/fixtures/lint/clean'));
const mistakes = loadManifests(readDir('test/fixtures/lint/mistakes'));

describe('the rule registry', () => {
  it('has unique kebab-case ids, a summary and a description for every rule', () => {
    const ids = LINT_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of LINT_RULES) {
      expect(r.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(r.summary.length).toBeGreaterThan(10);
      expect(r.description.length).toBeGreaterThan(40);
    }
  });

  it('has a table-driven test naming every rule under test/lint/rules', () => {
    const tests = readdirSync('test/lint/rules')
      .map((f) => readFileSync(`test/lint/rules/${f}`, 'utf8'))
      .join('\n');
    const untested = LINT_RULES.filter((r) => !tests.includes(`expectRule('${r.id}'`)).map((r) => r.id);
    expect(untested).toEqual([]);
  });

  it('is documented in the README, rule by rule', () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(LINT_RULES.filter((r) => !readme.includes(`\`${r.id}\``)).map((r) => r.id)).toEqual([]);
  });

  it('suggests the closest id for a typo', () => {
    expect(suggestRuleId('egress-block-dns')).toBe('egress-blocks-dns');
    expect(suggestRuleId('zzzzzzzzzzzzzzzzzzzzzzzzzz')).toBe(undefined);
    expect(unknownRuleIds(['egress-blocks-dns', 'nope'])).toEqual(['nope']);
  });
});

describe('resolving which rules run', () => {
  const setting = (options: Parameters<typeof resolveRules>[0], id: string) => {
    const a = resolveRules(options).find((r) => r.rule.id === id)!;
    return a.enabled ? a.severity : 'off';
  };

  it.each([
    ['defaults', {}, 'ipblock-all-addresses', 'off'],
    ['defaults', {}, 'namespace-not-isolated', 'info'],
    ['strict enables every rule', { strict: true }, 'ipblock-all-addresses', 'warning'],
    ['strict raises informational rules', { strict: true }, 'namespace-not-isolated', 'warning'],
    ['strict keeps other severities', { strict: true }, 'invalid-policy', 'error'],
    ['a configured severity', { rules: { 'egress-blocks-dns': 'error' } }, 'egress-blocks-dns', 'error'],
    [
      'a configured severity wins over strict',
      { strict: true, rules: { 'namespace-not-isolated': 'info' } },
      'namespace-not-isolated',
      'info',
    ],
    ['off in the config', { rules: { 'egress-blocks-dns': 'off' } }, 'egress-blocks-dns', 'off'],
    ['on in the config', { rules: { 'ipblock-all-addresses': 'on' } }, 'ipblock-all-addresses', 'info'],
    [
      '--enable over config off',
      { rules: { 'egress-blocks-dns': 'off' }, enable: ['egress-blocks-dns'] },
      'egress-blocks-dns',
      'warning',
    ],
    [
      '--disable over --enable',
      { enable: ['egress-blocks-dns'], disable: ['egress-blocks-dns'] },
      'egress-blocks-dns',
      'off',
    ],
  ] as const)('%s: %s', (_name, options, id, expected) => {
    expect(setting(options, id)).toBe(expected);
  });
});

describe('lintCluster', () => {
  it('finds no error and no warning in a clean, well-formed set of policies', () => {
    const findings = lintCluster(clean);
    expect(findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(clean.policies).toHaveLength(5);
  });

  it('finds no error in the clean set even under --strict', () => {
    expect(lintCluster(clean, { strict: true }).filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('gives every finding an object, a field path or object position, and a hint', () => {
    const findings = lintCluster(mistakes, { strict: true });
    expect(findings.length).toBeGreaterThan(10);
    for (const f of findings) {
      expect(f.object, f.message).toBeDefined();
      expect(f.source, f.message).toBeDefined();
      expect(f.hint, f.message).toBeTruthy();
      expect(f.message).toContain(
        `${f.object!.namespace === undefined ? '' : `${f.object!.namespace}/`}${f.object!.name}`,
      );
    }
  });

  it('sorts findings by file, line and column', () => {
    const keys = lintCluster(mistakes).map(
      (f) => [f.source!.file, f.source!.line, f.source!.column] as const,
    );
    const sorted = [...keys].sort((a, b) =>
      a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1] || a[2] - b[2],
    );
    expect(keys).toEqual(sorted);
  });

  it.each([
    ['by rule', [{ rule: 'peers-or-not-and' }], 'peers-or-not-and'],
    ['by object glob', [{ object: 'shop/w*' }], 'service-port-not-target-port'],
    ['by file glob', [{ file: '**/web.yaml' }], 'pod-selector-other-namespace'],
    ['by rule and object', [{ rule: 'ports-without-peers', object: 'shop/db' }], 'ports-without-peers'],
  ])('drops ignored findings %s', (_name, ignore, gone) => {
    const before = lintCluster(mistakes).map((f) => f.rule);
    const after = lintCluster(mistakes, { ignore }).map((f) => f.rule);
    expect(before).toContain(gone);
    expect(after).not.toContain(gone);
    expect(after.length).toBeGreaterThan(0);
  });

  it('matches globs within and across path segments', () => {
    expect(globMatch('shop/*', 'shop/web')).toBe(true);
    expect(globMatch('*', 'shop/web')).toBe(false);
    expect(globMatch('**', 'shop/web')).toBe(true);
    expect(globMatch('a.yaml', 'aXyaml')).toBe(false);
  });
});
