/**
 * CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy semantics as truth tables, on the e2e
 * topology (namespaces x, y, z labelled ns=…, pods a, b, c labelled pod=…). Expected verdicts come
 * from Cilium's documentation (Documentation/security/policy: intro.rst "Endpoint default
 * policy", language.rst, deny.rst, kubernetes.rst) and code (pkg/policy/api rule_validation.go
 * `Rule.Sanitize`, pkg/k8s/apis/cilium.io/utils `ParseToCiliumRule` and `getEndpointSelector`,
 * pkg/k8s network_policy.go `ParseNetworkPolicy`), for Cilium 1.16+ in the default enforcement
 * mode. design.md's "Cilium" section lists the facts; each has rows here.
 */

import { CILIUM_EVALUATED, ccnp, cnp, spec } from '../support/cilium.js';
import { describeScenarios, onAllProtocols, policy, type Scenario } from '../support/scenarios.js';

const ALLOW_FROM_B = spec('{matchLabels: {pod: a}}', 'ingress: [{fromEndpoints: [{matchLabels: {pod: b}}]}]');

const ISOLATION: Scenario[] = [
  {
    name: 'an ingress section isolates the selected pods; fromEndpoints are namespace-local',
    cni: 'cilium',
    manifests: cnp('x', 'from-b', ALLOW_FROM_B),
    rows: [
      ...onAllProtocols('x/b', 'x/a', 80, 'allowed'),
      ['x/c', 'x/a', 80, 'TCP', 'denied'],
      ['y/b', 'x/a', 80, 'TCP', 'denied'],
      ['203.0.113.5', 'x/a', 80, 'TCP', 'denied'],
      // egress of x/a is not isolated; x/b is not selected
      ['x/a', 'y/b', 80, 'TCP', 'allowed'],
      ['x/c', 'x/b', 80, 'TCP', 'allowed'],
    ],
  },
  {
    name: 'ingress: [{}] allows nothing: a default deny',
    cni: 'cilium',
    manifests: cnp('x', 'deny', spec('{}', 'ingress: [{}]')),
    rows: [
      ...onAllProtocols('x/b', 'x/a', 80, 'denied'),
      ['y/a', 'x/c', 81, 'TCP', 'denied'],
      ['203.0.113.5', 'x/a', 443, 'TCP', 'denied'],
      ['x/a', 'y/a', 80, 'TCP', 'allowed'],
    ],
  },
  {
    name: 'ingress: [] is no section: nothing is isolated for ingress',
    cni: 'cilium',
    manifests: cnp('x', 'empty-ingress', spec('{}', 'ingress: []\negress: [{toEntities: [all]}]')),
    rows: [
      ['x/b', 'x/a', 80, 'TCP', 'allowed'],
      ['y/a', 'x/a', 81, 'UDP', 'allowed'],
      ['x/a', 'y/a', 80, 'TCP', 'allowed'],
    ],
  },
  {
    name: 'egress: [{}] isolates egress and allows nothing',
    cni: 'cilium',
    manifests: cnp('x', 'deny-egress', spec('{matchLabels: {pod: a}}', 'egress: [{}]')),
    rows: [
      ...onAllProtocols('x/a', 'x/b', 80, 'denied'),
      ['x/a', '203.0.113.5', 443, 'TCP', 'denied'],
      ['x/b', 'x/a', 80, 'TCP', 'allowed'],
    ],
  },
  {
    name: 'allows of every policy and every kind add up (CNP, CCNP, NetworkPolicy)',
    cni: 'cilium',
    manifests:
      cnp('x', 'from-b', ALLOW_FROM_B) +
      ccnp(
        'from-y',
        spec(
          '{matchLabels: {pod: a}}',
          'ingress: [{fromEndpoints: [{matchLabels: {"k8s:io.kubernetes.pod.namespace": "y"}}]}]',
        ),
      ) +
      policy(
        'x',
        'from-z',
        `
        podSelector: {matchLabels: {pod: a}}
        ingress: [{from: [{namespaceSelector: {matchLabels: {ns: z}}}]}]`,
      ),
    rows: [
      ['x/b', 'x/a', 80, 'TCP', 'allowed'],
      ['y/c', 'x/a', 80, 'TCP', 'allowed'],
      ['z/c', 'x/a', 81, 'UDP', 'allowed'],
      ['x/c', 'x/a', 80, 'TCP', 'denied'],
      // the CCNP selects pod=a in every namespace
      ['y/b', 'z/a', 80, 'TCP', 'allowed'],
      ['z/b', 'z/a', 80, 'TCP', 'denied'],
    ],
  },
  {
    name: 'specs: lists several rules in one object',
    cni: 'cilium',
    manifests: cnp(
      'x',
      'two-rules',
      `
        specs:
        - endpointSelector: {matchLabels: {pod: a}}
          ingress: [{fromEndpoints: [{matchLabels: {pod: b}}]}]
        - endpointSelector: {matchLabels: {pod: b}}
          ingress: [{fromEndpoints: [{matchLabels: {pod: c}}]}]`,
    ),
    rows: [
      ['x/b', 'x/a', 80, 'TCP', 'allowed'],
      ['x/c', 'x/a', 80, 'TCP', 'denied'],
      ['x/c', 'x/b', 80, 'TCP', 'allowed'],
      ['x/a', 'x/b', 80, 'TCP', 'denied'],
      ['x/a', 'x/c', 80, 'TCP', 'allowed'],
    ],
  },
];

