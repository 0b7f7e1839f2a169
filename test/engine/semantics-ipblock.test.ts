/**
 * ipBlock peers (IPBlock, networking.k8s.io/v1): `cidr` minus every `except`, IPv4 and IPv6.
 * Whether ipBlock matches pod IPs is implementation-defined; the `upstream` profile matches them
 * (the e2e suite's CIDR tests expect that), the `cilium` profile matches cluster-external
 * addresses only. e2e pod IPs: namespace x/y/z → 10.0.0/1/2.0/24 and fd00::0/1/2:0/112,
 * pod a/b/c → .1/.2/.3 (see support/cluster.ts).
 */
import { describeScenarios, policy, type Scenario } from '../support/scenarios.js';

const FROM_Y_EXCEPT_B = policy(
  'x',
  'from-10-0-1',
  `
  podSelector: {matchLabels: {pod: a}}
  ingress:
  - from:
    - ipBlock: {cidr: 10.0.1.0/24, except: [10.0.1.2/32]}`,
);

const EGRESS_TO_Y = policy(
  'x',
  'to-10-0-1',
  `
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Egress]
  egress:
  - to: [{ipBlock: {cidr: 10.0.1.0/24}}]`,
);

/** A host-network pod on node IP 192.168.0.10, and a Deployment template without IPs in y. */
const EXTRA = `
---
apiVersion: v1
kind: Pod
metadata: {name: h, namespace: x, labels: {pod: h}}
spec: {hostNetwork: true}
status: {phase: Running, podIP: 192.168.0.10}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: tmpl, namespace: 'y'}
spec:
  template:
    metadata: {labels: {pod: t}}
`;

