import { describe, it } from 'vitest';
import { expectRule, policy, type RuleCase } from '../helpers.js';

const cases: RuleCase[] = [
  {
    name: 'egress rules with policyTypes [Ingress]',
    yaml: policy(
      'prod',
      'web',
      `
      podSelector: {matchLabels: {app: web}}
      policyTypes: [Ingress]
      egress: # <-
        - to: [{podSelector: {matchLabels: {app: db}}}]
      `,
    ),
    paths: ['spec.egress'],
  },
  {
    name: 'ingress rules with policyTypes [Egress]',
    yaml: policy(
      'prod',
      'db',
      `
      podSelector: {matchLabels: {app: db}}
      policyTypes: [Egress]
      ingress: # <-
        - from: [{podSelector: {matchLabels: {app: web}}}]
      `,
    ),
    paths: ['spec.ingress'],
  },
  {
    name: 'negative: policyTypes left to the API defaults',
    yaml: policy(
      'prod',
      'web',
      `
      podSelector: {matchLabels: {app: web}}
      egress:
        - to: [{podSelector: {matchLabels: {app: db}}}]
      `,
    ),
    paths: [],
  },
  {
    name: 'negative: both directions listed',
    yaml: policy(
      'prod',
      'web',
      `
      podSelector: {matchLabels: {app: web}}
      policyTypes: [Ingress, Egress]
      ingress: [{from: [{podSelector: {}}]}]
      egress: [{to: [{podSelector: {}}]}]
      `,
    ),
    paths: [],
  },
];

describe('missing-policy-type', () => {
  it.each(cases)('$name', (c) => expectRule('missing-policy-type', 'warning', c));
});
