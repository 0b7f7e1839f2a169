/**
 * Reason codes of connection explanations, one classic situation per row. Wording lives in the
 * goldens under test/golden/check; these tests assert codes, data and positions.
 */
import { describe, expect, it } from 'vitest';
import { evaluateConnection, type Party } from '../../src/engine/evaluate.js';
import { explainConnection } from '../../src/explain/index.js';
import type { ConnectionExplanation, DirectionExplanation } from '../../src/explain/types.js';
import { parseIp } from '../../src/model/ip.js';
import type { Protocol } from '../../src/model/types.js';
import { compile, endpointOf } from '../support/cluster.js';

const NAMESPACES = `
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: web}}
---
apiVersion: v1
kind: Namespace
metadata: {name: payments, labels: {team: payments}}
`;

const PODS = `
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, image: i, ports: [{name: http, containerPort: 80}]}]}
status: {podIP: 10.0.0.1}
---
apiVersion: v1
kind: Pod
metadata: {name: cart, namespace: shop, labels: {app: cart}}
status: {podIP: 10.0.0.3}
---
apiVersion: v1
kind: Pod
metadata: {name: ledger, namespace: payments, labels: {app: ledger}}
spec:
  containers:
    - name: c
      image: i
      ports: [{name: http, containerPort: 8080}, {name: stats, containerPort: 9102, protocol: UDP}]
status: {podIP: 10.0.1.2}
---
apiVersion: v1
kind: Pod
metadata: {name: node-agent, namespace: payments, labels: {app: ledger}}
spec: {hostNetwork: true}
status: {podIP: 192.168.0.4}
`;

/** A NetworkPolicy document from a namespace, a name and the lines of its spec. */
function policy(namespace: string, name: string, spec: string): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: ${namespace}}
spec:
${spec
  .trim()
  .split('\n')
  .map((l) => `  ${l}`)
  .join('\n')}