const DENY: Scenario[] = [
  {
    name: 'deny beats allow: an ingressDeny from pod=b against an allow-all NetworkPolicy',
    cni: 'cilium',
    manifests:
      policy('x', 'allow-all', 'podSelector: {}\ningress: [{}]') +
      cnp('x', 'deny-b', spec('{}', 'ingressDeny: [{fromEndpoints: [{matchLabels: {pod: b}}]}]')),
    rows: [
      ...onAllProtocols('x/b', 'x/a', 80, 'denied'),
      ...onAllProtocols('x/c', 'x/a', 80, 'allowed'),
      // the deny is namespace-local like any fromEndpoints
      ['y/b', 'x/a', 80, 'TCP', 'allowed'],
    ],
  },
  {
    name: 'deny beats allow across kinds: a CCNP deny over a CNP allow',
    cni: 'cilium',
    manifests:
      cnp('x', 'from-b', ALLOW_FROM_B) +
      ccnp(
        'deny-b-81',
        spec('{}', 'ingressDeny: [{fromEndpoints: [{}], toPorts: [{ports: [{port: "81", protocol: TCP}]}]}]'),
      ),
    rows: [
      ['x/b', 'x/a', 80, 'TCP', 'allowed'],
      ['x/b', 'x/a', 81, 'TCP', 'denied'],
      ['x/b', 'x/a', 81, 'UDP', 'allowed'],
      // the CCNP deny isolates every pod it selects: y/a now admits nothing
      ['y/b', 'y/a', 80, 'TCP', 'denied'],
    ],
  },
  {
    name: "deny.rst's table, second column: L3 and L4 allows, an L4 deny on 80",
    cni: 'cilium',
    manifests:
      cnp(
        'x',
        'allows',
        spec(
          '{matchLabels: {pod: a}}',
          `
            ingress:
            - fromEndpoints: [{matchLabels: {pod: b}}]
            - toPorts: [{ports: [{port: "80", protocol: TCP}, {port: "81", protocol: TCP}]}]`,
        ),
      ) +
      cnp(
        'x',
        'deny-80',
        spec('{matchLabels: {pod: a}}', 'ingressDeny: [{toPorts: [{ports: [{port: "80", protocol: TCP}]}]}]'),
      ),
    rows: [
      ['x/b', 'x/a', 81, 'TCP', 'allowed'],
      ['x/b', 'x/a', 80, 'TCP', 'denied'],
      ['x/b', 'x/a', 80, 'UDP', 'allowed'],
      // the port-only deny hits every peer
      ['y/c', 'x/a', 80, 'TCP', 'denied'],
      ['y/c', 'x/a', 81, 'TCP', 'allowed'],
    ],
  },
  {
    name: 'a deny-only policy still isolates',
    cni: 'cilium',
    manifests: cnp('x', 'deny-world', spec('{}', 'ingressDeny: [{fromEntities: [world]}]')),
    rows: [
      ['x/b', 'x/a', 80, 'TCP', 'denied'],
      ['y/b', 'x/a', 80, 'TCP', 'denied'],
      ['203.0.113.5', 'x/a', 80, 'TCP', 'denied'],
    ],
  },
  {
    name: 'enableDefaultDeny false: isolates nobody, but its deny still subtracts',
    cni: 'cilium',
    manifests: cnp(
      'x',
      'no-default-deny',
      spec(
        '{}',
        `
        enableDefaultDeny: {ingress: false}
        ingressDeny: [{fromEndpoints: [{matchLabels: {pod: b}}]}]
        ingress: [{fromEndpoints: [{matchLabels: {pod: c}}]}]`,
      ),
    ),
    rows: [
      ['x/b', 'x/a', 80, 'TCP', 'denied'],
      ['x/c', 'x/a', 80, 'TCP', 'allowed'],
      // not isolated: what no rule names stays allowed
      ['y/a', 'x/a', 80, 'TCP', 'allowed'],
      ['203.0.113.5', 'x/a', 80, 'TCP', 'allowed'],
    ],
  },
  {
    name: 'enableDefaultDeny false: its allows add to another policy that isolates',
    cni: 'cilium',
    manifests:
      cnp('x', 'deny', spec('{matchLabels: {pod: a}}', 'ingress: [{}]')) +
      cnp(
        'x',
        'adds',
        spec(
          '{}',
          'enableDefaultDeny: {ingress: false}\ningress: [{fromEndpoints: [{matchLabels: {pod: c}}]}]',
        ),
      ),
    rows: [
      ['x/c', 'x/a', 80, 'TCP', 'allowed'],
      ['x/b', 'x/a', 80, 'TCP', 'denied'],
      // x/b is selected only by the policy without default deny: not isolated
      ['y/a', 'x/b', 80, 'TCP', 'allowed'],
    ],
  },
];

