import { describe, it } from 'vitest';
import { expectRule, policy, type RuleCase } from '../helpers.js';

const cases: RuleCase[] = [
  {
    name: 'a stray "-" splits from and ports into two rules',
    yaml: policy(
      'prod',
      'db',
      `
      podSelector: {matchLabels: {app: db}}
      ingress:
        - from:
            - podSelector: {matchLabels: {app: web}}
        - ports: # <-
            - port: 5432
      `,
    ),
    paths: ['spec.ingress[1]'],
  },
  {
    name: 'the same in egress, ports first',
    yaml: policy(
      'prod',
      'web',
      `
      podSelector: {matchLabels: {app: web}}
      egress:
        - ports: [{port: 5432}] # <-
        - to:
            - podSelector: {matchLabels: {app: db}}
      `,
    ),
    paths: ['spec.egress[0]'],
  },
  {
    name: 'negative: one rule with peers and ports',
    yaml: policy(
      'prod',
      'db',
      `
      podSelector: {matchLabels: {app: db}}
      ingress:
        - from:
            - podSelector: {matchLabels: {app: web}}
          ports:
            - port: 5432
      `,
    ),
    paths: [],
  },
  {
    name: 'negative: a ports-only rule on its own (a public port)',
    yaml: policy(
      'prod',
      'web',
      `
      podSelector: {matchLabels: {app: web}}
      ingress:
        - ports: [{port: 8080}]
      `,
    ),
    paths: [],
  },
];

describe('ports-without-peers', () => {
  it.each(cases)('$name', (c) => expectRule('ports-without-peers', 'warning', c));
});
