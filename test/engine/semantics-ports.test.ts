/**
 * Ports in NetworkPolicy rules (NetworkPolicyPort, networking.k8s.io/v1): protocol defaults to
 * TCP; `port` absent matches every port of the protocol; a named port matches a destination
 * pod's container port of that name AND protocol, resolved per pod; `endPort` makes a range.
 */
import { describeScenarios, onAllProtocols, policy, type Scenario } from '../support/scenarios.js';

/** Namespace shop: two web pods naming different numbers `http`, and a client. */
const NAMED = `
---
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Pod
metadata: {name: web1, namespace: shop, labels: {app: web}}
spec:
  containers:
  - name: c
    ports:
    - {containerPort: 8080, name: http}
    - {containerPort: 53, name: dns, protocol: UDP}
status: {phase: Running, podIP: 10.9.0.1}
---
apiVersion: v1
kind: Pod
metadata: {name: web2, namespace: shop, labels: {app: web}}
spec:
  containers:
  - name: c
    ports: [{containerPort: 9090, name: http}]
  - name: d
    ports: [{containerPort: 5353, name: dns, protocol: UDP}, {containerPort: 5353, name: dns-tcp}]
status: {phase: Running, podIP: 10.9.0.2}
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: shop, labels: {app: client}}
status: {phase: Running, podIP: 10.9.0.3}
`;

