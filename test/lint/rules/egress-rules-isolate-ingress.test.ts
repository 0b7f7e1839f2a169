import { describe, it } from 'vitest';
import { expectRule, policy, type RuleCase } from '../helpers.js';

/** Cilium's allow-kube-dns tutorial policy: written to allow DNS, it also closes ingress. */
const ALLOW_DNS = `podSelector: {}
egress: # <-
  - to: [{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: kube-system } } }]
    ports: [{ port: 53, protocol: UDP }]`;

const cases: RuleCase[] = [
  {
    name: 'egress rules, no policyTypes, no ingress field',
    yaml: policy('prod', 'allow-dns', ALLOW_DNS),
    paths: ['spec.egress'],
  },
  {
    name: 'negative: policyTypes [Egress]',
    yaml: policy('prod', 'allow-dns', `policyTypes: [Egress]\n${ALLOW_DNS.replace(' # <-', '')}`),
    paths: [],
  },
  {
    name: 'negative: policyTypes [Ingress, Egress] written out',
    yaml: policy('prod', 'allow-dns', `policyTypes: [Ingress, Egress]\n${ALLOW_DNS.replace(' # <-', '')}`),
    paths: [],
  },
  {
    name: 'negative: ingress: [] written out (ingress closed on purpose)',
    yaml: policy('prod', 'allow-dns', `ingress: []\n${ALLOW_DNS.replace(' # <-', '')}`),
    paths: [],
  },
  {
    name: 'negative: ingress rules too',
    yaml: policy(
      'prod',
      'web',
      `podSelector: {}\ningress: [{}]\n${ALLOW_DNS.split('\n').slice(1).join('\n').replace(' # <-', '')}`,
    ),
    paths: [],
  },
];

describe('egress-rules-isolate-ingress', () => {
  it.each(cases)('$name', (c) => expectRule('egress-rules-isolate-ingress', 'warning', c));
});
