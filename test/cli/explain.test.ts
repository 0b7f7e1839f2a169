/**
 * `kubereach explain`: policies in plain words, grouped per target; one policy; the table
 * form; JSON. Goldens hold the wording.
 */
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';

const tutorial = 'examples/tutorial';
const features = 'test/fixtures/policy-features';

describe('explain', () => {
  it('describes the tutorial policies in plain words', async () => {
    const r = await run(['explain', tutorial]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'Allows ingress from every pod in namespaces labelled kubernetes.io/metadata.name=dev1, on TCP port 80.',
    );
    expect(r.stdout).toContain('spec.ingress[0] matches now: dev1/demo1');
    await expect(r.stdout).toMatchFileSnapshot('../golden/explain/tutorial.txt');
  });

  it('describes every feature: expressions, ipBlock/except, endPort, named ports, empty rules, policyTypes defaulting', async () => {
    const r = await run(['explain', features]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('`egress: []` is empty, and an empty list does not imply Egress');
    expect(r.stdout).toContain(
      'Isolates them for egress (implied by its egress rules: policyTypes is not written).',
    );
    expect(r.stdout).toContain('so its 1 egress rule has no effect');
    await expect(r.stdout).toMatchFileSnapshot('../golden/explain/policy-features.txt');
  });

  it('-o table: one row per rule', async () => {
    const r = await run(['explain', features, '-o', 'table']);
    expect(r.code).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot('../golden/explain/policy-features.table');
  });

  it('-o json: the descriptions as data', async () => {
    const r = await run(['explain', tutorial, '-o', 'json']);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ apiVersion: 'kubereach/v1', kind: 'PolicyExplanation' });
    expect(json.targets[0]).toMatchObject({
      namespace: 'dev2',
      selects: ['dev2/demo2', 'dev2/http-echo'],
      ingressIsolatedBy: ['dev2/deny-all', 'dev2/kube-demo'],
    });
    expect(json.targets[0].policies[1].ingress).toMatchObject({ code: 'IMPLIED', isolates: true });
    await expect(r.stdout).toMatchFileSnapshot('../golden/explain/tutorial.json');
  });

  it('-n shows one namespace', async () => {
    const r = await run(['explain', features, '-n', 'ops']);
    expect(r.stdout).toContain('ops/deny-all-egress');
    expect(r.stdout).not.toContain('prod/backend-expressions');
  });

  it('policy NS/NAME describes one policy with the pods it selects now', async () => {
    const r = await run(['explain', 'policy', 'dev2/kube-demo', tutorial]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Selects now: dev2/demo2, dev2/http-echo.');
    await expect(r.stdout).toMatchFileSnapshot('../golden/explain/tutorial-kube-demo.txt');
  });

  it('policy NAME takes the namespace from -n; flags may follow', async () => {
    const r = await run(['explain', 'policy', 'backend-expressions', features, '-n', 'prod', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).policy.policy.id).toBe('prod/backend-expressions');
  });

  it('an unknown policy is a usage error with a hint', async () => {
    const r = await run(['explain', 'policy', 'kube-demo', tutorial]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no NetworkPolicy default/kube-demo in the input');
    expect(r.stderr).toContain('found in other namespaces: dev2/kube-demo');
    expect((await run(['explain', 'policy'])).code).toBe(2);
  });
});
