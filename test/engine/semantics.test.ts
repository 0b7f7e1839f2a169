/**
 * NetworkPolicy semantics as truth tables, modelled on the upstream e2e suite
 * (kubernetes/kubernetes test/e2e/network/netpol/network_policy.go): namespaces x, y, z labelled
 * ns=x/y/z, pods a, b, c labelled pod=a/b/c serving 80 and 81 on TCP, UDP and SCTP. Expected
 * verdicts come from the NetworkPolicy API reference (networking.k8s.io/v1) and the
 * "Network Policies" concept page, not from the engine.
 */
import { describeScenarios, onAllProtocols, policy, type Scenario } from '../support/scenarios.js';

/** Pods and namespaces the e2e topology lacks: a label-less key, a namespace without `ns`, a host pod. */
const EXTRA = `
---
apiVersion: v1
kind: Namespace
metadata: {name: w, labels: {team: blue}}
---
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: w, labels: {pod: a}}
status: {phase: Running, podIP: 10.0.3.1}
---
apiVersion: v1
kind: Pod
metadata: {name: d, namespace: x, labels: {role: db}}
status: {phase: Running, podIP: 10.0.0.4}
---
apiVersion: v1
kind: Pod
metadata: {name: h, namespace: x, labels: {pod: a}}
spec: {hostNetwork: true}
status: {phase: Running, podIP: 192.168.0.10}
`;

const DENY_INGRESS_X = policy('x', 'deny-ingress', `podSelector: {}`);

