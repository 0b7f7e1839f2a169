import { describe, it } from 'vitest';
import { docs, expectRule, policy, type RuleCase } from '../helpers.js';

const cases: RuleCase[] = [
  {
    name: 'a rule inside a wider rule of the same policy',
    yaml: policy(
      'prod',
      'web',
      `
      podSelector: {matchLabels: {app: web}}
      ingress:
        - from: [{namespaceSelector: {matchLabels: {team: b}}}]
        - from: [{namespaceSelector: {matchLabels: {team: b}}, podSelector: {matchLabels: {app: client}}}] # <-
          ports: [{port: 8080}]
      `,
    ),
    paths: ['spec.ingress[1]'],
  },
  {
    name: 'a rule covered by another policy selecting the same pods',
    yaml: docs(
      policy(
        'prod',
        'web-from-dev',
        `
        podSelector: {}
        ingress:
          - from: [{namespaceSelector: {matchLabels: {team: b}}}]
            ports: [{port: 8080}, {port: 5432}]
        `,
      ),
      policy(
        'prod',
        'web-http',
        `
        podSelector: {matchLabels: {app: web}}
        ingress:
          - from: [{namespaceSelector: {matchLabels: {team: b}}}]
            ports: [{port: 8000, endPort: 9000}]
          - from: [{podSelector: {matchLabels: {app: client}}, namespaceSelector: {}}] # <-
            ports: [{port: http}]
        `,
      ),
    ),
    paths: ['spec.ingress[1]'],
  },
  {
    name: 'of two identical rules, the later one',
    yaml: policy(
      'prod',
      'db',
      `
      podSelector: {matchLabels: {app: db}}
      ingress:
        - from: [{podSelector: {matchLabels: {app: web}}}]
          ports: [{port: 5432}]
        - from: [{podSelector: {matchLabels: {app: web}}}] # <-
          ports: [{port: 5432}]
      `,
    ),
    paths: ['spec.ingress[1]'],
  },
  {
    name: 'negative: rules allowing different ports',
    yaml: policy(
      'prod',
      'db',
      `
      podSelector: {matchLabels: {app: db}}
      ingress:
        - from: [{podSelector: {matchLabels: {app: web}}}]
          ports: [{port: 5432}]
        - from: [{podSelector: {matchLabels: {app: web}}}]
          ports: [{port: 5433}]
      `,
    ),
    paths: [],
  },
  {
    name: 'negative: the rules of a duplicate policy are left to duplicate-policy',
    yaml: docs(
      policy('prod', 'a', 'podSelector: {}\ningress: [{from: [{podSelector: {}}]}]'),
      policy('prod', 'b', 'podSelector: {}\ningress: [{from: [{podSelector: {}}]}]'),
    ),
    paths: [],
  },
];

describe('redundant-rule', () => {
  it.each(cases)('$name', (c) => expectRule('redundant-rule', 'warning', c));
});
