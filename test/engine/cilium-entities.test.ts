/**
 * Cilium's entities, nodes and CIDR rules, and NetworkPolicy as Cilium enforces it. Sources:
 * language.rst ("Entities based", "IP/CIDR based": CIDR selectors do not match in-cluster
 * entities, pods or nodes, by default), the allow-localhost default (traffic from a pod's own
 * node is always admitted), pkg/policy/api/entity.go, and pkg/k8s network_policy.go
 * `ParseNetworkPolicy` (every ingress and egress rule is translated whatever policyTypes says;
 * policyTypes only adds an empty section for a direction without rules).
 *
 * Pods w/p1 and w/p2 run on nodes n1 (192.168.0.1) and n2 (192.168.0.2); w/h is a hostNetwork
 * pod on n2 labelled pod=a; the API server answers at 172.20.0.1; 203.0.113.5 is outside.
 */
import {
  API_SERVER_IP,
  CILIUM_EVALUATED,
  CILIUM_EXTRA,
  ccnp,
  cnp,
  NODE_IPS,
  spec,
  WORLD_IP,
} from '../support/cilium.js';
import { describeScenarios, policy, type Scenario } from '../support/scenarios.js';

const { n1, n2 } = NODE_IPS;

const ENTITIES: Scenario[] = [
  {
    name: 'fromEntities world: addresses outside the cluster, not pods or nodes',
    cni: 'cilium',
    manifests:
      CILIUM_EXTRA +
      cnp('x', 'from-world', spec('{matchLabels: {pod: a}}', 'ingress: [{fromEntities: [world]}]')),
    rows: [
      [WORLD_IP, 'x/a', 80, 'TCP', 'allowed'],
      ['x/b', 'x/a', 80, 'TCP', 'denied'],
      [n2, 'x/a', 80, 'TCP', 'denied'],
    ],
  },
  {
    name: 'fromEntities cluster: every pod and node, not the world',
    cni: 'cilium',
    manifests:
      CILIUM_EXTRA +
      cnp('x', 'from-cluster', spec('{matchLabels: {pod: a}}', 'ingress: [{fromEntities: [cluster]}]')),
    rows: [
      ['y/b', 'x/a', 80, 'TCP', 'allowed'],
      ['w/h', 'x/a', 80, 'TCP', 'allowed'],
      [n2, 'x/a', 80, 'TCP', 'allowed'],
      [WORLD_IP, 'x/a', 80, 'TCP', 'denied'],
    ],
  },
  {
    name: 'fromEntities all: everything',
    cni: 'cilium',
    manifests:
      CILIUM_EXTRA +
      cnp('x', 'from-all', spec('{matchLabels: {pod: a}}', 'ingress: [{fromEntities: [all]}]')),
    rows: [
      ['y/b', 'x/a', 80, 'TCP', 'allowed'],
      [WORLD_IP, 'x/a', 80, 'TCP', 'allowed'],
      [n1, 'x/a', 81, 'UDP', 'allowed'],
    ],
  },
  {
    name: "traffic from a pod's own node is always admitted; other nodes are remote-node",
    cni: 'cilium',
    manifests: CILIUM_EXTRA + cnp('w', 'deny', spec('{}', 'ingress: [{}]')),
    rows: [
      [n1, 'w/p1', 80, 'TCP', 'allowed'],
      [n2, 'w/p1', 80, 'TCP', 'denied'],
      [n2, 'w/p2', 80, 'TCP', 'allowed'],
      // a hostNetwork pod has its node's identity
      ['w/h', 'w/p2', 80, 'TCP', 'allowed'],
      ['w/h', 'w/p1', 80, 'TCP', 'denied'],
      ['x/a', 'w/p1', 80, 'TCP', 'denied'],
    ],
  },
  {
    name: 'fromEntities remote-node admits the other nodes and their hostNetwork pods',
    cni: 'cilium',
    manifests: CILIUM_EXTRA + cnp('w', 'from-nodes', spec('{}', 'ingress: [{fromEntities: [remote-node]}]')),
    rows: [
      [n2, 'w/p1', 80, 'TCP', 'allowed'],
      ['w/h', 'w/p1', 80, 'TCP', 'allowed'],
      ['x/a', 'w/p1', 80, 'TCP', 'denied'],
      [WORLD_IP, 'w/p1', 80, 'TCP', 'denied'],
    ],
  },
  {
    name: "egress to the pod's own node is policy-controlled: toEntities host",
    cni: 'cilium',
    manifests:
      CILIUM_EXTRA + cnp('w', 'to-host', spec('{matchLabels: {pod: p1}}', 'egress: [{toEntities: [host]}]')),
    rows: [
      ['w/p1', n1, 10250, 'TCP', 'allowed'],
      ['w/p1', n2, 10250, 'TCP', 'denied'],
      ['w/p1', 'w/h', 80, 'TCP', 'denied'],
      ['w/p1', 'w/p2', 80, 'TCP', 'denied'],
    ],
  },
  {
    name: 'egress to other nodes: toEntities remote-node',
    cni: 'cilium',
    manifests:
      CILIUM_EXTRA +
      cnp('w', 'to-nodes', spec('{matchLabels: {pod: p1}}', 'egress: [{toEntities: [remote-node]}]')),
    rows: [
      ['w/p1', n2, 10250, 'TCP', 'allowed'],
      ['w/p1', 'w/h', 80, 'TCP', 'allowed'],
      ['w/p1', n1, 10250, 'TCP', 'denied'],
      ['w/p1', WORLD_IP, 443, 'TCP', 'denied'],
    ],
  },
  {
    name: 'toEntities kube-apiserver: the addresses of default/kubernetes',
    cni: 'cilium',
    manifests:
      CILIUM_EXTRA +
      cnp('x', 'to-api', spec('{matchLabels: {pod: a}}', 'egress: [{toEntities: [kube-apiserver]}]')),
    rows: [
      ['x/a', API_SERVER_IP, 6443, 'TCP', 'allowed'],
      ['x/a', WORLD_IP, 443, 'TCP', 'denied'],
      ['x/a', 'x/b', 80, 'TCP', 'denied'],
    ],
  },
  {
    // entity.go: health, init, ingress and unmanaged name identities (health endpoints,
    // endpoints being set up, the Envoy ingress, pods Cilium does not manage) that the input
    // never holds
    name: 'fromEntities health, init, ingress, unmanaged admit no pod, node or address',
    cni: 'cilium',
    manifests:
      CILIUM_EXTRA +
      cnp('w', 'others', spec('{}', 'ingress: [{fromEntities: [health, init, ingress, unmanaged]}]')),
    rows: [
      ['x/a', 'w/p1', 80, 'TCP', 'denied'],
      [n2, 'w/p1', 80, 'TCP', 'denied'],
      ['w/h', 'w/p1', 80, 'TCP', 'denied'],
      [WORLD_IP, 'w/p1', 80, 'TCP', 'denied'],
      [API_SERVER_IP, 'w/p1', 443, 'TCP', 'denied'],
    ],
  },
  {
    // entity.go InitEntities: the cluster entity's selectors include the kube-apiserver's
    name: 'toEntities cluster includes the kube-apiserver, even outside the cluster',
    cni: 'cilium',
    manifests:
      CILIUM_EXTRA +
      cnp('x', 'to-cluster', spec('{matchLabels: {pod: a}}', 'egress: [{toEntities: [cluster]}]')),
    rows: [
      ['x/a', API_SERVER_IP, 6443, 'TCP', 'allowed'],
      ['x/a', 'y/b', 80, 'TCP', 'allowed'],
      ['x/a', n2, 10250, 'TCP', 'allowed'],
      ['x/a', WORLD_IP, 443, 'TCP', 'denied'],
    ],
  },
  {
    // getEndpointSelector adds nothing to a selector that names the namespace, and Cilium
    // matches it against every identity: one that only excludes also matches the reserved
    // identities, which carry no namespace label (cilium/cilium#46949 describes the same for
    // NetworkPolicy namespace selectors)
    name: 'toEndpoints naming the namespace only with NotIn also matches the world and the nodes',
    cni: 'cilium',
    manifests:
      CILIUM_EXTRA +
      cnp(
        'x',
        'not-y',
        spec(
          '{matchLabels: {pod: a}}',
          'egress: [{toEndpoints: [{matchExpressions: [{key: "k8s:io.kubernetes.pod.namespace", operator: NotIn, values: ["y"]}]}]}]',
        ),
      ),
    rows: [
      ['x/a', 'z/b', 80, 'TCP', 'allowed'],
      ['x/a', 'y/b', 80, 'TCP', 'denied'],
      ['x/a', WORLD_IP, 443, 'TCP', 'allowed'],
      ['x/a', n2, 10250, 'TCP', 'allowed'],
    ],
  },
  {
    name: 'toEndpoints naming the namespace with In selects pods only',
    cni: 'cilium',
    manifests:
      CILIUM_EXTRA +
      cnp(
        'x',
        'in-z',
        spec(
          '{matchLabels: {pod: a}}',
          'egress: [{toEndpoints: [{matchExpressions: [{key: io.kubernetes.pod.namespace, operator: In, values: [z]}]}]}]',
        ),
      ),
    rows: [
      ['x/a', 'z/b', 80, 'TCP', 'allowed'],
      ['x/a', WORLD_IP, 443, 'TCP', 'denied'],
      ['x/a', n2, 10250, 'TCP', 'denied'],
    ],
  },
  {
    name: 'hostNetwork pods are never selected by pod labels, as subject or as peer',
    cni: 'cilium',
    manifests:
      CILIUM_EXTRA +
      ccnp('deny-a', spec('{matchLabels: {pod: a}}', 'ingress: [{}]')) +
      ccnp(
        'from-a',
        spec('{matchLabels: {pod: b}}', 'ingress: [{fromEndpoints: [{matchLabels: {pod: a}}]}]'),
      ),
    rows: [
      ['y/b', 'w/h', 80, 'TCP', 'allowed'],
      ['y/b', 'x/a', 80, 'TCP', 'denied'],
      ['x/a', 'x/b', 80, 'TCP', 'allowed'],
      ['w/h', 'x/b', 80, 'TCP', 'denied'],
    ],
  },
];

