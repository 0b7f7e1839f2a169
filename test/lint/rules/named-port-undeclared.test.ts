import { describe, it } from 'vitest';
import { expectRule, policy, type RuleCase } from '../helpers.js';

const cases: RuleCase[] = [
  {
    name: 'a name the selected pods do not declare',
    yaml: policy(
      'prod',
      'web',
      `
      podSelector: {matchLabels: {app: web}}
      ingress:
        - ports:
            - port: https # <-
      `,
    ),
    paths: ['spec.ingress[0].ports[0].port'],
  },
  {
    name: 'the right name with the wrong protocol',
    yaml: policy(
      'prod',
      'web',
      `
      podSelector: {matchLabels: {app: web}}
      ingress:
        - ports:
            - protocol: UDP
              port: http # <-
      `,
    ),
    paths: ['spec.ingress[0].ports[0].port'],
  },
  {
    name: 'an egress named port towards pods that do not declare it',
    yaml: policy(
      'dev',
      'client',
      `
      podSelector: {}
      egress:
        - to:
            - namespaceSelector: {matchLabels: {team: a}}
              podSelector: {matchLabels: {app: db}}
          ports:
            - port: postgres # <-
      `,
    ),
    paths: ['spec.egress[0].ports[0].port'],
  },
  {
    name: 'a named port towards ipBlocks only',
    yaml: policy(
      'prod',
      'web',
      `
      podSelector: {}
      egress:
        - to:
            - ipBlock: {cidr: 203.0.113.0/24}
          ports:
            - port: https # <-
      `,
    ),
    background: null,
    paths: ['spec.egress[0].ports[0].port'],
  },
  {
    name: 'negative: the name and protocol are declared',
    yaml: policy(
      'prod',
      'web',
      `
      podSelector: {matchLabels: {app: web}}
      ingress:
        - ports: [{port: http, protocol: TCP}]
      `,
    ),
    paths: [],
  },
  {
    name: 'negative: policies linted without workloads',
    yaml: policy(
      'prod',
      'web',
      `
      podSelector: {matchLabels: {app: web}}
      ingress:
        - ports: [{port: https}]
      `,
    ),
    background: null,
    paths: [],
  },
];

describe('named-port-undeclared', () => {
  it.each(cases)('$name', (c) => expectRule('named-port-undeclared', 'warning', c));
});