const BASE: Scenario[] = [
  {
    name: 'ingress from an IPv4 block with except (upstream: pod IPs match)',
    manifests: FROM_Y_EXCEPT_B,
    rows: [
      ['y/a', 'x/a', 80, 'TCP', 'allowed'],
      ['y/c', 'x/a', 81, 'UDP', 'allowed'],
      ['y/b', 'x/a', 80, 'TCP', 'denied'],
      ['z/a', 'x/a', 80, 'TCP', 'denied'],
      ['x/b', 'x/a', 80, 'TCP', 'denied'],
      ['10.0.1.200', 'x/a', 80, 'TCP', 'allowed'],
      ['10.0.2.200', 'x/a', 80, 'TCP', 'denied'],
      // a template has no IPs: no ipBlock selects it
      ['y/tmpl', 'x/a', 80, 'TCP', 'denied'],
    ],
  },
  {
    name: 'ingress from an IPv4 block with except (cilium: external addresses only)',
    manifests: FROM_Y_EXCEPT_B,
    cni: 'cilium',
    rows: [
      ['y/a', 'x/a', 80, 'TCP', 'denied'],
      ['y/c', 'x/a', 80, 'TCP', 'denied'],
      ['10.0.1.200', 'x/a', 80, 'TCP', 'allowed'],
      ['10.0.2.200', 'x/a', 80, 'TCP', 'denied'],
    ],
  },
  {
    name: 'ingress from an IPv6 block with except',
    manifests: policy(
      'x',
      'from-fd00-1',
      `
      podSelector: {matchLabels: {pod: a}}
      ingress:
      - from:
        - ipBlock: {cidr: 'fd00::1:0/112', except: ['fd00::1:2/128']}`,
    ),
    rows: [
      ['y/a', 'x/a', 80, 'TCP', 'allowed'],
      ['y/b', 'x/a', 80, 'TCP', 'denied'],
      ['z/a', 'x/a', 80, 'TCP', 'denied'],
      ['fd00::1:ff', 'x/a', 80, 'TCP', 'allowed'],
      ['fd00::2:ff', 'x/a', 80, 'TCP', 'denied'],
      // an IPv4 address is never inside an IPv6 block
      ['10.0.1.200', 'x/a', 80, 'TCP', 'denied'],
    ],
  },
  {
    name: 'IPv6 block under cilium: only external addresses',
    manifests: policy(
      'x',
      'from-fd00-1',
      `
      podSelector: {matchLabels: {pod: a}}
      ingress:
      - from: [{ipBlock: {cidr: 'fd00::1:0/112'}}]`,
    ),
    cni: 'cilium',
    rows: [
      ['y/a', 'x/a', 80, 'TCP', 'denied'],
      ['fd00::1:ff', 'x/a', 80, 'TCP', 'allowed'],
    ],
  },
  {
    name: 'egress to the internet except the cluster range, one port',
    manifests: policy(
      'x',
      'internet-443',
      `
      podSelector: {matchLabels: {pod: a}}
      policyTypes: [Egress]
      egress:
      - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]
        ports: [{port: 443}]`,
    ),
    rows: [
      ['x/a', '8.8.8.8', 443, 'TCP', 'allowed'],
      ['x/a', '8.8.8.8', 80, 'TCP', 'denied'],
      ['x/a', '8.8.8.8', 443, 'UDP', 'denied'],
      ['x/a', '10.1.2.3', 443, 'TCP', 'denied'],
      ['x/a', 'y/a', 443, 'TCP', 'denied'],
      // 0.0.0.0/0 is IPv4 only
      ['x/a', '2001:db8::1', 443, 'TCP', 'denied'],
      ['x/b', '10.1.2.3', 443, 'TCP', 'allowed'],
    ],
  },
  {
    name: 'egress to ::/0 covers every IPv6 address and no IPv4 one',
    manifests: policy(
      'x',
      'v6-anywhere',
      `
      podSelector: {matchLabels: {pod: a}}
      policyTypes: [Egress]
      egress:
      - to: [{ipBlock: {cidr: '::/0'}}]`,
    ),
    rows: [
      ['x/a', '2001:db8::1', 443, 'TCP', 'allowed'],
      ['x/a', '8.8.8.8', 443, 'TCP', 'denied'],
      // upstream: dual-stack pods are matched through their IPv6 address
      ['x/a', 'y/b', 80, 'TCP', 'allowed'],
    ],
  },
  {
    name: 'egress to a pod CIDR (upstream: pods match)',
    manifests: EGRESS_TO_Y,
    rows: [
      ['x/a', 'y/b', 80, 'TCP', 'allowed'],
      ['x/a', '10.0.1.99', 80, 'TCP', 'allowed'],
      ['x/a', 'z/b', 80, 'TCP', 'denied'],
      ['x/a', 'x/b', 80, 'TCP', 'denied'],
    ],
  },
  {
    name: 'egress to a pod CIDR (cilium: pods do not match)',
    manifests: EGRESS_TO_Y,
    cni: 'cilium',
    rows: [
      ['x/a', 'y/b', 80, 'TCP', 'denied'],
      ['x/a', '10.0.1.99', 80, 'TCP', 'allowed'],
    ],
  },
  {
    name: 'except clause on egress to a server in the CIDR (e2e)',
    manifests: policy(
      'x',
      'except-y-a',
      `
      podSelector: {matchLabels: {pod: a}}
      policyTypes: [Egress]
      egress:
      - to: [{ipBlock: {cidr: 10.0.0.0/16, except: [10.0.1.1/32]}}]`,
    ),
    rows: [
      ['x/a', 'y/a', 80, 'TCP', 'denied'],
      ['x/a', 'y/b', 80, 'TCP', 'allowed'],
      ['x/a', '10.0.200.1', 80, 'TCP', 'allowed'],
      ['x/a', '10.1.0.1', 80, 'TCP', 'denied'],
    ],
  },
  {
    name: 'an address in one block’s except and another block is allowed (e2e)',
    manifests: policy(
      'x',
      'overlap',
      `
      podSelector: {matchLabels: {pod: a}}
      policyTypes: [Egress]
      egress:
      - to: [{ipBlock: {cidr: 10.0.1.0/24, except: [10.0.1.1/32]}}]
      - to: [{ipBlock: {cidr: 10.0.1.1/32}}]`,
    ),
    rows: [
      ['x/a', 'y/a', 80, 'TCP', 'allowed'],
      ['x/a', 'y/b', 80, 'TCP', 'allowed'],
    ],
  },
  {
    name: 'a non-canonical CIDR means its network',
    manifests: policy(
      'x',
      'sloppy',
      `
      podSelector: {matchLabels: {pod: a}}
      ingress:
      - from: [{ipBlock: {cidr: 10.0.1.77/24}}]`,
    ),
    rows: [
      ['y/a', 'x/a', 80, 'TCP', 'allowed'],
      ['10.0.1.250', 'x/a', 80, 'TCP', 'allowed'],
      ['10.0.2.1', 'x/a', 80, 'TCP', 'denied'],
    ],
  },
  {
    name: 'hostNetwork pods are matched by ipBlock on their node IP (upstream)',
    manifests: policy(
      'x',
      'from-nodes',
      `
      podSelector: {matchLabels: {pod: b}}
      ingress:
      - from: [{ipBlock: {cidr: 192.168.0.0/24}}]`,
    ),
    rows: [
      ['x/h', 'x/b', 80, 'TCP', 'allowed'],
      ['x/a', 'x/b', 80, 'TCP', 'denied'],
      ['192.168.0.77', 'x/b', 80, 'TCP', 'allowed'],
    ],
  },
  {
    name: 'hostNetwork pods are not matched by ipBlock under cilium',
    manifests: policy(
      'x',
      'from-nodes',
      `
      podSelector: {matchLabels: {pod: b}}
      ingress:
      - from: [{ipBlock: {cidr: 192.168.0.0/24}}]`,
    ),
    cni: 'cilium',
    rows: [
      ['x/h', 'x/b', 80, 'TCP', 'denied'],
      ['192.168.0.77', 'x/b', 80, 'TCP', 'allowed'],
    ],
  },
  {
    name: 'ipBlock and pod peers in one rule are a union',
    manifests: policy(
      'x',
      'mixed-peers',
      `
      podSelector: {matchLabels: {pod: a}}
      ingress:
      - from:
        - podSelector: {matchLabels: {pod: c}}
        - ipBlock: {cidr: 172.16.0.0/12}
        ports: [{port: 80}]`,
    ),
    cni: 'cilium',
    rows: [
      ['x/c', 'x/a', 80, 'TCP', 'allowed'],
      ['172.20.1.1', 'x/a', 80, 'TCP', 'allowed'],
      ['172.32.0.1', 'x/a', 80, 'TCP', 'denied'],
      ['172.20.1.1', 'x/a', 81, 'TCP', 'denied'],
    ],
  },
];

const scenarios = BASE.map((s) => ({ ...s, manifests: EXTRA + s.manifests }));

describeScenarios('NetworkPolicy ipBlock', scenarios);