const SELECTORS: Scenario[] = [
  {
    name: 'fromEndpoints: [{}] in a CNP is every pod of the policy namespace',
    cni: 'cilium',
    manifests: cnp('x', 'same-ns', spec('{}', 'ingress: [{fromEndpoints: [{}]}]')),
    rows: [
      ['x/b', 'x/a', 80, 'TCP', 'allowed'],
      ['y/b', 'x/a', 80, 'TCP', 'denied'],
      ['203.0.113.5', 'x/a', 80, 'TCP', 'denied'],
    ],
  },
  ...[
    ['k8s:io.kubernetes.pod.namespace', 'matchLabels'],
    ['io.kubernetes.pod.namespace', 'matchLabels'],
    ['k8s:io.kubernetes.pod.namespace', 'matchExpressions'],
    ['io.kubernetes.pod.namespace', 'matchExpressions'],
  ].map(
    ([key, how]): Scenario => ({
      name: `fromEndpoints with ${key} in ${how} crosses namespaces`,
      cni: 'cilium',
      manifests: cnp(
        'x',
        'from-y',
        spec(
          '{}',
          how === 'matchLabels'
            ? `ingress: [{fromEndpoints: [{matchLabels: {"${key}": "y", pod: b}}]}]`
            : `ingress: [{fromEndpoints: [{matchLabels: {pod: b}, matchExpressions: [{key: "${key}", operator: In, values: ["y", z]}]}]}]`,
        ),
      ),
      rows: [
        ['y/b', 'x/a', 80, 'TCP', 'allowed'],
        ['y/c', 'x/a', 80, 'TCP', 'denied'],
        ['x/b', 'x/a', 80, 'TCP', 'denied'],
        ['z/b', 'x/a', 80, 'TCP', how === 'matchLabels' ? 'denied' : 'allowed'],
      ],
    }),
  ),
  {
    name: 'namespace labels (io.cilium.k8s.namespace.labels.*) select across namespaces',
    cni: 'cilium',
    manifests: cnp(
      'x',
      'from-ns-z',
      spec('{}', 'ingress: [{fromEndpoints: [{matchLabels: {io.cilium.k8s.namespace.labels.ns: z}}]}]'),
    ),
    rows: [
      ['z/c', 'x/a', 80, 'TCP', 'allowed'],
      ['y/c', 'x/a', 80, 'TCP', 'denied'],
      ['x/c', 'x/a', 80, 'TCP', 'denied'],
    ],
  },
  {
    name: 'a namespaceSelector label copied into fromEndpoints is a pod label: it matches no pod',
    cni: 'cilium',
    manifests: cnp('x', 'from-y', spec('{}', 'ingress: [{fromEndpoints: [{matchLabels: {ns: "y"}}]}]')),
    rows: [
      ['y/a', 'x/a', 80, 'TCP', 'denied'],
      ['x/b', 'x/a', 80, 'TCP', 'denied'],
    ],
  },
  {
    name: 'a CNP endpointSelector is namespace-local: its k8s: namespace label is replaced',
    cni: 'cilium',
    manifests: cnp(
      'x',
      'replaced',
      spec('{matchLabels: {"k8s:io.kubernetes.pod.namespace": "y"}}', 'ingress: [{}]'),
    ),
    rows: [
      ['z/a', 'x/a', 80, 'TCP', 'denied'],
      ['z/a', 'y/a', 80, 'TCP', 'allowed'],
    ],
  },
  {
    name: 'a CNP endpointSelector with another namespace without k8s: selects nothing',
    cni: 'cilium',
    manifests: cnp(
      'x',
      'nothing',
      spec('{matchLabels: {io.kubernetes.pod.namespace: "y"}}', 'ingress: [{}]'),
    ),
    rows: [
      ['z/a', 'x/a', 80, 'TCP', 'allowed'],
      ['z/a', 'y/a', 80, 'TCP', 'allowed'],
    ],
  },
  {
    name: 'a CCNP is bound to no namespace; its fromEndpoints: [{}] is every pod but never world',
    cni: 'cilium',
    manifests: ccnp('all-pods', spec('{matchLabels: {pod: a}}', 'ingress: [{fromEndpoints: [{}]}]')),
    rows: [
      ['y/b', 'x/a', 80, 'TCP', 'allowed'],
      ['z/c', 'y/a', 81, 'SCTP', 'allowed'],
      ['203.0.113.5', 'x/a', 80, 'TCP', 'denied'],
      ['203.0.113.5', 'x/b', 80, 'TCP', 'allowed'],
    ],
  },
  {
    name: 'a CCNP endpointSelector may name namespaces',
    cni: 'cilium',
    manifests: ccnp('deny-y', spec('{matchLabels: {io.kubernetes.pod.namespace: "y"}}', 'ingress: [{}]')),
    rows: [
      ['x/a', 'y/a', 80, 'TCP', 'denied'],
      ['x/a', 'z/a', 80, 'TCP', 'allowed'],
    ],
  },
  {
    name: 'a CCNP nodeSelector (a host policy) selects no pod',
    cni: 'cilium',
    manifests: ccnp('host', 'spec:\n  nodeSelector: {}\n  ingress: [{}]'),
    rows: [
      ['x/b', 'x/a', 80, 'TCP', 'allowed'],
      ['y/c', 'z/a', 81, 'UDP', 'allowed'],
    ],
  },
];