const BASE: Scenario[] = [
  {
    name: 'no policies: everything is allowed',
    manifests: '',
    rows: [
      ...onAllProtocols('x/b', 'x/a', 80, 'allowed'),
      ...onAllProtocols('y/a', 'x/a', 81, 'allowed'),
      ['z/c', 'x/a', 12345, 'TCP', 'allowed'],
      ['x/a', '8.8.8.8', 443, 'TCP', 'allowed'],
      ['8.8.8.8', 'x/a', 80, 'TCP', 'allowed'],
    ],
  },
  {
    name: 'default-deny-ingress (policyTypes defaulted)',
    manifests: DENY_INGRESS_X,
    rows: [
      ...onAllProtocols('x/b', 'x/a', 80, 'denied'),
      ...onAllProtocols('y/a', 'x/a', 80, 'denied'),
      ['8.8.8.8', 'x/a', 80, 'TCP', 'denied'],
      // egress of x is not isolated, and y is not affected
      ...onAllProtocols('x/a', 'y/a', 80, 'allowed'),
      ['y/a', 'y/b', 80, 'TCP', 'allowed'],
      ['x/a', '8.8.8.8', 443, 'TCP', 'allowed'],
      // a pod to itself is always allowed
      ['x/a', 'x/a', 80, 'TCP', 'allowed'],
    ],
  },
  {
    name: 'default-deny-ingress (policyTypes: [Ingress])',
    manifests: policy('x', 'deny-ingress', `podSelector: {}\npolicyTypes: [Ingress]`),
    rows: [
      ['x/b', 'x/a', 80, 'TCP', 'denied'],
      ['y/a', 'x/c', 81, 'UDP', 'denied'],
      ['x/a', 'y/a', 80, 'TCP', 'allowed'],
    ],
  },
  {
    name: 'default-deny-all (Ingress and Egress, no rules)',
    manifests: policy('x', 'deny-all', `podSelector: {}\npolicyTypes: [Ingress, Egress]`),
    rows: [
      ...onAllProtocols('x/a', 'x/b', 80, 'denied'),
      ...onAllProtocols('x/a', 'y/a', 80, 'denied'),
      ...onAllProtocols('y/a', 'x/a', 80, 'denied'),
      ['x/a', '8.8.8.8', 53, 'UDP', 'denied'],
      ['8.8.8.8', 'x/a', 80, 'TCP', 'denied'],
      ['y/a', 'y/b', 80, 'TCP', 'allowed'],
      ['x/a', 'x/a', 80, 'TCP', 'allowed'],
    ],
  },
  {
    name: 'default-deny-egress',
    manifests: policy('x', 'deny-egress', `podSelector: {}\npolicyTypes: [Egress]`),
    rows: [
      ['x/a', 'x/b', 80, 'TCP', 'denied'],
      ['x/a', 'y/a', 81, 'UDP', 'denied'],
      ['x/a', '1.1.1.1', 443, 'TCP', 'denied'],
      // ingress is not isolated: y/a may open connections to x/a (the reply is implicit)
      ['y/a', 'x/a', 80, 'TCP', 'allowed'],
      ['x/b', 'x/a', 80, 'TCP', 'denied'],
    ],
  },
  {
    name: 'allow-all ingress (`ingress: [{}]`) beside a deny-all',
    manifests:
      DENY_INGRESS_X +
      policy(
        'x',
        'allow-all',
        `
        podSelector: {}
        ingress:
        - {}`,
      ),
    rows: [
      ...onAllProtocols('y/a', 'x/a', 80, 'allowed'),
      ['z/b', 'x/c', 65535, 'TCP', 'allowed'],
      ['8.8.8.8', 'x/a', 1, 'UDP', 'allowed'],
    ],
  },
  {
    name: 'allow-all egress (`egress: [{}]`) beside a deny-all',
    manifests:
      policy('x', 'deny-all', `podSelector: {}\npolicyTypes: [Ingress, Egress]`) +
      policy(
        'x',
        'allow-egress',
        `
        podSelector: {}
        policyTypes: [Egress]
        egress:
        - {}`,
      ),
    rows: [
      ...onAllProtocols('x/a', 'y/a', 81, 'allowed'),
      ['x/a', '8.8.8.8', 443, 'TCP', 'allowed'],
      // x/b's ingress is still isolated by deny-all
      ['x/a', 'x/b', 80, 'TCP', 'denied'],
    ],
  },
  {
    name: 'podSelector peer selects pods of the policy namespace only',
    manifests: policy(
      'x',
      'x-a-allows-x-b',
      `
      podSelector: {matchLabels: {pod: a}}
      ingress:
      - from:
        - podSelector: {matchLabels: {pod: b}}`,
    ),
    rows: [
      ...onAllProtocols('x/b', 'x/a', 80, 'allowed'),
      ['x/c', 'x/a', 80, 'TCP', 'denied'],
      ['y/b', 'x/a', 80, 'TCP', 'denied'],
      ['w/a', 'x/a', 80, 'TCP', 'denied'],
      ['x/a', 'x/b', 80, 'TCP', 'allowed'],
      ['x/c', 'x/b', 80, 'TCP', 'allowed'],
    ],
  },
  {
    name: 'namespaceSelector peer selects every pod of matching namespaces',
    manifests: policy(
      'x',
      'allow-from-y',
      `
      podSelector: {matchLabels: {pod: a}}
      ingress:
      - from:
        - namespaceSelector: {matchLabels: {ns: 'y'}}`,
    ),
    rows: [
      ['y/a', 'x/a', 80, 'TCP', 'allowed'],
      ['y/c', 'x/a', 81, 'SCTP', 'allowed'],
      ['x/b', 'x/a', 80, 'TCP', 'denied'],
      ['z/a', 'x/a', 80, 'TCP', 'denied'],
    ],
  },
  {
    name: 'namespaceSelector on kubernetes.io/metadata.name (set by the API server)',
    manifests: policy(
      'x',
      'allow-from-z',
      `
      podSelector: {}
      ingress:
      - from:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: z}}`,
    ),
    rows: [
      ['z/a', 'x/b', 80, 'TCP', 'allowed'],
      ['y/a', 'x/b', 80, 'TCP', 'denied'],
      ['x/a', 'x/b', 80, 'TCP', 'denied'],
    ],
  },
  {
    name: 'empty namespaceSelector with empty podSelector: every pod in every namespace',
    manifests:
      DENY_INGRESS_X +
      policy(
        'x',
        'allow-all-to-a',
        `
        podSelector: {matchLabels: {pod: a}}
        ingress:
        - from:
          - podSelector: {}
            namespaceSelector: {}`,
      ),
    rows: [
      ['y/a', 'x/a', 80, 'TCP', 'allowed'],
      ['x/b', 'x/a', 80, 'TCP', 'allowed'],
      ['w/a', 'x/a', 80, 'TCP', 'allowed'],
      // pods only: cluster-external addresses are not selected
      ['8.8.8.8', 'x/a', 80, 'TCP', 'denied'],
      ['y/a', 'x/b', 80, 'TCP', 'denied'],
    ],
  },
  {
    name: 'podSelector AND namespaceSelector in one peer',
    manifests: policy(
      'x',
      'and',
      `
      podSelector: {matchLabels: {pod: a}}
      ingress:
      - from:
        - namespaceSelector:
            matchExpressions: [{key: ns, operator: NotIn, values: [x]}]
          podSelector: {matchLabels: {pod: b}}`,
    ),
    rows: [
      ['y/b', 'x/a', 80, 'TCP', 'allowed'],
      ['z/b', 'x/a', 80, 'TCP', 'allowed'],
      ['x/b', 'x/a', 80, 'TCP', 'denied'],
      ['y/a', 'x/a', 80, 'TCP', 'denied'],
    ],
  },
  {
    name: 'podSelector OR namespaceSelector as separate peers',
    manifests: policy(
      'x',
      'or',
      `
      podSelector: {matchLabels: {pod: a}}
      ingress:
      - from:
        - namespaceSelector:
            matchExpressions: [{key: ns, operator: NotIn, values: [x]}]
        - podSelector: {matchLabels: {pod: b}}`,
    ),
    rows: [
      ['y/a', 'x/a', 80, 'TCP', 'allowed'],
      ['z/c', 'x/a', 80, 'TCP', 'allowed'],
      ['x/b', 'x/a', 80, 'TCP', 'allowed'],
      ['x/c', 'x/a', 80, 'TCP', 'denied'],
      // namespace w has no `ns` label: NotIn holds when the key is absent
      ['w/a', 'x/a', 80, 'TCP', 'allowed'],
    ],
  },
  {
    name: 'pod matchExpressions In',
    manifests: policy(
      'x',
      'in',
      `
      podSelector: {matchLabels: {pod: a}}
      ingress:
      - from:
        - podSelector: {matchExpressions: [{key: pod, operator: In, values: [b, c]}]}`,
    ),
    rows: [
      ['x/b', 'x/a', 80, 'TCP', 'allowed'],
      ['x/c', 'x/a', 80, 'TCP', 'allowed'],
      ['x/d', 'x/a', 80, 'TCP', 'denied'],
      ['y/b', 'x/a', 80, 'TCP', 'denied'],
    ],
  },
  {
    name: 'pod matchExpressions NotIn (matches pods without the key)',
    manifests: policy(
      'x',
      'notin',
      `
      podSelector: {matchLabels: {pod: a}}
      ingress:
      - from:
        - podSelector: {matchExpressions: [{key: pod, operator: NotIn, values: [b]}]}`,
    ),
    rows: [
      ['x/b', 'x/a', 80, 'TCP', 'denied'],
      ['x/c', 'x/a', 80, 'TCP', 'allowed'],
      ['x/d', 'x/a', 80, 'TCP', 'allowed'],
    ],
  },
  {
    name: 'pod matchExpressions Exists',
    manifests: policy(
      'x',
      'exists',
      `
      podSelector: {matchLabels: {pod: a}}
      ingress:
      - from:
        - podSelector: {matchExpressions: [{key: role, operator: Exists}]}`,
    ),
    rows: [
      ['x/d', 'x/a', 80, 'TCP', 'allowed'],
      ['x/b', 'x/a', 80, 'TCP', 'denied'],
    ],
  },
  {
    name: 'pod matchExpressions DoesNotExist, policy podSelector by expression',
    manifests: policy(
      'x',
      'does-not-exist',
      `
      podSelector: {matchExpressions: [{key: role, operator: DoesNotExist}]}
      ingress:
      - from:
        - podSelector: {matchExpressions: [{key: pod, operator: DoesNotExist}]}`,
    ),
    rows: [
      // x/d has no `pod` label: the only source allowed into the selected pods
      ['x/d', 'x/a', 80, 'TCP', 'allowed'],
      ['x/b', 'x/a', 80, 'TCP', 'denied'],
      // x/d itself has `role`: not selected, not isolated
      ['x/b', 'x/d', 80, 'TCP', 'allowed'],
    ],
  },
  {
    name: 'namespace matchExpressions In, NotIn, Exists and DoesNotExist',
    manifests:
      policy(
        'x',
        'ns-in',
        `
        podSelector: {matchLabels: {pod: a}}
        ingress:
        - from:
          - namespaceSelector: {matchExpressions: [{key: ns, operator: In, values: ['y']}]}`,
      ) +
      policy(
        'x',
        'ns-notin',
        `
        podSelector: {matchLabels: {pod: b}}
        ingress:
        - from:
          - namespaceSelector: {matchExpressions: [{key: ns, operator: NotIn, values: ['y', x]}]}`,
      ) +
      policy(
        'x',
        'ns-exists',
        `
        podSelector: {matchLabels: {pod: c}}
        ingress:
        - from:
          - namespaceSelector: {matchExpressions: [{key: team, operator: Exists}]}`,
      ) +
      policy(
        'x',
        'ns-does-not-exist',
        `
        podSelector: {matchLabels: {role: db}}
        ingress:
        - from:
          - namespaceSelector: {matchExpressions: [{key: team, operator: DoesNotExist}]}`,
      ),
    rows: [
      ['y/a', 'x/a', 80, 'TCP', 'allowed'],
      ['z/a', 'x/a', 80, 'TCP', 'denied'],
      ['w/a', 'x/a', 80, 'TCP', 'denied'],
      ['z/a', 'x/b', 80, 'TCP', 'allowed'],
      ['w/a', 'x/b', 80, 'TCP', 'allowed'],
      ['y/a', 'x/b', 80, 'TCP', 'denied'],
      ['x/a', 'x/b', 80, 'TCP', 'denied'],
      ['w/a', 'x/c', 80, 'TCP', 'allowed'],
      ['y/a', 'x/c', 80, 'TCP', 'denied'],
      ['y/a', 'x/d', 80, 'TCP', 'allowed'],
      ['x/a', 'x/d', 80, 'TCP', 'allowed'],
      ['w/a', 'x/d', 80, 'TCP', 'denied'],
    ],
  },
  {
    name: 'stacked policies are additive (union), order does not matter',
    manifests:
      policy(
        'x',
        'from-b-on-80',
        `
        podSelector: {matchLabels: {pod: a}}
        ingress:
        - from: [{podSelector: {matchLabels: {pod: b}}}]
          ports: [{port: 80}]`,
      ) +
      DENY_INGRESS_X +
      policy(
        'x',
        'from-c-on-81',
        `
        podSelector: {}
        ingress:
        - from: [{podSelector: {matchLabels: {pod: c}}}]
          ports: [{port: 81}]`,
      ),
    rows: [
      ['x/b', 'x/a', 80, 'TCP', 'allowed'],
      ['x/b', 'x/a', 81, 'TCP', 'denied'],
      ['x/c', 'x/a', 81, 'TCP', 'allowed'],
      ['x/c', 'x/a', 80, 'TCP', 'denied'],
      ['x/c', 'x/b', 81, 'TCP', 'allowed'],
      ['x/b', 'x/c', 80, 'TCP', 'denied'],
    ],
  },
  {
    name: 'rule without from matches every source, external included',
    manifests: policy(
      'x',
      'ports-only',
      `
      podSelector: {matchLabels: {pod: a}}
      ingress:
      - ports: [{port: 80}]`,
    ),
    rows: [
      ['y/b', 'x/a', 80, 'TCP', 'allowed'],
      ['8.8.8.8', 'x/a', 80, 'TCP', 'allowed'],
      ['y/b', 'x/a', 81, 'TCP', 'denied'],
      ['y/b', 'x/a', 80, 'UDP', 'denied'],
    ],
  },
  {
    name: 'rule with `from: []` and `ports: []` matches everything',
    manifests: policy(
      'x',
      'empty-lists',
      `
      podSelector: {matchLabels: {pod: a}}
      ingress:
      - from: []
        ports: []`,
    ),
    rows: [...onAllProtocols('y/b', 'x/a', 8080, 'allowed'), ['8.8.8.8', 'x/a', 22, 'TCP', 'allowed']],
  },
  {
    name: 'rule without ports matches every port of every protocol',
    manifests: policy(
      'x',
      'from-only',
      `
      podSelector: {matchLabels: {pod: a}}
      ingress:
      - from: [{podSelector: {matchLabels: {pod: b}}}]`,
    ),
    rows: [
      ...onAllProtocols('x/b', 'x/a', 1, 'allowed'),
      ...onAllProtocols('x/b', 'x/a', 65535, 'allowed'),
      ['x/c', 'x/a', 80, 'TCP', 'denied'],
    ],
  },
  {
    name: '`ingress: []` with policyTypes defaulted isolates and allows nothing',
    manifests: policy('x', 'deny', `podSelector: {matchLabels: {pod: a}}\ningress: []`),
    rows: [
      ['x/b', 'x/a', 80, 'TCP', 'denied'],
      ['x/a', 'x/b', 80, 'TCP', 'allowed'],
    ],
  },
  {
    name: '`egress: []` without policyTypes does not add Egress',
    manifests: policy('x', 'egress-empty', `podSelector: {}\negress: []`),
    rows: [
      ['x/a', 'y/a', 80, 'TCP', 'allowed'],
      ['x/a', '8.8.8.8', 53, 'UDP', 'allowed'],
      ['y/a', 'x/a', 80, 'TCP', 'denied'],
    ],
  },
  {
    name: '`policyTypes: []` is defaulted like an absent list',
    manifests: policy('x', 'empty-types', `podSelector: {}\npolicyTypes: []\negress: []`),
    rows: [
      ['y/a', 'x/a', 80, 'TCP', 'denied'],
      ['x/a', 'y/a', 80, 'TCP', 'allowed'],
    ],
  },
  {
    name: 'an egress rule without policyTypes adds Egress (and Ingress)',
    manifests: policy(
      'x',
      'egress-rule',
      `
      podSelector: {matchLabels: {pod: a}}
      egress:
      - to: [{podSelector: {matchLabels: {pod: b}}}]`,
    ),
    rows: [
      ['x/a', 'x/b', 80, 'TCP', 'allowed'],
      ['x/a', 'x/c', 80, 'TCP', 'denied'],
      ['x/a', 'y/b', 80, 'TCP', 'denied'],
      ['y/a', 'x/a', 80, 'TCP', 'denied'],
      ['x/b', 'x/a', 80, 'TCP', 'denied'],
    ],
  },
  {
    name: 'Egress-only policy leaves ingress open and ignores its ingress rules',
    manifests: policy(
      'x',
      'egress-only',
      `
      podSelector: {matchLabels: {pod: a}}
      policyTypes: [Egress]
      ingress:
      - from: [{podSelector: {matchLabels: {pod: b}}}]
      egress:
      - to: [{podSelector: {}}]`,
    ),
    rows: [
      ['y/a', 'x/a', 80, 'TCP', 'allowed'],
      ['x/c', 'x/a', 80, 'TCP', 'allowed'],
      ['x/a', 'x/c', 80, 'TCP', 'allowed'],
      ['x/a', 'y/a', 80, 'TCP', 'denied'],
    ],
  },
  {
    name: 'Ingress-only policyTypes ignores egress rules',
    manifests: policy(
      'x',
      'ingress-only',
      `
      podSelector: {matchLabels: {pod: a}}
      policyTypes: [Ingress]
      egress:
      - to: [{podSelector: {matchLabels: {pod: b}}}]`,
    ),
    rows: [
      ['x/a', 'y/a', 80, 'TCP', 'allowed'],
      ['x/b', 'x/a', 80, 'TCP', 'denied'],
    ],
  },
  {
    name: 'Ingress and Egress together (e2e: egress to port 80 only)',
    manifests: policy(
      'x',
      'both',
      `
      podSelector: {matchLabels: {pod: a}}
      policyTypes: [Egress, Ingress]
      ingress:
      - from: [{podSelector: {matchLabels: {pod: b}}}]
      egress:
      - ports: [{port: 80}]`,
    ),
    rows: [
      ['x/b', 'x/a', 80, 'TCP', 'allowed'],
      ['x/b', 'x/a', 81, 'TCP', 'allowed'],
      ['x/c', 'x/a', 80, 'TCP', 'denied'],
      ['x/a', 'y/a', 80, 'TCP', 'allowed'],
      ['x/a', 'y/a', 81, 'TCP', 'denied'],
      ['x/a', '8.8.8.8', 80, 'TCP', 'allowed'],
    ],
  },
  {
    name: 'egress denied on the client side even when the server allows it',
    manifests:
      policy(
        'x',
        'to-y-a',
        `
        podSelector: {matchLabels: {pod: a}}
        egress:
        - to:
          - namespaceSelector: {matchLabels: {ns: 'y'}}
            podSelector: {matchLabels: {pod: a}}`,
      ) +
      policy(
        'y',
        'from-x-a',
        `
        podSelector: {}
        ingress:
        - from:
          - namespaceSelector: {matchLabels: {ns: x}}
            podSelector: {matchLabels: {pod: a}}`,
      ),
    rows: [
      ['x/a', 'y/a', 80, 'TCP', 'allowed'],
      ['x/a', 'y/b', 80, 'TCP', 'denied'],
      ['x/b', 'y/a', 80, 'TCP', 'denied'],
      // only x/a's egress is isolated: the opposite direction needs y's egress and x/a's ingress
      ['y/a', 'x/a', 80, 'TCP', 'denied'],
      ['y/a', 'x/b', 80, 'TCP', 'allowed'],
    ],
  },
  {
    name: 'policies in other namespaces have no effect',
    manifests:
      policy('y', 'deny-all-y', `podSelector: {}\npolicyTypes: [Ingress, Egress]`) +
      policy('z', 'select-pod-a', `podSelector: {matchLabels: {pod: a}}`),
    rows: [
      ['x/b', 'x/a', 80, 'TCP', 'allowed'],
      ['x/a', 'x/b', 81, 'UDP', 'allowed'],
      ['x/a', 'y/a', 80, 'TCP', 'denied'],
      ['y/a', 'x/a', 80, 'TCP', 'denied'],
      ['x/a', 'z/a', 80, 'TCP', 'denied'],
      ['x/a', 'z/b', 80, 'TCP', 'allowed'],
    ],
  },
  {
    name: 'hostNetwork pods are neither selected nor isolated',
    manifests:
      policy('x', 'deny-all', `podSelector: {}\npolicyTypes: [Ingress, Egress]`) +
      policy(
        'x',
        'pod-a-talks',
        `
        podSelector: {matchLabels: {pod: b}}
        ingress:
        - from: [{podSelector: {matchLabels: {pod: a}}}]`,
      ),
    rows: [
      // x/h matches `podSelector: {}` by labels but is not isolated
      ['x/h', 'y/a', 80, 'TCP', 'allowed'],
      ['y/a', 'x/h', 80, 'TCP', 'allowed'],
      ['8.8.8.8', 'x/h', 22, 'TCP', 'allowed'],
      // x/h carries pod=a but a podSelector does not select it as a peer
      ['x/h', 'x/b', 80, 'TCP', 'denied'],
      ['x/h', 'x/a', 80, 'TCP', 'denied'],
      // x/a is egress-isolated by deny-all
      ['x/a', 'x/h', 80, 'TCP', 'denied'],
    ],
  },
  {
    name: 'a pod to itself is always allowed',
    manifests: policy('x', 'deny-all', `podSelector: {}\npolicyTypes: [Ingress, Egress]`),
    rows: [...onAllProtocols('x/a', 'x/a', 80, 'allowed'), ['x/b', 'x/b', 9999, 'TCP', 'allowed']],
  },
];

const scenarios = BASE.map((s) => ({ ...s, manifests: EXTRA + s.manifests }));

describeScenarios('NetworkPolicy semantics', scenarios);
