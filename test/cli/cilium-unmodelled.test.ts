/**
 * Fields of Cilium policies kubereach reads but does not evaluate (toServices, fromRequires,
 * CIDR groups, icmps, …) are a warning on every verdict they could change — those whose subject
 * pod the rule holding the field selects, in that field's direction — naming the policy, the
 * field and what kubereach assumed; the matrix lists them as caveats with the parties concerned.
 */
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';

const fixture = 'test/fixtures/cilium-unmodelled';

interface Warning {
  readonly code: string;
  readonly direction: string;
  readonly policy: string;
  readonly path: string;
  readonly message: string;
}

async function warnings(src: string, dst: string): Promise<Warning[] | undefined> {
  const r = await run(['check', src, dst, '--port', '80', fixture, '-o', 'json']);
  return (JSON.parse(r.stdout) as { warnings?: Warning[] }).warnings;
}

describe('check: unmodelled Cilium fields on the verdicts they could change', () => {
  it('egress of a pod the rule selects, and ingress of a pod the other rule selects', async () => {
    const list = await warnings('dev1/demo1', 'dev2/demo2');
    expect(list?.map((w) => [w.direction, w.policy, w.path])).toEqual([
      ['egress', 'cnp/dev1/api-egress', 'spec.egress[0].toServices'],
      ['ingress', 'cnp/dev2/web-ingress', 'spec.ingress[0].fromRequires'],
      ['ingress', 'cnp/dev2/web-ingress', 'spec.ingress[1].fromCIDRSet[0]'],
      ['ingress', 'cnp/dev2/web-ingress', 'spec.ingress[2].toPorts'],
    ]);
    expect(list?.every((w) => w.code === 'NOT_MODELLED')).toBe(true);
    expect(list?.[0]?.message).toContain('toServices is not evaluated');
  });

  it('only the direction the field acts in: ingress of dev1/demo1 carries no egress field', async () => {
    expect(await warnings('default/default', 'dev1/demo1')).toBeUndefined();
  });

  it('a pod the rule does not select carries none (http-echo is not run: demo2)', async () => {
    expect(await warnings('default/default', 'dev2/http-echo')).toBeUndefined();
  });

  it('text: a warning line naming policy, field and assumption at its position', async () => {
    const r = await run(['check', 'dev1/demo1', 'dev2/demo2', '--port', '80', fixture]);
    expect(r.stdout).toMatch(
      /warning: cnp\/dev1\/api-egress spec\.egress\[0\]\.toServices: toServices is not evaluated: .*policies\.yaml:10/,
    );
    expect(r.stdout).toContain(
      'warning: cnp/dev2/web-ingress spec.ingress[0].fromRequires: fromRequires is not evaluated',
    );
  });

  it('NetworkPolicy-only input: no warnings field', async () => {
    const r = await run([
      'check',
      'dev1/demo1',
      'dev2/demo2',
      '--port',
      '80',
      'examples/tutorial',
      '-o',
      'json',
    ]);
    expect(JSON.parse(r.stdout).warnings).toBeUndefined();
  });
});

describe('matrix: unmodelled Cilium fields as caveats', () => {
  it('-o json lists each with its direction and the nodes it concerns', async () => {
    const r = await run(['matrix', fixture, '-o', 'json']);
    const doc = JSON.parse(r.stdout) as { caveats: (Warning & { parties: string[] })[] };
    expect(doc.caveats.map((c) => [c.policy, c.path, c.direction, c.parties])).toEqual([
      ['cnp/dev1/api-egress', 'spec.egress[0].toServices', 'egress', ['dev1/demo1']],
      ['cnp/dev2/web-ingress', 'spec.ingress[0].fromRequires', 'ingress', ['dev2/demo2']],
      ['cnp/dev2/web-ingress', 'spec.ingress[1].fromCIDRSet[0]', 'ingress', ['dev2/demo2']],
      ['cnp/dev2/web-ingress', 'spec.ingress[2].toPorts', 'ingress', ['dev2/demo2']],
    ]);
  });

  it('-o yaml mirrors them', async () => {
    const r = await run(['matrix', fixture, '-o', 'yaml']);
    expect(r.stdout).toContain('caveats:');
    expect(r.stdout).toContain('spec.egress[0].toServices');
  });

  it('the table ends with one line per caveat', async () => {
    const r = await run(['matrix', fixture]);
    expect(r.stdout).toContain(
      'warning: cnp/dev1/api-egress spec.egress[0].toServices (egress of dev1/demo1):',
    );
  });

  it('NetworkPolicy-only input: no caveats field', async () => {
    const r = await run(['matrix', 'examples/tutorial', '-o', 'json']);
    expect(JSON.parse(r.stdout).caveats).toBeUndefined();
  });
});