const CIDRS: Scenario[] = [
  {
    name: 'toCIDR never matches pod IPs',
    cni: 'cilium',
    manifests:
      CILIUM_EXTRA + cnp('x', 'to-10', spec('{matchLabels: {pod: a}}', 'egress: [{toCIDR: [10.0.0.0/8]}]')),
    rows: [
      ['x/a', 'y/b', 80, 'TCP', 'denied'],
      ['x/a', '10.200.0.1', 80, 'TCP', 'allowed'],
    ],
  },
  {
    name: 'toCIDRSet never matches node IPs; except carves addresses out',
    cni: 'cilium',
    manifests:
      CILIUM_EXTRA +
      cnp(
        'x',
        'to-sets',
        spec(
          '{matchLabels: {pod: a}}',
          'egress: [{toCIDRSet: [{cidr: 192.168.0.0/16}, {cidr: 0.0.0.0/0, except: [10.200.0.0/16]}]}]',
        ),
      ),
    rows: [
      ['x/a', n1, 10250, 'TCP', 'denied'],
      ['x/a', 'w/h', 80, 'TCP', 'denied'],
      ['x/a', '192.168.7.7', 80, 'TCP', 'allowed'],
      ['x/a', WORLD_IP, 443, 'TCP', 'allowed'],
      ['x/a', '10.200.0.1', 80, 'TCP', 'denied'],
    ],
  },
  {
    name: 'fromCIDR 0.0.0.0/0 admits the world, not pods',
    cni: 'cilium',
    manifests:
      CILIUM_EXTRA +
      cnp('x', 'from-any', spec('{matchLabels: {pod: a}}', 'ingress: [{fromCIDR: [0.0.0.0/0]}]')),
    rows: [
      [WORLD_IP, 'x/a', 80, 'TCP', 'allowed'],
      ['y/b', 'x/a', 80, 'TCP', 'denied'],
      [n2, 'x/a', 80, 'TCP', 'denied'],
    ],
  },
];

