import { describe, it } from 'vitest';
import { expectRule, policy, type RuleCase } from '../helpers.js';

const cases: RuleCase[] = [
  {
    name: 'egress: [] without policyTypes',
    yaml: policy('prod', 'deny', 'podSelector: {}\ningress: []\negress: [] # <-'),
    paths: ['spec.egress'],
  },
  {
    name: 'egress: with no value',
    yaml: policy('prod', 'deny', 'podSelector: {}\negress: # <-'),
    paths: ['spec.egress'],
  },
  {
    name: 'negative: egress: [] with policyTypes',
    yaml: policy('prod', 'deny', 'podSelector: {}\npolicyTypes: [Ingress, Egress]\negress: []'),
    paths: [],
  },
  {
    name: 'negative: no egress field',
    yaml: policy('prod', 'deny', 'podSelector: {}\ningress: []'),
    paths: [],
  },
];

describe('empty-egress-without-policy-types', () => {
  it.each(cases)('$name', (c) => expectRule('empty-egress-without-policy-types', 'warning', c));
});
