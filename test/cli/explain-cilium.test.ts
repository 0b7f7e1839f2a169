/**
 * `explain policy cnp/NS/NAME` and `explain policy ccnp/NAME`: a Cilium policy in plain words —
 * the pods each rule selects, whether it isolates them, each item (deny sections first) with
 * its peers (entities, CIDRs, names), ports and L7 parts, and what is not modelled.
 */
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';

describe('explain policy cnp/NS/NAME', () => {
  it('describes selection, isolation, deny rules first, `- {}`, and what each peer matches now', async () => {
    const r = await run(['explain', 'policy', 'cnp/dev2/web', 'test/fixtures/cilium-deny']);
    expect(r.code).toBe(0);
    const text = r.stdout;
    expect(text).toContain('cnp/dev2/web (CiliumNetworkPolicy)');
    expect(text).toContain('Selects now: dev2/demo2.');
    expect(text).toContain('Ingress: isolated (default deny)');
    expect(text).toContain('Deny rules first (deny beats every allow, of every policy of every kind):');
    expect(text).toMatch(
      /ingressDeny\[0\]: Deny from every pod in namespace dev1, on TCP, UDP and SCTP port 22\./,
    );
    expect(text).toMatch(
      /ingressDeny\[1\]: Deny from the entity host or from the entity remote-node, on every port\./,
    );
    expect(text).toContain('ingress[1]: `- {}`: allows nothing');
    expect(text).toContain('matches now: dev1/demo1');
    expect(text.indexOf('ingressDeny[0]')).toBeLessThan(text.indexOf('ingress[0]'));
  });

  it('the namespace-local endpointSelector note', async () => {
    const r = await run(['explain', 'policy', 'cnp/dev2/meant-for-dev1', 'test/fixtures/cilium-deny']);
    expect(r.stdout).toContain(
      'this CNP endpointSelector is namespace-local: the k8s:io.kubernetes.pod.namespace label you wrote there (dev1) is replaced by the policy namespace (dev2)',
    );
    expect(r.stdout).toContain('Selects now: no pod of the input.');
  });

  it('L7 parts, FQDN names and unmodelled fields', async () => {
    const l7 = await run(['explain', 'policy', 'cnp/dev1/dev1-egress', 'test/fixtures/cilium-entities']);
    expect(l7.stdout).toContain('each request judged at run time by http rules: GET /public');
    expect(l7.stdout).toContain('to the entity kube-apiserver');
    const fqdn = await run(['explain', 'policy', 'cnp/default/to-api', 'test/fixtures/cilium-fqdn']);
    expect(fqdn.stdout).toContain('to the name api.example.com (resolved at run time, by DNS)');
    expect(fqdn.stdout).toContain('names matching *.cdn.example.net');
    const unmodelled = await run([
      'explain',
      'policy',
      'cnp/dev2/web-ingress',
      'test/fixtures/cilium-unmodelled',
    ]);
    expect(unmodelled.stdout).toContain(
      'not modelled: spec.ingress[0].fromRequires: fromRequires is not evaluated',
    );
  });

  it('-o json: the description as data', async () => {
    const r = await run(['explain', 'policy', 'cnp/dev2/web', 'test/fixtures/cilium-deny', '-o', 'json']);
    const doc = JSON.parse(r.stdout);
    expect(doc.kind).toBe('CiliumNetworkPolicy');
    expect(doc.rules[0].selects).toEqual(['dev2/demo2']);
    expect(
      doc.rules[0].items.map((i: { section: string; index: number }) => `${i.section}[${i.index}]`),
    ).toEqual(['ingressDeny[0]', 'ingressDeny[1]', 'ingress[0]', 'ingress[1]']);
  });

  it('an unknown Cilium policy is a usage error naming those the input has', async () => {
    const r = await run(['explain', 'policy', 'cnp/dev2/nope', 'test/fixtures/cilium-deny']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cnp/dev2/web');
  });
});

describe('explain policy ccnp/NAME', () => {
  it('a clusterwide policy selects in every namespace', async () => {
    const r = await run(['explain', 'policy', 'ccnp/nodes-in', 'test/fixtures/cilium-ccnp']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ccnp/nodes-in (CiliumClusterwideNetworkPolicy)');
    expect(r.stdout).toContain('in every namespace');
    expect(r.stdout).toContain('Selects now: dev1/demo1, dev2/demo2.');
  });
});

describe('completion offers Cilium policies', () => {
  /** The candidates `explain policy WORD<TAB>` offers for the fixture. */
  async function candidates(word: string, fixture: string): Promise<string[]> {
    const words = ['explain', 'policy', word, fixture];
    const r = await run(['__complete', '--following', '1', '--', ...words]);
    return r.stdout.trimEnd().split('\n').slice(0, -1);
  }

  it('explain policy <TAB> lists cnp/NS/NAME and ccnp/NAME', async () => {
    expect(await candidates('c', 'test/fixtures/cilium-deny')).toEqual([
      'cnp/dev2/meant-for-dev1',
      'cnp/dev2/web',
    ]);
    expect(await candidates('cc', 'test/fixtures/cilium-ccnp')).toEqual(['ccnp/nodes-in']);
  });
});
