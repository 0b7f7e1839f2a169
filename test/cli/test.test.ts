import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';
import { parseXml, type XmlElement } from '../helpers/xml.js';

const tutorial = 'examples/tutorial';
const fixtures = 'test/fixtures/assert';
const tmp = mkdtempSync(join(tmpdir(), 'kubereach-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('kubereach test', () => {
  it('passes the tutorial spec shipped with the example', async () => {
    const r = await run(['test', `${tutorial}/reachability-test.yaml`, tutorial]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^8 passed, 0 failed$/m);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('8 passed, 0 failed');
    await expect(r.stdout).toMatchFileSnapshot('../golden/test/tutorial.text');
  });

  it('explains each failing assertion and exits 1', async () => {
    const r = await run(['test', `${fixtures}/failing.yaml`, tutorial]);
    expect(r.code).toBe(1);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('2 passed, 3 failed');
    expect(r.stdout).toContain('expected denied, got allowed');
    expect(r.stdout).toContain('2 of 3 pairs failed');
    expect(r.stdout).toContain('default/default → dev2/demo2: denied');
    await expect(r.stdout).toMatchFileSnapshot('../golden/test/failing.text');
  });

  it('prints only failures and the summary with -q', async () => {
    const r = await run(['test', `${fixtures}/failing.yaml`, tutorial, '-q']);
    expect(r.stdout).not.toMatch(/^✓/m);
    expect(r.stdout).toMatch(/^2 passed, 3 failed$/m);
  });

  it('writes JUnit XML: one testcase per assertion, failures with messages, all escaped', async () => {
    const file = join(tmp, 'failing.xml');
    const r = await run(['test', `${fixtures}/failing.yaml`, tutorial, '--junit', file]);
    expect(r.code).toBe(1);
    const text = readFileSync(file, 'utf8');
    const root = parseXml(text);
    expect(root.name).toBe('testsuites');
    expect(root.attributes).toMatchObject({ tests: '5', failures: '3', errors: '0' });
    const suite = only(root.children);
    expect(suite).toMatchObject({
      name: 'testsuite',
      attributes: { name: 'tutorial-failing', tests: '5', failures: '3' },
    });
    expect(suite.children.map((c) => c.name)).toEqual(Array(5).fill('testcase'));
    const byName = new Map(suite.children.map((c) => [c.attributes.name, c]));
    expect(byName.get('demo1 reaches demo2 on 80')?.children).toEqual([]);
    const wrong = byName.get('wrong on purpose: demo1 is denied on 80')!;
    expect(wrong.attributes).toMatchObject({ file: `${fixtures}/failing.yaml`, line: '13' });
    const failure = only(wrong.children);
    expect(failure.name).toBe('failure');
    expect(failure.attributes.message).toBe('expected denied, got allowed');
    expect(failure.text).toContain('dev2/kube-demo spec.ingress[0] allows it');
    expect(byName.has('escaping: "quotes" & <tags> \'apostrophes\' and a control character \\u0001')).toBe(
      true,
    );
    const group = only(byName.get('every namespace reaches demo2 on 80')!.children);
    expect(group.attributes.message).toBe(
      'expected allowed for every pair; 2 of 3 failed: default/default → dev2/demo2 (denied), dev2/http-echo → dev2/demo2 (denied)',
    );
    await expect(text).toMatchFileSnapshot('../golden/test/failing.junit.xml');
  });

  it('writes the ReachabilityTestReport as JSON', async () => {
    const r = await run(['test', `${fixtures}/failing.yaml`, tutorial, '-o', 'json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({
      apiVersion: 'kubereach/v1',
      kind: 'ReachabilityTestReport',
      summary: { passed: 2, failed: 3 },
    });
    expect(json.tests[1]).toMatchObject({
      name: 'wrong on purpose: demo1 is denied on 80',
      source: { file: `${fixtures}/failing.yaml`, line: 13 },
      passed: false,
      pairs: [
        {
          src: 'dev1/demo1',
          dst: 'dev2/demo2',
          verdict: 'allowed',
          passed: false,
          check: { verdict: 'allowed' },
        },
      ],
    });
  });

  it('reports an invalid spec at its lines and exits 3, writing the errors as JUnit', async () => {
    const file = join(tmp, 'invalid.xml');
    const r = await run(['test', `${fixtures}/invalid.yaml`, tutorial, '--junit', file]);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    await expect(r.stderr).toMatchFileSnapshot('../golden/test/invalid.stderr');
    const root = parseXml(readFileSync(file, 'utf8'));
    expect(root.attributes).toMatchObject({ errors: '7', failures: '0' });
    expect(only(root.children).children.map((c) => only(c.children).name)).toEqual(Array(7).fill('error'));
  });

  it('reports endpoints the input does not have at their lines and exits 3', async () => {
    const r = await run(['test', `${fixtures}/unknown-endpoint.yaml`, tutorial]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/unknown-endpoint\.yaml:4:5: error: .*no workload, pod or service dev1\/demo3/);
    expect(r.stderr).toMatch(
      /unknown-endpoint\.yaml:8:5: error: .*no workload matches dev2: app=api \[EMPTY_GROUP\]/,
    );
    expect(r.stderr).toContain('hint: labels there: run=demo2, run=http-echo');
  });

  it.each([
    { argv: ['test'], code: 2, message: /missing required argument 'spec'/ },
    { argv: ['test', `${fixtures}/missing.yaml`, tutorial], code: 3, message: /does not exist/ },
    { argv: ['test', tutorial, tutorial], code: 3, message: /is a directory/ },
    {
      argv: ['test', `${tutorial}/pods.yaml`, tutorial],
      code: 3,
      message: /is not a reachability test spec/,
    },
  ])('exits $code for $argv', async ({ argv, code, message }) => {
    const r = await run(argv);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
  });
});

function only(children: readonly XmlElement[]): XmlElement {
  expect(children).toHaveLength(1);
  return children[0]!;
}
