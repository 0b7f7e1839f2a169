import { describe, it } from 'vitest';
import { expectRule, policy, type RuleCase } from '../helpers.js';

const cases: RuleCase[] = [
  {
    name: 'namespaceSelector item followed by a podSelector item',
    yaml: policy(
      'prod',
      'db',
      `
      podSelector: {matchLabels: {app: db}}
      ingress:
        - from:
            - namespaceSelector: {matchLabels: {team: b}}
            - podSelector: {matchLabels: {app: client}} # <-
      `,
    ),
    paths: ['spec.ingress[0].from[1]'],
  },
  {
    name: 'podSelector item followed by a namespaceSelector item, in egress',
    yaml: policy(
      'dev',
      'client',
      `
      podSelector: {}
      egress:
        - to:
            - podSelector: {matchLabels: {app: db}}
            - namespaceSelector: # <-
                matchLabels: {team: a}
      `,
    ),
    paths: ['spec.egress[0].to[1]'],
  },
  {
    name: 'negative: both selectors in one item (AND)',
    yaml: policy(
      'prod',
      'db',
      `
      podSelector: {matchLabels: {app: db}}
      ingress:
        - from:
            - namespaceSelector: {matchLabels: {team: b}}
              podSelector: {matchLabels: {app: client}}
      `,
    ),
    paths: [],
  },
  {
    name: 'negative: items of the same kind',
    yaml: policy(
      'prod',
      'db',
      `
      podSelector: {matchLabels: {app: db}}
      ingress:
        - from:
            - namespaceSelector: {matchLabels: {team: b}}
            - namespaceSelector: {matchLabels: {team: a}}
      `,
    ),
    paths: [],
  },
  {
    name: 'negative: not adjacent',
    yaml: policy(
      'prod',
      'db',
      `
      podSelector: {matchLabels: {app: db}}
      ingress:
        - from:
            - namespaceSelector: {matchLabels: {team: b}}
            - ipBlock: {cidr: 192.0.2.0/24}
            - podSelector: {matchLabels: {app: web}}
      `,
    ),
    paths: [],
  },
];

describe('peers-or-not-and', () => {
  it.each(cases)('$name', (c) => expectRule('peers-or-not-and', 'warning', c));
});