`;
}

function party(compiled: ReturnType<typeof compile>, text: string): Party {
  const ip = parseIp(text);
  if (ip !== undefined) return { type: 'external', address: ip, label: text };
  return { type: 'endpoint', endpoint: endpointOf(compiled.cluster, text) };
}

/** Explains src → dst on one port, with the policies given. */
function explain(
  policies: readonly string[],
  src: string,
  dst: string,
  port: number,
  protocol: Protocol = 'TCP',
  cni: 'upstream' | 'cilium' = 'upstream',
): ConnectionExplanation {
  const compiled = compile([NAMESPACES, PODS, ...policies], cni);
  const evaluation = evaluateConnection(compiled, party(compiled, src), party(compiled, dst));
  return explainConnection(compiled, evaluation, { port, protocol });
}

/** Every reason code of a direction, flattened: rules, peers, ports. */
function codes(d: DirectionExplanation) {
  return {
    direction: d.code,
    policies: d.policies.map((p) => p.code),
    rules: d.policies.flatMap((p) => p.rules.map((r) => r.code)),
    peers: d.policies.flatMap((p) =>
      p.rules.flatMap((r) => r.peers.peers.flatMap((x) => x.reasons.map((c) => c.code))),
    ),
    ports: d.policies.flatMap((p) => p.rules.flatMap((r) => r.ports.ports.map((x) => x.reason.code))),
    nearMisses: d.nearMisses.map((n) => n.code),
    hints: d.hints.map((h) => h.code),
  };
}

const DENY_PAYMENTS = policy('payments', 'deny', 'podSelector: {}\npolicyTypes: [Ingress]');
const fromNamespace = (labels: string, ports = '[{port: 8080}]') =>
  policy(
    'payments',
    'allow',
    `podSelector: {matchLabels: {app: ledger}}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: ${labels}}\n  ports: ${ports}`,
  );

describe('direction codes', () => {
  it('no policy: both directions NOT_ISOLATED', () => {
    const e = explain([], 'shop/web', 'payments/ledger', 8080);
    expect(e.allowed).toBe(true);
    expect(e.egress.code).toBe('NOT_ISOLATED');
    expect(e.ingress.code).toBe('NOT_ISOLATED');
    expect(e.ingress.policies).toEqual([]);
  });

  it('deny-all: NO_RULES, the policy has no rules', () => {
    const e = explain([DENY_PAYMENTS], 'shop/web', 'payments/ledger', 8080);
    expect(e.allowed).toBe(false);
    expect(codes(e.ingress)).toMatchObject({ direction: 'NO_RULES', policies: ['POLICY_NO_RULES'] });
  });

  it('hostNetwork destination: HOST_NETWORK, never isolated', () => {
    const e = explain([DENY_PAYMENTS], 'shop/web', 'payments/node-agent', 8080);
    expect(e.allowed).toBe(true);
    expect(e.ingress.code).toBe('HOST_NETWORK');
  });

  it('external source: EXTERNAL egress', () => {
    const e = explain([DENY_PAYMENTS], '8.8.8.8', 'payments/ledger', 8080);
    expect(e.egress.code).toBe('EXTERNAL');
    expect(codes(e.ingress).direction).toBe('NO_RULES');
  });

  it('a pod to itself is always allowed', () => {
    const e = explain([DENY_PAYMENTS], 'payments/ledger', 'payments/ledger', 8080);
    expect(e).toMatchObject({ self: true, allowed: true });
    expect(e.ingress.allowed).toBe(false);
  });
});

describe('peer reasons', () => {
  it.each([
    {
      name: 'namespaceSelector matches: RULE_ALLOWS',
      policies: [fromNamespace('{kubernetes.io/metadata.name: shop}')],
      expected: {
        direction: 'RULE_ALLOWS',
        rules: ['RULE_ALLOWS'],
        peers: ['PEER_MATCHES'],
        ports: ['PORT_MATCHES'],
        hints: [],
      },
    },
    {
      name: 'namespaceSelector on `name`: the key namespaces do not carry',
      policies: [fromNamespace('{name: shop}')],
      expected: {
        direction: 'NO_PEER_MATCH',
        rules: ['RULE_PEER_MISMATCH'],
        peers: ['PEER_NAMESPACE_MISMATCH'],
        hints: ['LABEL_KEY_DIFFERS'],
      },
    },
    {
      name: 'namespaceSelector on a label no namespace carries',
      policies: [fromNamespace('{tier: frontend}')],
      expected: { peers: ['PEER_NAMESPACE_MISMATCH'], hints: ['LABEL_NOT_CARRIED'] },
    },
    {
      name: 'namespaceSelector value one typo away',
      policies: [fromNamespace('{team: wbe}')],
      expected: { peers: ['PEER_NAMESPACE_MISMATCH'], hints: ['LABEL_VALUE_CLOSE'] },
    },
    {
      name: 'podSelector alone is local to the policy namespace',
      policies: [
        policy(
          'payments',
          'allow',
          'podSelector: {}\ningress:\n- from:\n  - podSelector: {matchLabels: {app: web}}',
        ),
      ],
      expected: {
        peers: ['PEER_NOT_IN_POLICY_NAMESPACE'],
        hints: ['POD_SELECTOR_NAMESPACE_LOCAL'],
      },
    },
    {
      name: 'one item with both selectors is AND; only the namespace holds',
      policies: [
        policy(
          'payments',
          'allow',
          'podSelector: {}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: {team: web}}\n    podSelector: {matchLabels: {app: api}}',
        ),
      ],
      expected: { peers: ['PEER_POD_MISMATCH'], hints: ['PEER_AND_NOT_OR'] },
    },
    {
      name: 'two items are OR; the namespace item admits a pod the pod item would not',
      policies: [
        policy(
          'payments',
          'allow',
          'podSelector: {}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: {team: web}}\n  - podSelector: {matchLabels: {app: api}}',
        ),
      ],
      expected: { direction: 'RULE_ALLOWS', hints: ['PEERS_OR_NOT_AND'] },
    },
    {
      name: 'matchExpressions NotIn fails',
      policies: [
        policy(
          'payments',
          'allow',
          'podSelector: {}\ningress:\n- from:\n  - namespaceSelector: {matchExpressions: [{key: team, operator: NotIn, values: [web]}]}',
        ),
      ],
      expected: { peers: ['PEER_NAMESPACE_MISMATCH'], hints: [] },
    },
  ])('$name', ({ policies, expected }) => {
    const e = explain([DENY_PAYMENTS, ...policies], 'shop/web', 'payments/ledger', 8080);
    expect(codes(e.ingress)).toMatchObject(expected);
  });

  it('carries the selector, the labels compared and the failing requirement with its line', () => {
    const e = explain([fromNamespace('{name: shop}')], 'shop/web', 'payments/ledger', 8080);
    const reason = e.ingress.policies[0]!.rules[0]!.peers.peers[0]!.reasons[0]!;
    expect(reason).toMatchObject({
      code: 'PEER_NAMESPACE_MISMATCH',
      selector: { matchLabels: { name: 'shop' } },
      namespace: 'shop',
      labels: { 'kubernetes.io/metadata.name': 'shop', team: 'web' },
      selects: [],
      failures: [
        {
          requirement: { key: 'name', operator: 'In', values: ['shop'] },
          field: 'matchLabels',
          actual: null,
          at: { path: ['spec', 'ingress', 0, 'from', 0, 'namespaceSelector', 'matchLabels', 'name'] },
        },
      ],
    });
    // m2.yaml: line 1 apiVersion … line 8 `- namespaceSelector: {matchLabels: {name: shop}}`
    if (reason.code !== 'PEER_NAMESPACE_MISMATCH') throw new Error('unreachable');
    expect(reason.failures[0]!.at.source).toMatchObject({ file: 'm2.yaml', line: 8 });
    expect(e.ingress.hints[0]).toMatchObject({
      code: 'LABEL_KEY_DIFFERS',
      key: 'name',
      suggestedKey: 'kubernetes.io/metadata.name',
      value: 'shop',
    });
  });

  it('hostNetwork source: PEER_HOST_NETWORK', () => {
    const e = explain(
      [policy('shop', 'allow', 'podSelector: {}\ningress:\n- from:\n  - namespaceSelector: {}')],
      'payments/node-agent',
      'shop/web',
      80,
    );
    expect(codes(e.ingress).peers).toEqual(['PEER_HOST_NETWORK']);
  });

  it('external source against a pod selector: PEER_EXTERNAL', () => {
    const e = explain([fromNamespace('{team: web}')], '8.8.8.8', 'payments/ledger', 8080);
    expect(codes(e.ingress).peers).toEqual(['PEER_EXTERNAL']);
  });
});

describe('ipBlock reasons', () => {
  const ipBlock = (block: string) =>
    policy('payments', 'allow', `podSelector: {}\ningress:\n- from:\n  - ipBlock: ${block}`);
  it.each([
    { name: 'outside the cidr', src: '8.8.8.8', block: '{cidr: 10.0.0.0/8}', code: 'IPBLOCK_MISMATCH' },
    { name: 'inside', src: '10.9.9.9', block: '{cidr: 10.0.0.0/8}', code: 'IPBLOCK_MATCHES' },
    {
      name: 'inside but excepted',
      src: '10.1.2.3',
      block: '{cidr: 10.0.0.0/8, except: [10.1.0.0/16]}',
      code: 'IPBLOCK_EXCEPTED',
    },
    {
      name: 'pod IP inside (upstream)',
      src: 'shop/web',
      block: '{cidr: 10.0.0.0/24}',
      code: 'IPBLOCK_MATCHES',
    },
  ])('$name: $code', ({ src, block, code }) => {
    const e = explain([ipBlock(block)], src, 'payments/ledger', 8080);
    expect(codes(e.ingress).peers).toEqual([code]);
    expect(e.ingress.allowed).toBe(code === 'IPBLOCK_MATCHES');
  });

  it('cilium profile: ipBlock never matches pod IPs', () => {
    const e = explain([ipBlock('{cidr: 10.0.0.0/24}')], 'shop/web', 'payments/ledger', 8080, 'TCP', 'cilium');
    expect(codes(e.ingress).peers).toEqual(['IPBLOCK_POD_IP_IGNORED']);
  });

  it('points IPBLOCK_EXCEPTED at the except entry', () => {
    const e = explain(
      [ipBlock('{cidr: 10.0.0.0/8, except: [10.1.0.0/16]}')],
      '10.1.2.3',
      'payments/ledger',
      1,
    );
    const reason = e.ingress.policies[0]!.rules[0]!.peers.peers[0]!.reasons[0]!;
    expect(reason).toMatchObject({
      except: '10.1.0.0/16',
      at: { path: ['spec', 'ingress', 0, 'from', 0, 'ipBlock', 'except', 0] },
    });
  });
});

describe('port reasons', () => {
  const fromAll = (ports: string) =>
    policy(
      'payments',
      'allow',
      `podSelector: {}\ningress:\n- from:\n  - namespaceSelector: {}\n  ports: ${ports}`,
    );
  it.each([
    { name: 'number matches', ports: '[{port: 8080}]', port: 8080, protocol: 'TCP', code: 'PORT_MATCHES' },
    { name: 'number differs', ports: '[{port: 80}]', port: 8080, protocol: 'TCP', code: 'PORT_MISMATCH' },
    {
      name: 'protocol differs',
      ports: '[{port: 8080, protocol: UDP}]',
      port: 8080,
      protocol: 'TCP',
      code: 'PROTOCOL_MISMATCH',
    },
    {
      name: 'inside endPort range',
      ports: '[{port: 8000, endPort: 8100}]',
      port: 8080,
      protocol: 'TCP',
      code: 'PORT_MATCHES',
    },
    {
      name: 'outside endPort range',
      ports: '[{port: 8000, endPort: 8079}]',
      port: 8080,
      protocol: 'TCP',
      code: 'PORT_MISMATCH',
    },
    {
      name: 'every port of the protocol',
      ports: '[{protocol: TCP}]',
      port: 8080,
      protocol: 'TCP',
      code: 'PORT_MATCHES',
    },
    {
      name: 'named port resolves',
      ports: '[{port: http}]',
      port: 8080,
      protocol: 'TCP',
      code: 'PORT_MATCHES',
    },
    {
      name: 'named port, another number',
      ports: '[{port: http}]',
      port: 9000,
      protocol: 'TCP',
      code: 'NAMED_PORT_OTHER_NUMBER',
    },
    {
      name: 'named port not declared',
      ports: '[{port: metrics}]',
      port: 8080,
      protocol: 'TCP',
      code: 'NAMED_PORT_NOT_DECLARED',
    },
  ] as const)('$name: $code', ({ ports, port, protocol, code }) => {
    const e = explain([fromAll(ports)], 'shop/web', 'payments/ledger', port, protocol);
    expect(codes(e.ingress).ports).toEqual([code]);
    expect(e.ingress.allowed).toBe(code === 'PORT_MATCHES');
    if (code !== 'PORT_MATCHES') expect(e.ingress.code).toBe('NO_PORT_MATCH');
  });

  it('a named port declared for another protocol gets a hint', () => {
    const e = explain([fromAll('[{port: stats}]')], 'shop/web', 'payments/ledger', 9102);
    expect(codes(e.ingress)).toMatchObject({
      ports: ['NAMED_PORT_NOT_DECLARED'],
      hints: ['NAMED_PORT_OTHER_PROTOCOL'],
    });
  });

  it('a named port cannot match an external destination', () => {
    const e = explain(
      [policy('shop', 'out', 'podSelector: {}\npolicyTypes: [Egress]\negress:\n- ports: [{port: http}]')],
      'shop/web',
      '8.8.8.8',
      80,
    );
    expect(codes(e.egress).ports).toEqual(['NAMED_PORT_EXTERNAL']);
  });

  it('no ports: every port; no from: every peer', () => {
    const e = explain(
      [policy('payments', 'open', 'podSelector: {}\ningress:\n- {}')],
      '8.8.8.8',
      'payments/ledger',
      1,
    );
    const rule = e.ingress.policies[0]!.rules[0]!;
    expect(rule).toMatchObject({ code: 'RULE_ALLOWS', peers: { all: true }, ports: { all: true } });
  });

  it('without a query, says what each rule opens', () => {
    const compiled = compile([NAMESPACES, PODS, fromAll('[{port: http}, {port: 53, protocol: UDP}]')]);
    const ev = evaluateConnection(compiled, party(compiled, 'shop/web'), party(compiled, 'payments/ledger'));
    const e = explainConnection(compiled, ev);
    expect(e.query).toBeNull();
    const rule = e.ingress.policies[0]!.rules[0]!;
    expect(rule.ports.ports.map((p) => [p.matched, p.reason.code])).toEqual([
      [null, 'NAMED_PORT_RESOLVES'],
      [null, 'PORT_LISTED'],
    ]);
    expect(rule.ports.opens).toEqual([
      { protocol: 'TCP', ports: [[8080, 8080]] },
      { protocol: 'UDP', ports: [[53, 53]] },
    ]);
  });
});

describe('near misses', () => {
  it('a policy of the namespace that would allow but does not select the pod', () => {
    const e = explain(
      [
        DENY_PAYMENTS,
        policy(
          'payments',
          'allow-web',
          'podSelector: {matchLabels: {app: ledgr}}\ningress:\n- from:\n  - namespaceSelector: {}',
        ),
      ],
      'shop/web',
      'payments/ledger',
      8080,
    );
    expect(e.ingress.nearMisses).toEqual([
      expect.objectContaining({
        code: 'POLICY_DOES_NOT_SELECT',
        rules: [0],
        failures: [expect.objectContaining({ actual: 'ledger' })],
      }),
    ]);
  });

  it('rules of a direction policyTypes leaves out', () => {
    const e = explain(
      [
        policy(
          'shop',
          'egress-only-written',
          'podSelector: {}\npolicyTypes: [Ingress]\negress:\n- to:\n  - podSelector: {}',
        ),
      ],
      'shop/web',
      'payments/ledger',
      8080,
    );
    expect(e.egress.code).toBe('NOT_ISOLATED');
    expect(e.egress.nearMisses).toEqual([
      expect.objectContaining({ code: 'POLICY_TYPES_EXCLUDE', direction: 'egress', ruleCount: 1 }),
    ]);
  });

  it('an ingress policy written in the source namespace', () => {
    const e = explain(
      [
        DENY_PAYMENTS,
        policy(
          'shop',
          'allow-to-ledger',
          'podSelector: {matchLabels: {app: ledger}}\ningress:\n- from:\n  - namespaceSelector: {}',
        ),
      ],
      'shop/web',
      'payments/ledger',
      8080,
    );
    expect(e.ingress.nearMisses.map((n) => n.code)).toEqual(['POLICY_IN_OTHER_NAMESPACE']);
  });

  it('none when the direction allows', () => {
    const e = explain(
      [
        fromNamespace('{team: web}'),
        policy('payments', 'other', 'podSelector: {matchLabels: {app: x}}\ningress:\n- {}'),
      ],
      'shop/web',
      'payments/ledger',
      8080,
    );
    expect(e.ingress.nearMisses).toEqual([]);
  });
});