const scenarios: Scenario[] = [
  {
    name: 'numeric port, protocol defaulted to TCP',
    manifests: policy('x', 'p80', `podSelector: {}\ningress:\n- ports: [{port: 80}]`),
    rows: [
      ['y/a', 'x/a', 80, 'TCP', 'allowed'],
      ['y/a', 'x/a', 81, 'TCP', 'denied'],
      ['y/a', 'x/a', 80, 'UDP', 'denied'],
      ['y/a', 'x/a', 80, 'SCTP', 'denied'],
    ],
  },
  {
    name: 'UDP only: TCP on the same port is denied (e2e)',
    manifests: policy(
      'x',
      'udp81',
      `podSelector: {matchLabels: {pod: a}}\ningress:\n- ports: [{port: 81, protocol: UDP}]`,
    ),
    rows: [
      ['x/b', 'x/a', 81, 'UDP', 'allowed'],
      ['x/b', 'x/a', 81, 'TCP', 'denied'],
      ['x/b', 'x/a', 81, 'SCTP', 'denied'],
    ],
  },
  {
    name: 'SCTP is not mistaken for TCP (e2e)',
    manifests: policy('x', 'sctp', `podSelector: {}\ningress:\n- ports: [{port: 80, protocol: SCTP}]`),
    rows: [
      ['y/a', 'x/a', 80, 'SCTP', 'allowed'],
      ['y/a', 'x/a', 80, 'TCP', 'denied'],
      ['y/a', 'x/a', 80, 'UDP', 'denied'],
    ],
  },
  {
    name: 'protocol without port: every port of that protocol (e2e: any port on a protocol)',
    manifests: policy('x', 'tcp-any', `podSelector: {}\ningress:\n- ports: [{protocol: TCP}]`),
    rows: [
      ['y/a', 'x/a', 1, 'TCP', 'allowed'],
      ['y/a', 'x/a', 81, 'TCP', 'allowed'],
      ['y/a', 'x/a', 65535, 'TCP', 'allowed'],
      ['y/a', 'x/a', 80, 'UDP', 'denied'],
    ],
  },
  {
    name: '`ports: [{}]`: every TCP port (the protocol default applies)',
    manifests: policy('x', 'empty-port', `podSelector: {}\ningress:\n- ports: [{}]`),
    rows: [
      ['y/a', 'x/a', 4242, 'TCP', 'allowed'],
      ['y/a', 'x/a', 81, 'UDP', 'denied'],
      ['y/a', 'x/a', 81, 'SCTP', 'denied'],
    ],
  },
  {
    name: 'several protocols in one rule',
    manifests: policy(
      'x',
      'multi',
      `
      podSelector: {}
      ingress:
      - ports:
        - {port: 81, protocol: UDP}
        - {protocol: SCTP}
        - {port: 80}`,
    ),
    rows: [
      ['y/a', 'x/a', 81, 'UDP', 'allowed'],
      ['y/a', 'x/a', 80, 'UDP', 'denied'],
      ['y/a', 'x/a', 80, 'SCTP', 'allowed'],
      ['y/a', 'x/a', 9999, 'SCTP', 'allowed'],
      ['y/a', 'x/a', 80, 'TCP', 'allowed'],
      ['y/a', 'x/a', 81, 'TCP', 'denied'],
    ],
  },
  {
    name: 'endPort range (inclusive at both ends)',
    manifests: policy(
      'x',
      'range',
      `
      podSelector: {}
      ingress:
      - ports: [{port: 80, endPort: 81}, {port: 3000, endPort: 3005, protocol: UDP}]`,
    ),
    rows: [
      ['y/a', 'x/a', 79, 'TCP', 'denied'],
      ['y/a', 'x/a', 80, 'TCP', 'allowed'],
      ['y/a', 'x/a', 81, 'TCP', 'allowed'],
      ['y/a', 'x/a', 82, 'TCP', 'denied'],
      ['y/a', 'x/a', 3000, 'UDP', 'allowed'],
      ['y/a', 'x/a', 3005, 'UDP', 'allowed'],
      ['y/a', 'x/a', 3006, 'UDP', 'denied'],
      ['y/a', 'x/a', 3003, 'TCP', 'denied'],
    ],
  },
  {
    name: 'endPort on egress, the whole port space',
    manifests: policy(
      'x',
      'egress-range',
      `
      podSelector: {matchLabels: {pod: a}}
      policyTypes: [Egress]
      egress:
      - ports: [{port: 1, endPort: 65535, protocol: UDP}]`,
    ),
    rows: [
      ['x/a', 'y/a', 1, 'UDP', 'allowed'],
      ['x/a', '8.8.8.8', 65535, 'UDP', 'allowed'],
      ['x/a', 'y/a', 80, 'TCP', 'denied'],
    ],
  },
  {
    name: 'named port on ingress (e2e: one named port)',
    manifests: policy('x', 'named', `podSelector: {}\ningress:\n- ports: [{port: serve-80-tcp}]`),
    rows: [
      ['y/a', 'x/a', 80, 'TCP', 'allowed'],
      ['y/a', 'x/a', 'serve-80-tcp', 'TCP', 'allowed'],
      ['y/a', 'x/a', 81, 'TCP', 'denied'],
      ['y/a', 'x/a', 80, 'UDP', 'denied'],
    ],
  },
  {
    name: 'named port with its protocol',
    manifests: policy(
      'x',
      'named-udp',
      `podSelector: {}\ningress:\n- ports: [{port: serve-81-udp, protocol: UDP}]`,
    ),
    rows: [
      ['y/a', 'x/a', 81, 'UDP', 'allowed'],
      ['y/a', 'x/a', 81, 'TCP', 'denied'],
      ['y/a', 'x/a', 80, 'UDP', 'denied'],
    ],
  },
  {
    name: 'named port with the wrong protocol matches nothing',
    // serve-81-udp is a UDP port; the rule's protocol defaults to TCP
    manifests: policy('x', 'named-mismatch', `podSelector: {}\ningress:\n- ports: [{port: serve-81-udp}]`),
    rows: [
      ['y/a', 'x/a', 81, 'UDP', 'denied'],
      ['y/a', 'x/a', 81, 'TCP', 'denied'],
    ],
  },
  {
    name: 'unknown port name matches nothing (the pod stays isolated)',
    manifests: policy('x', 'named-unknown', `podSelector: {}\ningress:\n- ports: [{port: nope}]`),
    rows: [
      ['y/a', 'x/a', 80, 'TCP', 'denied'],
      ['y/a', 'x/a', 'nope', 'TCP', 'no-such-named-port'],
    ],
  },
  {
    name: 'named port resolves per destination pod (different numbers on different pods)',
    manifests:
      NAMED +
      policy(
        'shop',
        'http-only',
        `podSelector: {matchLabels: {app: web}}\ningress:\n- ports: [{port: http}]`,
      ),
    rows: [
      ['shop/client', 'shop/web1', 8080, 'TCP', 'allowed'],
      ['shop/client', 'shop/web1', 9090, 'TCP', 'denied'],
      ['shop/client', 'shop/web2', 9090, 'TCP', 'allowed'],
      ['shop/client', 'shop/web2', 8080, 'TCP', 'denied'],
      ['shop/web1', 'shop/web2', 'http', 'TCP', 'allowed'],
      ['shop/web2', 'shop/web1', 'http', 'TCP', 'allowed'],
      ['shop/client', 'shop/web1', 'dns', 'UDP', 'denied'],
    ],
  },
  {
    name: 'named port with the same name on two protocols',
    manifests:
      NAMED +
      policy(
        'shop',
        'dns-udp',
        `podSelector: {matchLabels: {app: web}}\ningress:\n- ports: [{port: dns, protocol: UDP}]`,
      ),
    rows: [
      ['shop/client', 'shop/web1', 53, 'UDP', 'allowed'],
      ['shop/client', 'shop/web2', 5353, 'UDP', 'allowed'],
      // web2 also listens on 5353/TCP, but under the name dns-tcp
      ['shop/client', 'shop/web2', 5353, 'TCP', 'denied'],
      ['shop/client', 'shop/web1', 53, 'TCP', 'denied'],
    ],
  },
  {
    name: 'named port on egress resolves against the destination pod',
    manifests:
      NAMED +
      policy(
        'shop',
        'client-egress',
        `
        podSelector: {matchLabels: {app: client}}
        policyTypes: [Egress]
        egress:
        - ports: [{port: http}]`,
      ),
    rows: [
      ['shop/client', 'shop/web1', 8080, 'TCP', 'allowed'],
      ['shop/client', 'shop/web2', 9090, 'TCP', 'allowed'],
      ['shop/client', 'shop/web2', 8080, 'TCP', 'denied'],
      // an external address has no named ports
      ['shop/client', '8.8.8.8', 8080, 'TCP', 'denied'],
      // e2e pods name their ports serve-*: http resolves to nothing there
      ['shop/client', 'x/a', 80, 'TCP', 'denied'],
    ],
  },
  {
    name: 'numeric and named ports in one rule are a union',
    manifests: policy(
      'x',
      'mixed',
      `podSelector: {}\ningress:\n- ports: [{port: serve-81-tcp}, {port: 8443}]`,
    ),
    rows: [
      ['y/a', 'x/a', 81, 'TCP', 'allowed'],
      ['y/a', 'x/a', 8443, 'TCP', 'allowed'],
      ['y/a', 'x/a', 80, 'TCP', 'denied'],
    ],
  },
  {
    name: 'ports and peers in one rule are both required',
    manifests: policy(
      'x',
      'both',
      `
      podSelector: {matchLabels: {pod: a}}
      ingress:
      - from: [{podSelector: {matchLabels: {pod: b}}}]
        ports: [{port: 80}]
      - from: [{podSelector: {matchLabels: {pod: c}}}]
        ports: [{port: 81}]`,
    ),
    rows: [
      ['x/b', 'x/a', 80, 'TCP', 'allowed'],
      ['x/b', 'x/a', 81, 'TCP', 'denied'],
      ['x/c', 'x/a', 81, 'TCP', 'allowed'],
      ['x/c', 'x/a', 80, 'TCP', 'denied'],
    ],
  },
  {
    name: 'no policy: named ports still resolve for check',
    manifests: NAMED,
    rows: [
      ...onAllProtocols('shop/client', 'shop/web1', 1234, 'allowed'),
      ['shop/client', 'shop/web2', 'dns', 'UDP', 'allowed'],
      ['shop/client', 'shop/web2', 'dns', 'TCP', 'no-such-named-port'],
    ],
  },
];

describeScenarios('NetworkPolicy ports', scenarios);
