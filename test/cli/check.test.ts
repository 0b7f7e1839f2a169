/**
 * `check` explains every verdict. Goldens hold the wording for each denied connection of the
 * tutorial and for the classic mistakes of the shop fixture; the assertions here pin the
 * lines a reader must be sent to.
 */
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';

const tutorial = 'examples/tutorial';
const cluster = [`${tutorial}/namespaces.yaml`, `${tutorial}/pods.yaml`, `${tutorial}/http-echo.yaml`];
const denyAll = `${tutorial}/policy-deny-all.yaml`;
const kubeDemo = `${tutorial}/policy-kube-demo.yaml`;

const shop = 'test/fixtures/shop';
const shopCluster = `${shop}/cluster.yaml`;

describe('check explains the tutorial', () => {
  it.each([
    {
      name: 'deny-all-demo1-demo2',
      argv: ['dev1/demo1', 'dev2/demo2', ...cluster, denyAll],
      line: `${denyAll}:2`,
    },
    {
      name: 'default-demo2',
      argv: ['default/default', 'dev2/demo2', ...cluster, denyAll, kubeDemo],
      // the namespaceSelector's label, the line to change
      line: `${kubeDemo}:14`,
    },
    {
      name: 'demo1-demo2-8080',
      argv: ['dev1/demo1', 'dev2/demo2', '--port', '8080', ...cluster, denyAll, kubeDemo],
      line: `${kubeDemo}:17`,
    },
    {
      name: 'demo1-service-ip-no-port',
      argv: ['dev1/demo1', '10.98.167.221', ...cluster, denyAll, kubeDemo],
      line: `${tutorial}/http-echo.yaml:31`,
    },
    {
      name: 'demo1-service-8080',
      argv: ['dev1/demo1', '10.98.167.221', '--port', '8080', ...cluster, denyAll, kubeDemo],
      line: `${kubeDemo}:17`,
    },
    {
      name: 'default-service-8080',
      argv: ['default/default', 'dev2/svc/http-echo', '--port', '8080', ...cluster, denyAll, kubeDemo],
      line: `${kubeDemo}:14`,
    },
  ])('$name: denied, pointing at $line', async ({ name, argv, line }) => {
    const r = await run(['check', ...argv]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(line);
    await expect(r.stdout).toMatchFileSnapshot(`../golden/check/tutorial-${name}.txt`);
  });

  it('allowed: names the rule that allows it', async () => {
    const r = await run(['check', 'dev1/demo1', 'dev2/demo2', ...cluster, denyAll, kubeDemo]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✓ dev2/kube-demo spec.ingress[0] allows it');
    await expect(r.stdout).toMatchFileSnapshot('../golden/check/tutorial-demo1-demo2.txt');
  });

  it('-v shows every rule, also where a direction allows', async () => {
    const r = await run(['check', 'dev1/demo1', 'dev2/demo2', ...cluster, denyAll, kubeDemo, '-v']);
    expect(r.stdout).toContain('dev2/deny-all has no ingress rules');
    await expect(r.stdout).toMatchFileSnapshot('../golden/check/tutorial-demo1-demo2-verbose.txt');
  });

  it('the service hop is shown as the issue words it', async () => {
    const r = await run([
      'check',
      'dev1/demo1',
      '10.98.167.221',
      '-p',
      '8080',
      ...cluster,
      denyAll,
      kubeDemo,
    ]);
    expect(r.stdout).toContain(
      '10.98.167.221:8080 is service dev2/http-echo port 8080 → pod dev2/http-echo:8080',
    );
  });
});

describe('check explains the classic mistakes', () => {
  it.each([
    {
      name: 'namespace-label-name',
      argv: ['shop/frontend', 'payments/ledger', '-p', '8080', shopCluster, `${shop}/ledger-ingress.yaml`],
      expected: [
        'namespaceSelector {name: shop} does not match namespace shop, whose labels are {kubernetes.io/metadata.name: shop, team: web}',
        `write \`kubernetes.io/metadata.name: shop\` at ${shop}/ledger-ingress.yaml:18`,
      ],
    },
    {
      name: 'label-no-namespace-carries',
      argv: ['shop/frontend', 'payments/ledger', '-p', '8080', shopCluster, `${shop}/team-selector.yaml`],
      expected: [
        'no namespace of the input carries the label tier, so the selector selects nothing',
        `${shop}/team-selector.yaml:15`,
      ],
    },
    {
      name: 'pod-selector-namespace-local',
      argv: ['shop/frontend', 'payments/ledger', '-p', '8080', shopCluster, `${shop}/frontend-egress.yaml`],
      expected: [
        'a podSelector without namespaceSelector selects pods in shop only; payments/ledger is in payments',
        `${shop}/frontend-egress.yaml:16`,
      ],
    },
    {
      name: 'named-port-not-declared',
      argv: [
        'monitoring/prometheus',
        'payments/ledger',
        '-p',
        '9090',
        shopCluster,
        `${shop}/ledger-ingress.yaml`,
      ],
      expected: ['named port metrics not declared by payments/ledger for TCP (it declares http 8080/TCP)'],
    },
    {
      name: 'service-named-target-port',
      argv: [
        'shop/frontend',
        'payments/svc/ledger',
        shopCluster,
        `${shop}/ledger-ingress.yaml`,
        `${shop}/frontend-egress.yaml`,
      ],
      expected: [
        'payments/svc/ledger:80 is service payments/ledger port 80 (http) → pod payments/ledger:8080',
      ],
    },
  ])('$name', async ({ name, argv, expected }) => {
    const r = await run(['check', ...argv]);
    expect(r.code).toBe(1);
    for (const text of expected) expect(r.stdout).toContain(text);
    await expect(r.stdout).toMatchFileSnapshot(`../golden/check/shop-${name}.txt`);
  });
});

describe('check -o json', () => {
  it('keeps the contract and carries reasons with codes', async () => {
    const r = await run([
      'check',
      'shop/frontend',
      'payments/ledger',
      '-p',
      '8080',
      shopCluster,
      `${shop}/ledger-ingress.yaml`,
      '-o',
      'json',
    ]);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({
      allowed: false,
      verdict: 'denied',
      src: 'shop/frontend',
      dst: 'payments/ledger',
      port: 8080,
      protocol: 'TCP',
      egress: { allowed: true, state: 'not-isolated', code: 'NOT_ISOLATED' },
      ingress: { allowed: false, state: 'isolated', code: 'NO_PEER_MATCH', rules: [] },
    });
    const rule = json.ingress.explanation.policies[0].rules[0];
    expect(rule.code).toBe('RULE_PEER_MISMATCH');
    expect(rule.peers.peers[0].reasons[0]).toMatchObject({
      code: 'PEER_NAMESPACE_MISMATCH',
      namespace: 'shop',
      failures: [{ requirement: { key: 'name' }, actual: null, at: { source: { line: 18 } } }],
    });
    expect(json.explanation.hints[0]).toMatchObject({
      code: 'LABEL_KEY_DIFFERS',
      suggestedKey: 'kubernetes.io/metadata.name',
    });
    expect(json.probes[0]).toMatchObject({ ingressCode: 'NO_PEER_MATCH', group: 0 });
    await expect(r.stdout).toMatchFileSnapshot('../golden/check/shop-namespace-label-name.json');
  });

  it('a non-policy verdict carries its reason code', async () => {
    const r = await run([
      'check',
      'dev1/demo1',
      '10.98.167.221',
      ...cluster,
      denyAll,
      kubeDemo,
      '-o',
      'json',
    ]);
    const json = JSON.parse(r.stdout);
    expect(json.explanation.reasons).toEqual([
      expect.objectContaining({ code: 'NO_SUCH_SERVICE_PORT', service: 'dev2/http-echo', port: 80 }),
    ]);
    expect(json.explanation.hints).toEqual([
      expect.objectContaining({ code: 'SERVICE_PORT_CHOICE', ports: [8080] }),
    ]);
  });
});

describe('check hints at AND/OR peers, typos and misplaced policies', () => {
  const mistakes = 'test/fixtures/mistakes';
  const base = `${mistakes}/cluster.yaml`;
  it.each([
    {
      name: 'and-not-or',
      src: 'web/frontend',
      file: 'and-not-or.yaml',
      code: 1,
      hint: 'give the podSelector its own dash',
    },
    {
      name: 'or-not-and',
      src: 'web/admin',
      file: 'or-not-and.yaml',
      code: 0,
      hint: 'remove the dash before podSelector',
    },
    { name: 'typo', src: 'web/frontend', file: 'typo.yaml', code: 1, hint: 'one typo away from frontned' },
    {
      name: 'wrong-namespace',
      src: 'web/frontend',
      file: 'wrong-namespace.yaml',
      code: 1,
      hint: 'a policy applies only to pods of its own namespace',
    },
  ])('$name', async ({ name, src, file, code, hint }) => {
    const r = await run(['check', src, 'api/server', '-p', '9000', base, `${mistakes}/${file}`]);
    expect(r.code).toBe(code);
    expect(r.stdout).toContain(hint);
    await expect(r.stdout).toMatchFileSnapshot(`../golden/check/mistakes-${name}.txt`);
  });

  it('-v details every rule and probe', async () => {
    const r = await run([
      'check',
      'shop/frontend',
      'payments/ledger',
      '-p',
      '8080',
      shopCluster,
      `${shop}/ledger-ingress.yaml`,
      '-v',
    ]);
    expect(r.stdout).toContain('kubernetes.io/metadata.name is shop, not monitoring');
    await expect(r.stdout).toMatchFileSnapshot('../golden/check/shop-namespace-label-name-verbose.txt');
  });
});

describe('check with several probes', () => {
  it('a Service whose named targetPort differs per pod: partially allowed, each probe explained', async () => {
    const r = await run(['check', 'xx/a1', '10.96.0.10', 'test/fixtures/partial/service.yaml']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('10.96.0.10:80 is service yy/b port 80 → pod yy/b1:8080, pod yy/b2:9090');
    expect(r.stdout).toContain('9090/TCP not in 8080/TCP');
    await expect(r.stdout).toMatchFileSnapshot('../golden/check/partial-named-target-port.txt');
  });
});

describe('check messages that point the right way', () => {
  const apiserver = `
apiVersion: v1
kind: Pod
metadata: { name: client, namespace: a, labels: { app: client } }
spec: { containers: [{ name: c, image: curl }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: apiserver, namespace: b }
spec:
  selector: { matchLabels: { app: apiserver } }
  template:
    metadata: { labels: { app: apiserver } }
    spec: { containers: [{ name: api, image: api, ports: [{ containerPort: 5000 }] }] }
---
apiVersion: v1
kind: Service
metadata: { name: apiserver, namespace: b }
spec:
  selector: { app: apiserver }
  ports: [{ port: 5001, targetPort: 5000 }]
`;
  const hints = async (argv: string[]) => {
    const r = await run(['check', ...argv, '-', '-o', 'json'], { stdin: apiserver });
    return (JSON.parse(r.stdout) as { explanation: { hints: Record<string, unknown>[] } }).explanation.hints;
  };

  it('suggests the Service port whose targetPort was given', async () => {
    const r = await run(['check', 'a/client', 'b/svc/apiserver', '--port', '5000', '-'], {
      stdin: apiserver,
    });
    expect(r.stdout).toMatch(/hint: 5000 is the target port of b\/apiserver port 5001: .* try --port 5001/);
    expect(r.stdout).not.toMatch(/curl without a port/);
    expect(await hints(['a/client', 'b/svc/apiserver', '--port', '5000'])).toEqual([
      expect.objectContaining({ code: 'SERVICE_PORT_CHOICE', targetOf: 5001, portGiven: true }),
    ]);
  });

  it.each([
    [[], /curl without a port uses 80 — try --port 5001/],
    [['--port', '80'], /exposes 5001, not 80 — try --port 5001/],
    [['--port', '9999'], /exposes 5001, not 9999 — try --port 5001/],
  ])('with %j: %s', async (port, hint) => {
    const r = await run(['check', 'a/client', 'b/svc/apiserver', ...port, '-'], { stdin: apiserver });
    expect(r.stdout).toMatch(hint);
  });

  it('says that a path is not the destination when the destination was forgotten', async () => {
    const r = await run(['check', 'default/web', 'examples/tutorial']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^kubereach: examples\/tutorial is a path, not an endpoint: check needs SRC and DST/,
    );
    expect(r.stderr).not.toMatch(/kubeconfig/);
  });

  it('mentions the Service of the same name only when it would answer differently', async () => {
    const same = await run(['check', 'a/client', 'b/apiserver', '--port', '5000', '-'], { stdin: apiserver });
    expect(same.stderr).toMatch(/b\/apiserver is also a Service, which answers no-such-port/);
    const tutorial = await run(['check', 'dev1/demo1', 'dev2/demo2', 'examples/tutorial']);
    expect(tutorial.stderr).not.toMatch(/also a Service/);
    // 8080 through the Service reaches 8080 on the pods: the same answer, no note
    const both = await run(['check', 'dev1/demo1', 'dev2/http-echo', '--port', '8080', 'examples/tutorial']);
    expect(both.stderr).not.toMatch(/also a Service/);
  });

  it('shows the default port once in --help', async () => {
    const r = await run(['check', '--help']);
    expect(r.stdout.replace(/\s+/g, ' ')).toMatch(/\(default: 80, as curl\)/);
    expect(r.stdout).not.toMatch(/default 80, as curl\) \(default/);
  });
});

describe('check says when its verdict rests on an ipBlock holding a pod IP', () => {
  const cluster = `
apiVersion: v1
kind: Pod
metadata: { name: client, namespace: a, labels: { app: client } }
spec: { containers: [{ name: c, image: curl }] }
status: { phase: Running, podIP: 10.1.0.1 }
---
apiVersion: v1
kind: Pod
metadata: { name: server, namespace: b, labels: { app: server } }
spec: { containers: [{ name: s, image: nginx }] }
status: { phase: Running, podIP: 10.2.0.1 }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: from-clients, namespace: b }
spec:
  podSelector: {}
  ingress: [{ from: [{ ipBlock: { cidr: 10.1.0.0/16 } }] }]
`;

  it('with the verdict where ipBlock never matches pod IPs', async () => {
    const r = await run(['check', 'a/client', 'b/server', '-'], { stdin: cluster });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /note: this verdict rests on ipBlock 10\.1\.0\.0\/16 holding the pod IP 10\.1\.0\.1, .* it is denied/,
    );
  });

  it.each([
    ['an address outside the cluster the ipBlock holds', ['10.1.5.5', 'b/server']],
    ['with --cni cilium', ['a/client', 'b/server', '--cni', 'cilium']],
  ])('not for %s', async (_, argv) => {
    const r = await run(['check', ...argv, '-'], { stdin: cluster });
    expect(r.stderr).not.toMatch(/rests on ipBlock/);
  });

  it('not where Cilium policies in the input imply the Cilium profile', async () => {
    const cnp = `
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: elsewhere, namespace: c }
spec:
  endpointSelector: {}
  ingress: [{}]
`;
    const r = await run(['check', 'a/client', 'b/server', '-'], { stdin: cluster + cnp });
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/rests on ipBlock/);
  });
});
