import { JSON_SCHEMA, load, YAML11_SCHEMA } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { toYaml } from '../../src/render/yaml.js';

const TRICKY = [
  'y',
  'n',
  'yes',
  'No',
  'on',
  'OFF',
  'true',
  'null',
  '~',
  '',
  ' lead',
  'trail ',
  '1.5',
  '80',
  '-1',
  '0x1f',
  '0o17',
  '1e3',
  '.inf',
  '.NaN',
  '1:20',
  'a: b',
  '#x',
  '-x',
  '- x',
  '? x',
  '!x',
  '&x',
  '*x',
  '@x',
  '`x',
  '%x',
  'a,b',
  '[x]',
  '{x}',
  "it's",
  'a"b',
  'a\\b',
  'line\nbreak',
  'tab\there',
  '\u2028',
  '\u0085',
  'ünïcödé',
  '🙂',
  '0.0.0.0/0',
  'dev2/demo2',
  '10.0.0.0/8,172.16.0.0/12',
];

describe('toYaml', () => {
  it.each(TRICKY)('the string %j loads back as itself (YAML 1.2 and 1.1)', (text) => {
    const value = { key: text, list: [text], [text]: 1 };
    const yaml = toYaml(value);
    expect(load(yaml)).toEqual(value);
    expect(load(yaml, { schema: YAML11_SCHEMA })).toEqual(value);
  });

  it('keeps plain scalars plain and nests blocks, flow from flowLevel on', () => {
    const value = {
      apiVersion: 'kubereach/v1',
      nodes: [{ id: 'dev2/demo2', cidrs: ['0.0.0.0/0'] }],
      conns: [{ protocol: 'TCP', ports: [[80, 80]] }],
      empty: [],
      none: {},
      skipped: undefined,
      n: null,
      yes: true,
    };
    expect(toYaml(value, '', 2)).toBe(
      [
        'apiVersion: kubereach/v1',
        'nodes:',
        '  - {id: dev2/demo2, cidrs: [0.0.0.0/0]}',
        'conns:',
        '  - {protocol: TCP, ports: [[80, 80]]}',
        'empty: []',
        'none: {}',
        '"n": null',
        '"yes": true',
        '',
      ].join('\n'),
    );
    expect(load(toYaml(value), { schema: JSON_SCHEMA })).toEqual(JSON.parse(JSON.stringify(value)));
  });
});
