/**
 * check and explain speak Cilium when Cilium policies decide: no NetworkPolicy wording, rules
 * under their own sections and fields, deny rules first and final, the pod's own node told
 * from the other nodes, `- {}` as Cilium reads it, and the namespace-local endpointSelector.
 */
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';

const fixture = 'test/fixtures/cilium-deny';

async function check(...args: string[]) {
  return run(['check', ...args, fixture]);
}

describe('check: Cilium wording', () => {
  it('a deny rule decides first: its section, policy and rule, and that deny beats every allow', async () => {
    const r = await check('dev1/demo1', 'dev2/demo2', '--port', '22');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'ingress of dev2/demo2: denied — ingressDeny of cnp/dev2/web rule 0 denies it: deny beats every allow',
    );
    expect(r.stdout).toContain('ingressDeny of cnp/dev2/web rule 0 denies 22/TCP: deny beats every allow');
  });

  it('never says NetworkPolicy when only Cilium policies are involved', async () => {
    for (const args of [
      ['dev1/demo1', 'dev2/demo2', '--port', '22'],
      ['default/default', 'dev2/demo2', '--port', '80', '-v'],
      ['dev2/demo2', '203.0.113.5', '--port', '443'],
    ]) {
      const r = await check(...args);
      // (NetworkPolicy is named only to contrast its `- {}` with Cilium's)
      expect(r.stdout, args.join(' ')).not.toMatch(/no NetworkPolicy|NetworkPolicies|\[NetworkPolicy\]/);
      expect(r.stdout, args.join(' ')).not.toContain('no valid port item');
    }
    const open = await check('dev1/demo1', 'dev2/demo2', '--port', '80');
    expect(open.stdout).toContain('no policy selects dev1/demo1 for egress: all egress allowed');
  });

  it("the pod's own node reads as host, another node as remote-node", async () => {
    const own = await check('dev2/demo2', '192.168.1.11', '--port', '22');
    expect(own.stdout).toContain("192.168.1.11 is the pod's own node node-pool-6ko85 (host)");
    const other = await check('192.168.1.12', 'dev2/demo2', '--port', '80');
    expect(other.stdout).toContain('192.168.1.12 is the node node-pool-jl4q3 (remote-node)');
    expect(other.stdout).toContain('ingressDeny of cnp/dev2/web rule 1 denies 80/TCP');
  });

  it('an entity peer is judged against the subject pod: toEntities host includes its own node', async () => {
    const r = await run([
      'check',
      'dev1/demo1',
      '192.168.1.11',
      '--port',
      '10250',
      'test/fixtures/cilium-entities',
      '-v',
    ]);
    expect(r.stdout).toContain("✓ toEntities[0]: entity host includes the pod's own node (host)");
    expect(r.stdout).toContain('✓ toPorts: TCP 10250');
  });

  it('`- {}` allows nothing in Cilium, and says so', async () => {
    const r = await check('default/default', 'dev2/demo2', '--port', '80');
    expect(r.stdout).toContain(
      "cnp/dev2/web spec.ingress[1] is `- {}`: in Cilium it allows nothing (NetworkPolicy's `- {}` allows everything)",
    );
  });

  it('a CNP endpointSelector naming another namespace: the label is replaced by the policy namespace', async () => {
    const r = await check('dev1/demo1', 'dev2/demo2', '--port', '80');
    expect(r.stdout).toContain(
      'cnp/dev2/meant-for-dev1: this CNP endpointSelector is namespace-local: the k8s:io.kubernetes.pod.namespace label you wrote there (dev1) is replaced by the policy namespace (dev2)',
    );
  });

  it('-o json: rules carry their Cilium section, directions what each side is to Cilium', async () => {
    const r = await run(['check', '192.168.1.12', 'dev2/demo2', '--port', '80', fixture, '-o', 'json']);
    const doc = JSON.parse(r.stdout);
    const ingress = doc.explanation.groups[0].connection.ingress;
    expect(ingress.cilium.subject).toEqual({ relation: 'pod', apiServer: false });
    expect(ingress.cilium.peer).toEqual({
      relation: 'remote-node',
      node: 'node-pool-jl4q3',
      apiServer: false,
    });
    const rules = ingress.policies[0].rules.map(
      (x: { cilium: { section: string; empty: boolean } }) => x.cilium,
    );
    expect(rules).toEqual([
      { section: 'ingressDeny', empty: false },
      { section: 'ingressDeny', empty: false },
      { section: 'ingress', empty: false },
      { section: 'ingress', empty: true },
    ]);
  });
});

describe('check: Cilium endpoint selectors as written, never as namespaceSelector/podSelector', () => {
  const tutorial = 'examples/tutorial-cilium';

  it('a namespace label in fromEndpoints matches, and fails, as the endpoint selector it is', async () => {
    const ok = await run(['check', 'dev1/demo1', 'dev2/demo2', tutorial]);
    expect(ok.stdout).toContain(
      'fromEndpoints[0]: endpoint selector {k8s:io.kubernetes.pod.namespace: dev1} matches dev1/demo1',
    );
    const no = await run(['check', 'default/default', 'dev2/demo2', tutorial]);
    expect(no.stdout).toContain(
      'fromEndpoints[0]: endpoint selector {k8s:io.kubernetes.pod.namespace: dev1} does not match namespace default',
    );
    expect(`${ok.stdout}${no.stdout}`).not.toMatch(/namespaceSelector|podSelector/);
  });

  it('without a namespace label it is local to the policy namespace, and the hint says which label to add', async () => {
    const local = `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: local-only, namespace: dev2 }
spec:
  endpointSelector: {}
  ingress:
    - fromEndpoints: [{ matchLabels: { run: demo1 } }]
`;
    const r = await run(
      [
        'check',
        'dev1/demo1',
        'dev2/demo2',
        'examples/tutorial/namespaces.yaml',
        'examples/tutorial/pods.yaml',
        '-',
      ],
      { stdin: local },
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'an endpoint selector without a namespace label (k8s:io.kubernetes.pod.namespace) selects pods in dev2 only; dev1/demo1 is in dev1',
    );
    expect(r.stdout).toContain('add `k8s:io.kubernetes.pod.namespace: dev1` to its matchLabels');
    expect(r.stdout).not.toMatch(/namespaceSelector|podSelector/);
  });
});
