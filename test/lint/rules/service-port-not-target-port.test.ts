import { describe, it } from 'vitest';
import { expectRule, policy, type RuleCase } from '../helpers.js';

const cases: RuleCase[] = [
  {
    name: "an ingress rule on the Service's port",
    yaml: policy(
      'prod',
      'web',
      `
      podSelector: {matchLabels: {app: web}}
      ingress:
        - from: [{namespaceSelector: {matchLabels: {team: b}}}]
          ports:
            - port: 80 # <-
      `,
    ),
    paths: ['spec.ingress[0].ports[0].port'],
  },
  {
    name: "an egress rule to the Service's pods on the Service's port",
    yaml: policy(
      'dev',
      'client',
      `
      podSelector: {}
      egress:
        - to: [{namespaceSelector: {matchLabels: {team: a}}, podSelector: {matchLabels: {app: web}}}]
          ports: [{port: 80}] # <-
      `,
    ),
    paths: ['spec.egress[0].ports[0].port'],
  },
  {
    name: 'negative: the target port',
    yaml: policy(
      'prod',
      'web',
      'podSelector: {matchLabels: {app: web}}\ningress:\n  - ports: [{port: 8080}]',
    ),
    paths: [],
  },
  {
    name: 'negative: the container port name',
    yaml: policy(
      'prod',
      'web',
      'podSelector: {matchLabels: {app: web}}\ningress:\n  - ports: [{port: http}]',
    ),
    paths: [],
  },
  {
    name: 'negative: both the service port and the target port',
    yaml: policy(
      'prod',
      'web',
      'podSelector: {matchLabels: {app: web}}\ningress:\n  - ports: [{port: 80}, {port: 8080}]',
    ),
    paths: [],
  },
];

describe('service-port-not-target-port', () => {
  it.each(cases)('$name', (c) => expectRule('service-port-not-target-port', 'warning', c));
});