const NETWORK_POLICY: Scenario[] = [
  {
    name: 'NetworkPolicy ipBlock under Cilium matches neither pod nor node IPs',
    cni: 'cilium',
    manifests:
      CILIUM_EXTRA +
      policy(
        'x',
        'to-anywhere',
        `
        podSelector: {matchLabels: {pod: a}}
        policyTypes: [Egress]
        egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0}}]}]`,
      ),
    rows: [
      ['x/a', 'y/b', 80, 'TCP', 'denied'],
      ['x/a', n1, 10250, 'TCP', 'denied'],
      ['x/a', WORLD_IP, 443, 'TCP', 'allowed'],
    ],
  },
  {
    name: 'NetworkPolicy under Cilium: ingress rules apply even when policyTypes leaves Ingress out',
    cni: 'cilium',
    manifests: policy(
      'x',
      'egress-typed',
      `
      podSelector: {matchLabels: {pod: a}}
      policyTypes: [Egress]
      ingress: [{from: [{podSelector: {matchLabels: {pod: b}}}]}]
      egress: [{}]`,
    ),
    rows: [
      ['x/b', 'x/a', 80, 'TCP', 'allowed'],
      ['x/c', 'x/a', 80, 'TCP', 'denied'],
      ['x/a', 'x/c', 80, 'TCP', 'allowed'],
    ],
  },
  {
    name: 'NetworkPolicy under Cilium: egress rules apply even when policyTypes leaves Egress out',
    cni: 'cilium',
    manifests: policy(
      'x',
      'ingress-typed',
      `
      podSelector: {matchLabels: {pod: a}}
      policyTypes: [Ingress]
      ingress: [{}]
      egress: [{to: [{podSelector: {matchLabels: {pod: b}}}]}]`,
    ),
    rows: [
      ['x/a', 'x/b', 80, 'TCP', 'allowed'],
      ['x/a', 'x/c', 80, 'TCP', 'denied'],
      ['y/a', 'x/a', 80, 'TCP', 'allowed'],
    ],
  },
  {
    name: "NetworkPolicy under Cilium: the pod's own node gets in, other nodes do not",
    cni: 'cilium',
    manifests: CILIUM_EXTRA + policy('w', 'deny', 'podSelector: {}'),
    rows: [
      [n1, 'w/p1', 80, 'TCP', 'allowed'],
      [n2, 'w/p1', 80, 'TCP', 'denied'],
      ['w/h', 'w/p1', 80, 'TCP', 'denied'],
    ],
  },
];

describeScenarios('Cilium: entities and nodes', ENTITIES, { pending: !CILIUM_EVALUATED });
describeScenarios('Cilium: CIDR rules', CIDRS, { pending: !CILIUM_EVALUATED });
describeScenarios('Cilium: NetworkPolicy as Cilium enforces it', NETWORK_POLICY, {
  pending: !CILIUM_EVALUATED,
});
