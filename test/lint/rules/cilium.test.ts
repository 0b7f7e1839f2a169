/** The Cilium pitfalls: one table per rule, with negative cases. */
import { describe, it } from 'vitest';
import { ciliumPolicy, expectRule, type RuleCase } from '../helpers.js';

const endpointSelectorNamespace: RuleCase[] = [
  {
    name: 'k8s:io.kubernetes.pod.namespace naming another namespace is replaced',
    yaml: ciliumPolicy(
      'prod',
      'p',
      `
      endpointSelector:
        matchLabels:
          k8s:io.kubernetes.pod.namespace: dev # <-
      ingress: [{}]
      `,
    ),
    paths: ['spec.endpointSelector.matchLabels.k8s:io.kubernetes.pod.namespace'],
  },
  {
    name: 'without the prefix, or as an expression, it selects nothing',
    yaml: ciliumPolicy(
      'prod',
      'p',
      `
      endpointSelector:
        matchLabels:
          io.kubernetes.pod.namespace: dev # <-
        matchExpressions:
          - {key: io.kubernetes.pod.namespace, operator: In, values: [dev]} # <-
      ingress: [{}]
      `,
    ),
    paths: [
      'spec.endpointSelector.matchLabels.io.kubernetes.pod.namespace',
      'spec.endpointSelector.matchExpressions[0]',
    ],
  },
  {
    name: 'negative: the policy namespace itself, and a clusterwide policy',
    yaml: `${ciliumPolicy('prod', 'p', 'endpointSelector: {matchLabels: {io.kubernetes.pod.namespace: prod}}\ningress: [{}]')}---
${ciliumPolicy(null, 'q', 'endpointSelector: {matchLabels: {io.kubernetes.pod.namespace: dev}}\ningress: [{}]')}`,
    paths: [],
  },
];

const namespaceLabelInEndpoints: RuleCase[] = [
  {
    name: 'kubernetes.io/metadata.name copied from a namespaceSelector',
    yaml: ciliumPolicy(
      'prod',
      'p',
      `
      endpointSelector: {}
      ingress:
        - fromEndpoints:
            - matchLabels:
                kubernetes.io/metadata.name: dev # <-
      `,
    ),
    paths: ['spec.ingress[0].fromEndpoints[0].matchLabels.kubernetes.io/metadata.name'],
  },
  {
    name: 'a label only namespaces carry (team), in an egress expression',
    yaml: ciliumPolicy(
      'prod',
      'p',
      `
      endpointSelector: {}
      egress:
        - toEndpoints:
            - matchExpressions:
                - {key: team, operator: In, values: [b]} # <-
      `,
    ),
    paths: ['spec.egress[0].toEndpoints[0].matchExpressions[0]'],
  },
  {
    name: 'negative: the Cilium spellings, and a pod label',
    yaml: ciliumPolicy(
      'prod',
      'p',
      `
      endpointSelector: {}
      ingress:
        - fromEndpoints:
            - matchLabels: {k8s:io.kubernetes.pod.namespace: dev, app: client}
            - matchLabels: {io.cilium.k8s.namespace.labels.team: b}
      `,
    ),
    paths: [],
  },
];

const portOnlyDeny: RuleCase[] = [
  {
    name: 'an ingressDeny with ports and no peer',
    yaml: ciliumPolicy(
      'prod',
      'p',
      `
      endpointSelector: {}
      ingressDeny:
        - toPorts: [{ports: [{port: "22", protocol: TCP}]}] # <-
      `,
    ),
    paths: ['spec.ingressDeny[0]'],
  },
  {
    name: 'negative: a deny naming its peers, and a ports-only allow',
    yaml: ciliumPolicy(
      'prod',
      'p',
      `
      endpointSelector: {}
      ingressDeny:
        - fromEntities: [world]
          toPorts: [{ports: [{port: "22", protocol: TCP}]}]
      ingress:
        - toPorts: [{ports: [{port: "80", protocol: TCP}]}]
      `,
    ),
    paths: [],
  },
];

const fqdnWithoutDns: RuleCase[] = [
  {
    name: 'toFQDNs and no DNS rule anywhere',
    yaml: ciliumPolicy(
      'prod',
      'p',
      `
      endpointSelector: {matchLabels: {app: web}}
      egress:
        - toFQDNs: [{matchName: api.example.com}] # <-
          toPorts: [{ports: [{port: "443", protocol: TCP}]}]
      `,
    ),
    paths: ['spec.egress[0].toFQDNs'],
  },
  {
    name: 'negative: a DNS rule in the same policy',
    yaml: ciliumPolicy(
      'prod',
      'p',
      `
      endpointSelector: {matchLabels: {app: web}}
      egress:
        - toFQDNs: [{matchName: api.example.com}]
        - toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system, k8s-app: kube-dns}}]
          toPorts:
            - ports: [{port: "53", protocol: ANY}]
              rules: {dns: [{matchPattern: "*"}]}
      `,
    ),
    paths: [],
  },
];

const emptyRule: RuleCase[] = [
  {
    name: '`- {}` in ingress and egress',
    yaml: ciliumPolicy(
      'prod',
      'p',
      `
      endpointSelector: {}
      ingress:
        - {} # <-
      egress:
        - fromEntities: [world]
        - {} # <-
      `.replace('fromEntities', 'toEntities'),
    ),
    paths: ['spec.ingress[0]', 'spec.egress[1]'],
  },
  {
    name: 'negative: an empty deny item, and items with peers',
    yaml: ciliumPolicy(
      'prod',
      'p',
      `
      endpointSelector: {}
      ingressDeny: [{fromEntities: [world]}]
      ingress: [{fromEntities: [all]}]
      `,
    ),
    paths: [],
  },
];

describe('cilium-endpoint-selector-namespace', () => {
  it.each(endpointSelectorNamespace)('$name', (c) =>
    expectRule('cilium-endpoint-selector-namespace', 'warning', c),
  );
});
describe('cilium-namespace-label-in-endpoints', () => {
  it.each(namespaceLabelInEndpoints)('$name', (c) =>
    expectRule('cilium-namespace-label-in-endpoints', 'warning', c),
  );
});
describe('cilium-port-only-deny', () => {
  it.each(portOnlyDeny)('$name', (c) => expectRule('cilium-port-only-deny', 'warning', c));
});
describe('cilium-fqdn-without-dns-rule', () => {
  it.each(fqdnWithoutDns)('$name', (c) => expectRule('cilium-fqdn-without-dns-rule', 'warning', c));
});
describe('cilium-empty-rule', () => {
  it.each(emptyRule)('$name', (c) => expectRule('cilium-empty-rule', 'info', c));
});
