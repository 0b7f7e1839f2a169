import { describe, expect, it } from 'vitest';
import { parseTestSpec } from '../../src/assert/spec.js';
import { loadManifests } from '../../src/load.js';

const HEAD = 'apiVersion: kubereach/v1\nkind: ReachabilityTest\n';
const parse = (text: string) => parseTestSpec({ name: 'spec.yaml', text });

describe('parseTestSpec', () => {
  it('reads every endpoint form, defaults and names', () => {
    const r = parse(`${HEAD}metadata:
  name: shop
tests:
  - from: dev1/demo1
    to: dev2/deploy/web
    expect: allowed
  - name: no UDP from outside
    from: 203.0.113.7
    to: shop/*
    port: dns
    protocol: udp
    expect: denied
  - from: { namespace: shop, selector: app=web }
    to: { namespaceSelector: team=payments, selector: { matchLabels: { app: gateway } } }
    port: "8443"
    expect: no-such-port
  - from: { namespaceSelector: '' }
    to: { namespace: shop }
    expect: denied
`);
    expect(r.diagnostics).toEqual([]);
    expect(r.spec.name).toBe('shop');
    expect(
      r.spec.tests.map((t) => ({
        name: t.name,
        from: t.from.type,
        to: t.to.type,
        port: t.port,
        protocol: t.protocol,
        expect: t.expect,
        line: t.source.line,
      })),
    ).toEqual([
      {
        name: 'dev1/demo1 → dev2/deploy/web 80/TCP allowed',
        from: 'name',
        to: 'name',
        port: 80,
        protocol: 'TCP',
        expect: 'allowed',
        line: 6,
      },
      {
        name: 'no UDP from outside',
        from: 'name',
        to: 'namespace',
        port: 'dns',
        protocol: 'UDP',
        expect: 'denied',
        line: 9,
      },
      {
        name: 'shop: app=web → namespaces team=payments: app=gateway 8443/TCP no-such-port',
        from: 'selector',
        to: 'selector',
        port: 8443,
        protocol: 'TCP',
        expect: 'no-such-port',
        line: 15,
      },
      {
        name: 'namespaces <all>/* → shop/* 80/TCP denied',
        from: 'selector',
        to: 'selector',
        port: 80,
        protocol: 'TCP',
        expect: 'denied',
        line: 19,
      },
    ]);
    expect(r.spec.tests[2]!.fromSource).toMatchObject({ file: 'spec.yaml', line: 15, column: 5 });
  });

  it.each([
    {
      name: 'wrong kind',
      text: 'apiVersion: v1\nkind: Pod\nmetadata: { name: x }\n',
      code: 'UNSUPPORTED_KIND',
      line: 1,
    },
    { name: 'no kind', text: 'apiVersion: kubereach/v1\ntests: []\n', code: 'MISSING_KIND', line: 1 },
    { name: 'no tests', text: `${HEAD}metadata: { name: x }\n`, code: 'MISSING_FIELD', line: 1 },
    { name: 'empty tests', text: `${HEAD}tests: []\n`, code: 'MISSING_FIELD', line: 3 },
    { name: 'tests not a list', text: `${HEAD}tests: { from: a/b }\n`, code: 'INVALID_TYPE', line: 3 },
    {
      name: 'unknown top-level field',
      text: `${HEAD}test:\n  - { from: a/b, to: c/d, expect: allowed }\n`,
      code: 'UNKNOWN_FIELD',
      line: 3,
    },
    {
      name: 'a test that is not a mapping',
      text: `${HEAD}tests:\n  - a/b → c/d\n`,
      code: 'INVALID_TYPE',
      line: 4,
    },
    {
      name: 'missing from',
      text: `${HEAD}tests:\n  - to: c/d\n    expect: allowed\n`,
      code: 'MISSING_FIELD',
      line: 4,
    },
    {
      name: 'missing expect',
      text: `${HEAD}tests:\n  - from: a/b\n    to: c/d\n`,
      code: 'MISSING_FIELD',
      line: 4,
    },
    {
      name: 'bad expect',
      text: `${HEAD}tests:\n  - from: a/b\n    to: c/d\n    expect: allow\n`,
      code: 'INVALID_VALUE',
      line: 6,
    },
    {
      name: 'typo in a field',
      text: `${HEAD}tests:\n  - from: a/b\n    to: c/d\n    expected: allowed\n`,
      code: 'UNKNOWN_FIELD',
      line: 6,
    },
    {
      name: 'port out of range',
      text: `${HEAD}tests:\n  - from: a/b\n    to: c/d\n    port: 70000\n    expect: denied\n`,
      code: 'INVALID_PORT',
      line: 6,
    },
    {
      name: 'bad port name',
      text: `${HEAD}tests:\n  - from: a/b\n    to: c/d\n    port: Not_A_Name\n    expect: denied\n`,
      code: 'INVALID_PORT',
      line: 6,
    },
    {
      name: 'bad protocol',
      text: `${HEAD}tests:\n  - from: a/b\n    to: c/d\n    protocol: ICMP\n    expect: denied\n`,
      code: 'INVALID_PROTOCOL',
      line: 6,
    },
    {
      name: 'bad selector',
      text: `${HEAD}tests:\n  - from: { namespace: a, selector: "app in (x" }\n    to: c/d\n    expect: denied\n`,
      code: 'INVALID_SELECTOR',
      line: 4,
    },
    {
      name: 'group without namespace',
      text: `${HEAD}tests:\n  - from: { selector: app=web }\n    to: c/d\n    expect: denied\n`,
      code: 'MISSING_FIELD',
      line: 4,
    },
    {
      name: 'namespace and namespaceSelector',
      text: `${HEAD}tests:\n  - from:\n      namespace: a\n      namespaceSelector: team=x\n    to: c/d\n    expect: denied\n`,
      code: 'INVALID_VALUE',
      line: 6,
    },
    {
      name: 'bad group namespace',
      text: `${HEAD}tests:\n  - from: Shop/*\n    to: c/d\n    expect: denied\n`,
      code: 'INVALID_VALUE',
      line: 4,
    },
    // an unclosed [ is shown at the end of the line it opens on
    { name: 'YAML syntax', text: `${HEAD}tests:\n  - from: [a\n`, code: 'YAML_SYNTAX', line: 4 },
    { name: 'nothing at all', text: '# nothing\n', code: 'EMPTY_INPUT', line: 1 },
  ])('reports $name as $code at line $line', ({ text, code, line }) => {
    const r = parse(text);
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.code)).toContain(code);
    expect(errors.find((d) => d.code === code)?.source).toMatchObject({ file: 'spec.yaml', line });
  });

  it('keeps the valid tests of a spec with a bad one', () => {
    const r = parse(
      `${HEAD}tests:\n  - { from: a/b, to: c/d, expect: allowed }\n  - { from: a/b, expect: allowed }\n`,
    );
    expect(r.spec.tests).toHaveLength(1);
    expect(r.diagnostics.map((d) => d.path)).toEqual(['tests[1].to']);
  });

  it('suggests the expectation meant', () => {
    const r = parse(`${HEAD}tests:\n  - { from: a/b, to: c/d, expect: Deny }\n`);
    expect(r.diagnostics[0]?.hint).toBe('did you mean denied?');
  });

  it('reads several documents as one spec', () => {
    const r = parse(
      `${HEAD}tests:\n  - { from: a/b, to: c/d, expect: allowed }\n---\n${HEAD}tests:\n  - { from: c/d, to: a/b, expect: denied }\n`,
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.spec.tests.map((t) => [t.index, t.source.line])).toEqual([
      [0, 4],
      [1, 9],
    ]);
  });

  it('is skipped without a note when it sits among the manifests', () => {
    const spec = `${HEAD}tests:\n  - { from: a/b, to: c/d, expect: allowed }\n`;
    const cluster = loadManifests([
      { name: 'spec.yaml', text: spec },
      { name: 'ns.yaml', text: 'apiVersion: v1\nkind: Namespace\nmetadata: { name: a }\n' },
    ]);
    expect(cluster.diagnostics).toEqual([]);
    expect([...cluster.namespaces.keys()]).toEqual(['a']);
  });
});
