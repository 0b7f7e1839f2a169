import { describe, it } from 'vitest';
import { docs, expectRule, policy, type RuleCase } from '../helpers.js';

const mark = (text: string) =>
  text.replace('apiVersion: networking.k8s.io/v1\n', 'apiVersion: networking.k8s.io/v1 # <-\n');

const fromDev = `
podSelector: {matchLabels: {app: web}}
ingress:
  - from: [{namespaceSelector: {matchLabels: {team: b}}}]
`;

const cases: RuleCase[] = [
  {
    name: 'a policy allowing less than another one for the same pods',
    yaml: docs(
      policy('prod', 'web-from-dev', fromDev),
      mark(
        policy(
          'prod',
          'web-from-client',
          `
          podSelector: {matchLabels: {app: web}}
          ingress:
            - from: [{namespaceSelector: {}, podSelector: {matchLabels: {app: client}}}]
              ports: [{port: 8080}]
          `,
        ),
      ),
    ),
    paths: [undefined],
  },
  {
    name: 'a policy that allows everything it isolates',
    yaml: mark(policy('prod', 'allow-all', 'podSelector: {}\ningress: [{}]')),
    paths: [undefined],
  },
  {
    name: 'negative: a default deny (no rules) states intent',
    yaml: docs(policy('prod', 'deny', 'podSelector: {}'), policy('prod', 'web', fromDev)),
    paths: [],
  },
  {
    name: 'negative: a policy that allows something new',
    yaml: docs(
      policy('prod', 'web-from-dev', fromDev),
      policy(
        'prod',
        'web-from-db',
        'podSelector: {matchLabels: {app: web}}\ningress: [{from: [{podSelector: {matchLabels: {app: db}}}]}]',
      ),
    ),
    paths: [],
  },
  {
    name: 'negative: duplicates are left to duplicate-policy',
    yaml: docs(policy('prod', 'a', fromDev), policy('prod', 'b', fromDev)),
    paths: [],
  },
];

describe('policy-no-effect', () => {
  it.each(cases)('$name', (c) => expectRule('policy-no-effect', 'warning', c));
});
