import { describe, it } from 'vitest';
import { expectRule, policy, type RuleCase } from '../helpers.js';

const cases: RuleCase[] = [
  {
    name: 'a podSelector alone matching pods only in another namespace',
    yaml: policy(
      'prod',
      'from-client',
      `
      podSelector: {matchLabels: {app: web}}
      ingress:
        - from:
            - podSelector: # <-
                matchLabels: {app: client}
      `,
    ),
    paths: ['spec.ingress[0].from[0].podSelector'],
  },
  {
    name: 'the same in an egress rule',
    yaml: policy(
      'dev',
      'to-db',
      `
      podSelector: {}
      egress:
        - to:
            - podSelector: {matchLabels: {app: db}} # <-
      `,
    ),
    paths: ['spec.egress[0].to[0].podSelector'],
  },
  {
    name: 'negative: with a namespaceSelector in the same item',
    yaml: policy(
      'prod',
      'from-client',
      `
      podSelector: {}
      ingress:
        - from:
            - namespaceSelector: {matchLabels: {team: b}}
              podSelector: {matchLabels: {app: client}}
      `,
    ),
    paths: [],
  },
  {
    name: 'negative: the pods are in the policy namespace',
    yaml: policy(
      'prod',
      'from-web',
      `
      podSelector: {}
      ingress:
        - from:
            - podSelector: {matchLabels: {app: web}}
      `,
    ),
    paths: [],
  },
  {
    name: 'negative: the input has no pods of the policy namespace',
    yaml: policy(
      'staging',
      'from-client',
      `
      podSelector: {}
      ingress:
        - from:
            - podSelector: {matchLabels: {app: client}}
      `,
    ),
    paths: [],
  },
];

describe('pod-selector-other-namespace', () => {
  it.each(cases)('$name', (c) => expectRule('pod-selector-other-namespace', 'warning', c));
});
