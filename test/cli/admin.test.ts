/**
 * The tiers through the CLI on examples/tutorial-admin (the tutorial, an AdminNetworkPolicy
 * that denies default → dev2 and passes dev1 → dev2 to dev2's NetworkPolicies, and a baseline
 * that denies traffic between namespaces where no NetworkPolicy decides). Goldens hold the
 * wording of each step; assertions pin the verdicts, codes and lines.
 */
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';

const example = 'examples/tutorial-admin';
const admin = `${example}/admin-policies.yaml`;

describe('check walks the tiers', () => {
  it.each([
    // the admin Deny decides first: dev2's own policies are never consulted
    { name: 'admin-deny', argv: ['default/default', 'dev2/demo2'], exit: 1, line: `${admin}:15` },
    // Pass hands it to dev2's NetworkPolicies, whose kube-demo admits dev1 on 80
    { name: 'admin-pass-allowed', argv: ['dev1/demo1', 'dev2/demo2'], exit: 0, line: `${admin}:20` },
    // … and does not open 8080
    {
      name: 'admin-pass-denied',
      argv: ['dev1/demo1', 'dev2/demo2', '--port', '8080'],
      exit: 1,
      line: `${admin}:20`,
    },
    // dev1 is isolated by no NetworkPolicy: the baseline decides
    { name: 'baseline-deny', argv: ['dev2/demo2', 'dev1/demo1'], exit: 1, line: `${admin}:34` },
  ])('$name', async ({ name, argv, exit, line }) => {
    const r = await run(['check', ...argv, example]);
    expect(r.code).toBe(exit);
    expect(r.stdout).toContain(line);
    await expect(r.stdout).toMatchFileSnapshot(`../golden/check/tutorial-admin-${name}.txt`);
  });

  it('-o json carries the walk as data: tier, action, policy, rule and ports of every step', async () => {
    const r = await run(['check', 'dev1/demo1', 'dev2/demo2', '--port', '8080', example, '-o', 'json']);
    const doc = JSON.parse(r.stdout);
    expect(doc.allowed).toBe(false);
    expect(doc.decidable).toBe(true);
    expect(doc.ingress.code).toBe('NO_PORT_MATCH');
    expect(doc.ingress.decidedBy).toBe('namespace');
    expect(
      doc.ingress.tiers.map((t: { tier: string; action: string; policy?: string }) => [
        t.tier,
        t.action,
        t.policy ?? null,
      ]),
    ).toEqual([
      ['admin', 'pass', 'anp/cluster-guard'],
      ['namespace', 'allow', 'dev2/kube-demo'],
      ['namespace', 'deny', null],
    ]);
  });
});

describe('explain describes admin policies', () => {
  it('explain policy anp/NAME: subject, rules in order, what they match now', async () => {
    const r = await run(['explain', 'policy', 'anp/cluster-guard', example]);
    expect(r.code).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot('../golden/explain/tutorial-admin-anp.txt');
  });

  it('explain policy banp/default', async () => {
    const r = await run(['explain', 'policy', 'banp/default', example]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Baseline tier');
  });

  it('an admin policy the input does not have is a usage error with the names it has', async () => {
    const r = await run(['explain', 'policy', 'anp/nope', example]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('anp/cluster-guard');
  });

  it('explain lists admin policies first, in evaluation order', async () => {
    const r = await run(['explain', example]);
    expect(r.stdout.indexOf('anp/cluster-guard')).toBeLessThan(r.stdout.indexOf('banp/default'));
    expect(r.stdout.indexOf('banp/default')).toBeLessThan(r.stdout.indexOf('dev2/deny-all'));
  });
});

describe('the other verbs see the tiers', () => {
  it('matrix: the baseline closes what no NetworkPolicy decides', async () => {
    const r = await run(['matrix', example, '-o', 'json', '--no-external']);
    const pairs = JSON.parse(r.stdout).connections.map(
      (c: { src: string; dst: string }) => `${c.src} → ${c.dst}`,
    );
    expect(pairs).toContain('dev1/demo1 → dev2/demo2');
    expect(pairs).not.toContain('default/default → dev2/demo2');
    expect(pairs).not.toContain('dev2/demo2 → dev1/demo1');
  });

  it('exposure: the baseline default deny counts as protection for ingress', async () => {
    const r = await run(['exposure', example, '-o', 'json']);
    const doc = JSON.parse(r.stdout);
    const demo1 = doc.notIsolated.find((w: { workload: string }) => w.workload === 'dev1/demo1');
    expect(demo1?.ingress).toBe('baseline-deny');
    expect(doc.summary.notIsolatedForIngress).toBe(0);
  });

  it('diff names the admin policy as the cause', async () => {
    const r = await run(['diff', 'examples/tutorial', example, '-o', 'json']);
    const doc = JSON.parse(r.stdout);
    const causes = doc.changes.flatMap((c: { policies: { policy: string; effect: string }[] }) =>
      c.policies.map((p) => `${p.policy} ${p.effect}`),
    );
    expect(causes).toContain('banp/default denies');
    expect(doc.policies.added).toContainEqual({ kind: 'AdminNetworkPolicy', name: 'cluster-guard' });
  });
});
