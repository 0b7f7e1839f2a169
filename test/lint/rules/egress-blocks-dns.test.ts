import { describe, it } from 'vitest';
import { docs, expectRule, policy, type RuleCase } from '../helpers.js';

const DNS_RULE = `
    - to:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
          podSelector: {matchLabels: {k8s-app: kube-dns}}
      ports:
        - {protocol: UDP, port: 53}
        - {protocol: TCP, port: 53}`;

const cases: RuleCase[] = [
  {
    name: 'egress rules without DNS',
    yaml: policy(
      'prod',
      'web-egress',
      `
      podSelector: {matchLabels: {app: web}}
      egress: # <-
        - to:
            - podSelector: {matchLabels: {app: db}}
          ports: [{port: 5432}]
      `,
    ),
    paths: ['spec.egress'],
  },
  {
    name: 'a default deny for egress',
    yaml: policy(
      'prod',
      'default-deny',
      `
      podSelector: {}
      policyTypes: [Ingress, Egress] # <-
      `,
    ),
    paths: ['spec.policyTypes'],
  },
  {
    name: 'UDP 53 allowed but not TCP 53',
    yaml: policy(
      'prod',
      'udp-only',
      `
      podSelector: {}
      egress: # <-
        - ports: [{protocol: UDP, port: 53}]
      `,
    ),
    paths: ['spec.egress'],
  },
  {
    name: 'reported once, on the first policy isolating the pods',
    yaml: docs(
      policy('prod', 'a-deny', 'podSelector: {}\npolicyTypes: [Egress] # <-'),
      policy('prod', 'b-web', 'podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]'),
    ),
    paths: ['spec.policyTypes'],
  },
  {
    name: 'policy-only input: the pods the policy selects stand in',
    yaml: policy('prod', 'default-deny', 'podSelector: {}\npolicyTypes: [Egress] # <-'),
    background: null,
    paths: ['spec.policyTypes'],
  },
  {
    name: 'negative: DNS allowed to kube-dns on UDP and TCP',
    yaml: policy('prod', 'dns', `podSelector: {}\npolicyTypes: [Egress]\negress:${DNS_RULE}`),
    paths: [],
  },
  {
    name: 'negative: DNS allowed by another policy selecting the same pods',
    yaml: docs(
      policy('prod', 'default-deny', 'podSelector: {}\npolicyTypes: [Ingress, Egress]'),
      policy('prod', 'dns', `podSelector: {}\npolicyTypes: [Egress]\negress:${DNS_RULE}`),
    ),
    paths: [],
  },
  {
    name: 'negative: port 53 to every destination',
    yaml: policy(
      'prod',
      'dns-anywhere',
      `
      podSelector: {}
      egress:
        - ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]
      `,
    ),
    paths: [],
  },
  {
    name: 'negative: policy-only input with a DNS rule',
    yaml: policy('prod', 'dns', `podSelector: {}\npolicyTypes: [Egress]\negress:${DNS_RULE}`),
    background: null,
    paths: [],
  },
  {
    name: 'negative: no egress isolation',
    yaml: policy('prod', 'ingress-only', 'podSelector: {}\npolicyTypes: [Ingress]'),
    paths: [],
  },
];

describe('egress-blocks-dns', () => {
  it.each(cases)('$name', (c) => expectRule('egress-blocks-dns', 'warning', c));
});
