/** The Cilium pitfalls: one table per rule, with negative cases. */
import { describe, expect, it } from 'vitest';
import { BACKGROUND, ciliumPolicy, docs, expectRule, lintTexts, policy, type RuleCase } from '../helpers.js';

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

const dnsPolicy = (name: string, selector: string) =>
  ciliumPolicy(
    'prod',
    name,
    `
    endpointSelector: ${selector}
    egress:
      - toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system, k8s-app: kube-dns}}]
        toPorts:
          - ports: [{port: "53", protocol: ANY}]
            rules: {dns: [{matchPattern: "*"}]}
    `,
  );
const fqdnPolicy = ciliumPolicy(
  'prod',
  'p',
  `
  endpointSelector: {matchLabels: {app: web}}
  egress:
    - toFQDNs: [{matchName: api.example.com}] # <-
  `,
);

fqdnWithoutDns.push(
  {
    name: 'a DNS rule in another policy that selects other pods',
    yaml: docs(fqdnPolicy, dnsPolicy('dns', '{matchLabels: {app: db}}')),
    paths: ['spec.egress[0].toFQDNs'],
  },
  {
    name: 'negative: a DNS rule in another policy of the namespace selecting every pod',
    yaml: docs(fqdnPolicy.replace(' # <-', ''), dnsPolicy('dns', '{}')),
    paths: [],
  },
);

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

const mixedWithNetworkPolicy: RuleCase[] = [
  {
    name: 'a NetworkPolicy deny-all and a CNP allow on the same pods (both isolate)',
    yaml: docs(
      ciliumPolicy(
        'prod',
        'allow-web',
        `
        endpointSelector: {matchLabels: {app: web}}
        ingress: # <-
          - fromEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: dev}}]
        `,
      ),
      policy('prod', 'deny-all', 'podSelector: {}\npolicyTypes: [Ingress]'),
    ),
    paths: ['spec.ingress'],
  },
  {
    name: 'a CCNP egress deny over a namespace with an egress NetworkPolicy',
    yaml: docs(
      ciliumPolicy(
        null,
        'no-world',
        `
        endpointSelector: {}
        egressDeny: # <-
          - toEntities: [world]
        `,
      ),
      policy(
        'prod',
        'db-egress',
        'podSelector: {matchLabels: {app: db}}\npolicyTypes: [Egress]\negress: [{}]',
      ),
    ),
    paths: ['spec.egressDeny'],
  },
  {
    name: 'policy-only input: a CNP over every pod of a namespace holding a NetworkPolicy',
    yaml: docs(
      ciliumPolicy('prod', 'p', 'endpointSelector: {}\ningress: [{}] # <-'),
      policy('prod', 'q', 'podSelector: {matchLabels: {app: db}}\ningress: [{}]'),
    ),
    background: null,
    paths: ['spec.ingress'],
  },
  {
    name: 'negative: other pods, the other direction, another namespace',
    yaml: docs(
      ciliumPolicy('prod', 'web', 'endpointSelector: {matchLabels: {app: web}}\ningress: [{}]'),
      ciliumPolicy('prod', 'db-out', 'endpointSelector: {matchLabels: {app: db}}\negress: [{}]'),
      policy('prod', 'db-in', 'podSelector: {matchLabels: {app: db}}\npolicyTypes: [Ingress]'),
      policy('dev', 'all', 'podSelector: {}\npolicyTypes: [Ingress, Egress]'),
    ),
    paths: [],
  },
  {
    name: 'negative: no NetworkPolicy at all',
    yaml: ciliumPolicy('prod', 'p', 'endpointSelector: {}\ningress: [{}]'),
    paths: [],
  },
];

describe('cilium-mixed-with-networkpolicy', () => {
  it.each(mixedWithNetworkPolicy)('$name', (c) => expectRule('cilium-mixed-with-networkpolicy', 'info', c));

  it('says which one isolates when enableDefaultDeny leaves the Cilium side open', () => {
    const yaml = docs(
      ciliumPolicy(
        'prod',
        'add',
        'endpointSelector: {}\nenableDefaultDeny: {ingress: false}\ningress: [{fromEntities: [world]}]',
      ),
      policy('prod', 'deny-all', 'podSelector: {}\npolicyTypes: [Ingress]'),
    );
    const [finding] = lintTexts([yaml, BACKGROUND]).filter(
      (f) => f.rule === 'cilium-mixed-with-networkpolicy',
    );
    expect(finding?.message).toContain('only the NetworkPolicy isolates');
  });
});
