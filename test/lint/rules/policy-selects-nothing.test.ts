import { describe, it } from 'vitest';
import { docs, expectRule, policy, type RuleCase } from '../helpers.js';

const HOST_NETWORK_POD = `apiVersion: v1
kind: Pod
metadata: {name: agent, namespace: prod, labels: {app: agent}}
spec:
  hostNetwork: true
  containers: [{name: agent, image: agent}]
`;

const cases: RuleCase[] = [
  {
    name: 'a misspelt label selects no pod',
    yaml: policy(
      'prod',
      'web',
      `
      podSelector: # <-
        matchLabels: {app: wbe}
      `,
    ),
    paths: ['spec.podSelector'],
  },
  {
    name: 'a policy in a namespace without pods',
    yaml: policy('staging', 'all', 'podSelector: {} # <-'),
    paths: ['spec.podSelector'],
  },
  {
    name: 'a policy selecting only hostNetwork pods',
    yaml: docs(policy('prod', 'agent', 'podSelector: {matchLabels: {app: agent}} # <-'), HOST_NETWORK_POD),
    paths: ['spec.podSelector'],
  },
  {
    name: 'negative: the selector matches a pod',
    yaml: policy('prod', 'web', 'podSelector: {matchLabels: {app: web}}'),
    paths: [],
  },
  {
    name: 'negative: policies linted without workloads',
    yaml: policy('prod', 'web', 'podSelector: {matchLabels: {app: wbe}}'),
    background: null,
    paths: [],
  },
];

describe('policy-selects-nothing', () => {
  it.each(cases)('$name', (c) => expectRule('policy-selects-nothing', 'warning', c));
});
