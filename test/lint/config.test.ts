import { describe, expect, it } from 'vitest';
import { parseLintConfig } from '../../src/lint/config.js';

describe('parseLintConfig', () => {
  it('reads failOn, strict, cni, rules, enable, disable and ignore', () => {
    const { config, problems } = parseLintConfig(`
lint:
  failOn: warning
  strict: true
  cni: cilium
  rules:
    egress-blocks-dns: error
    namespace-not-isolated: off
    ipblock-all-addresses: on
  enable: [redundant-rule]
  disable: [workload-not-isolated]
  ignore:
    - {rule: policy-selects-nothing, object: "legacy/*"}
    - {file: "charts/**"}
other: {ignored: true}
`);
    expect(problems).toEqual([]);
    expect(config).toEqual({
      failOn: 'warning',
      strict: true,
      cni: 'cilium',
      rules: {
        'egress-blocks-dns': 'error',
        'namespace-not-isolated': 'off',
        'ipblock-all-addresses': 'on',
        'redundant-rule': 'on',
        'workload-not-isolated': 'off',
      },
      ignore: [{ rule: 'policy-selects-nothing', object: 'legacy/*' }, { file: 'charts/**' }],
    });
  });

  it('reads YAML 1.1 booleans as on and off', () => {
    expect(
      parseLintConfig('lint:\n  rules: {redundant-rule: false, ipblock-all-addresses: true}').config.rules,
    ).toEqual({
      'redundant-rule': 'off',
      'ipblock-all-addresses': 'on',
    });
  });

  it('accepts an empty file and a file without a lint section', () => {
    expect(parseLintConfig('').problems).toEqual([]);
    expect(parseLintConfig('diff: {}').problems).toEqual([]);
  });

  it.each([
    ['an unknown rule (with a suggestion)', 'lint:\n  rules: {egress-block-dns: error}', /egress-blocks-dns/],
    ['an unknown severity', 'lint:\n  rules: {egress-blocks-dns: fatal}', /fatal/],
    ['an unknown setting', 'lint:\n  failon: error', /failon/],
    ['a bad failOn', 'lint:\n  failOn: never', /never/],
    ['a bad list', 'lint:\n  disable: redundant-rule', /list/],
    ['an ignore entry ignoring everything', 'lint:\n  ignore: [{}]', /every finding/],
    ['an unknown rule in ignore', 'lint:\n  ignore: [{rule: nope}]', /nope/],
    ['a YAML syntax error', 'lint: [', /syntax/],
    ['not a mapping', '- a', /mapping/],
  ])('reports %s', (_name, text, problem) => {
    const { problems } = parseLintConfig(text);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('\n')).toMatch(problem);
  });
});