const PORTS: Scenario[] = [
  {
    name: 'no protocol is ANY: TCP, UDP and SCTP',
    cni: 'cilium',
    manifests: cnp(
      'x',
      'port-80',
      spec('{matchLabels: {pod: a}}', 'ingress: [{toPorts: [{ports: [{port: "80"}]}]}]'),
    ),
    rows: [...onAllProtocols('y/b', 'x/a', 80, 'allowed'), ...onAllProtocols('y/b', 'x/a', 81, 'denied')],
  },
  {
    name: 'protocol ANY, and TCP alone',
    cni: 'cilium',
    manifests: cnp(
      'x',
      'ports',
      spec(
        '{matchLabels: {pod: a}}',
        'ingress: [{toPorts: [{ports: [{port: "80", protocol: ANY}, {port: "81", protocol: TCP}]}]}]',
      ),
    ),
    rows: [
      ...onAllProtocols('y/b', 'x/a', 80, 'allowed'),
      ['y/b', 'x/a', 81, 'TCP', 'allowed'],
      ['y/b', 'x/a', 81, 'UDP', 'denied'],
      ['y/b', 'x/a', 81, 'SCTP', 'denied'],
    ],
  },
  {
    name: 'endPort is inclusive; port "0" is every port',
    cni: 'cilium',
    manifests: cnp(
      'x',
      'ranges',
      spec(
        '{matchLabels: {pod: a}}',
        'ingress: [{toPorts: [{ports: [{port: "8000", endPort: 8080, protocol: TCP}, {port: "0", protocol: UDP}]}]}]',
      ),
    ),
    rows: [
      ['y/b', 'x/a', 8000, 'TCP', 'allowed'],
      ['y/b', 'x/a', 8080, 'TCP', 'allowed'],
      ['y/b', 'x/a', 8081, 'TCP', 'denied'],
      ['y/b', 'x/a', 7999, 'TCP', 'denied'],
      ['y/b', 'x/a', 9, 'UDP', 'allowed'],
      ['y/b', 'x/a', 65535, 'UDP', 'allowed'],
      ['y/b', 'x/a', 80, 'SCTP', 'denied'],
    ],
  },
  {
    name: 'a named port resolves on the destination pod',
    cni: 'cilium',
    manifests: cnp(
      'x',
      'named',
      spec(
        '{matchLabels: {pod: a}}',
        'ingress: [{toPorts: [{ports: [{port: serve-81-udp, protocol: UDP}]}]}]',
      ),
    ),
    rows: [
      ['y/b', 'x/a', 81, 'UDP', 'allowed'],
      ['y/b', 'x/a', 80, 'UDP', 'denied'],
      ['y/b', 'x/a', 81, 'TCP', 'denied'],
    ],
  },
  {
    name: 'an item with toPorts and no peer field applies to every peer, world included',
    cni: 'cilium',
    manifests: cnp(
      'x',
      'port-only',
      spec('{matchLabels: {pod: a}}', 'ingress: [{toPorts: [{ports: [{port: "80", protocol: TCP}]}]}]'),
    ),
    rows: [
      ['y/b', 'x/a', 80, 'TCP', 'allowed'],
      ['203.0.113.5', 'x/a', 80, 'TCP', 'allowed'],
      ['y/b', 'x/a', 81, 'TCP', 'denied'],
    ],
  },
  {
    name: 'an explicitly empty peer list selects nothing',
    cni: 'cilium',
    manifests: cnp(
      'x',
      'empty-peers',
      spec(
        '{matchLabels: {pod: a}}',
        'ingress: [{fromEndpoints: [], toPorts: [{ports: [{port: "80", protocol: TCP}]}]}]',
      ),
    ),
    rows: [
      ['y/b', 'x/a', 80, 'TCP', 'denied'],
      ['x/b', 'x/a', 80, 'TCP', 'denied'],
      ['203.0.113.5', 'x/a', 80, 'TCP', 'denied'],
    ],
  },
  {
    name: 'peers pair only with the ports of their own item',
    cni: 'cilium',
    manifests: cnp(
      'x',
      'pairs',
      spec(
        '{matchLabels: {pod: a}}',
        `
          ingress:
          - fromEndpoints: [{matchLabels: {pod: b}}]
            toPorts: [{ports: [{port: "80", protocol: TCP}]}]
          - fromEndpoints: [{matchLabels: {pod: c}}]
            toPorts: [{ports: [{port: "81", protocol: TCP}]}]`,
      ),
    ),
    rows: [
      ['x/b', 'x/a', 80, 'TCP', 'allowed'],
      ['x/b', 'x/a', 81, 'TCP', 'denied'],
      ['x/c', 'x/a', 81, 'TCP', 'allowed'],
      ['x/c', 'x/a', 80, 'TCP', 'denied'],
    ],
  },
];

describeScenarios('Cilium: isolation, sections and specs', ISOLATION, { pending: !CILIUM_EVALUATED });
describeScenarios('Cilium: deny rules and enableDefaultDeny', DENY, { pending: !CILIUM_EVALUATED });
describeScenarios('Cilium: endpoint selectors and namespaces', SELECTORS, { pending: !CILIUM_EVALUATED });
describeScenarios('Cilium: toPorts', PORTS, { pending: !CILIUM_EVALUATED });
