import { describe, it } from 'vitest';
import { docs, expectRule, policy, type RuleCase } from '../helpers.js';

/**
 * The admin-tier lint rules on the lint background (namespaces prod team=a, dev team=b,
 * kube-system; pods prod/web, prod/db, dev/client, kube-system/coredns). Each `# <-` marks the
 * line a finding must point at.
 */

/** An AdminNetworkPolicy (v1alpha1); `spec` lines follow `spec:` at two spaces. */
function anp(name: string, spec: string, marker = ''): string {
  return `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata:
  name: ${name}${marker}
spec:
${spec}
`;
}

function banp(spec: string): string {
  return `apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata:
  name: default
spec:
${spec}
`;
}

const PROD = `  subject:
    namespaces: {matchLabels: {team: a}}`;

const tieCases: RuleCase[] = [
  {
    name: 'two policies at priority 10: one allows dev, the other denies it',
    yaml: docs(
      anp(
        'a-allow',
        `  priority: 10\n${PROD}\n  ingress:\n    - {action: Allow, from: [{namespaces: {matchLabels: {team: b}}}]}`,
      ),
      anp(
        'b-deny',
        `  priority: 10 # <-\n${PROD}\n  ingress:\n    - {action: Deny, from: [{namespaces: {}}]}`,
      ),
    ),
    paths: ['spec.priority'],
  },
  {
    name: 'negative: different priorities',
    yaml: docs(
      anp(
        'a-allow',
        `  priority: 10\n${PROD}\n  ingress:\n    - {action: Allow, from: [{namespaces: {matchLabels: {team: b}}}]}`,
      ),
      anp('b-deny', `  priority: 11\n${PROD}\n  ingress:\n    - {action: Deny, from: [{namespaces: {}}]}`),
    ),
    paths: [],
  },
  {
    name: 'negative: same priority, same action',
    yaml: docs(
      anp(
        'a',
        `  priority: 10\n${PROD}\n  ingress:\n    - {action: Deny, from: [{namespaces: {matchLabels: {team: b}}}]}`,
      ),
      anp('b', `  priority: 10\n${PROD}\n  ingress:\n    - {action: Deny, from: [{namespaces: {}}]}`),
    ),
    paths: [],
  },
  {
    name: 'negative: same priority, subjects that share no pod',
    yaml: docs(
      anp('a', `  priority: 10\n${PROD}\n  ingress:\n    - {action: Allow, from: [{namespaces: {}}]}`),
      anp(
        'b',
        `  priority: 10\n  subject:\n    namespaces: {matchLabels: {team: b}}\n  ingress:\n    - {action: Deny, from: [{namespaces: {}}]}`,
      ),
    ),
    paths: [],
  },
];

const passCases: RuleCase[] = [
  {
    name: 'a Pass for pods no NetworkPolicy isolates and no baseline rule decides',
    yaml: anp(
      'delegate',
      `  priority: 10\n${PROD}\n  ingress:\n    - action: Pass # <-\n      from: [{namespaces: {matchLabels: {team: b}}}]`,
    ),
    paths: ['spec.ingress[0]'],
  },
  {
    name: 'negative: the NetworkPolicies the Pass defers to exist',
    yaml: docs(
      anp(
        'delegate',
        `  priority: 10\n${PROD}\n  ingress:\n    - {action: Pass, from: [{namespaces: {matchLabels: {team: b}}}]}`,
      ),
      policy('prod', 'deny-all', 'podSelector: {}'),
    ),
    paths: [],
  },
  {
    name: 'negative: a baseline rule decides what is passed',
    yaml: docs(
      anp(
        'delegate',
        `  priority: 10\n${PROD}\n  ingress:\n    - {action: Pass, from: [{namespaces: {matchLabels: {team: b}}}]}`,
      ),
      banp(`  subject:\n    namespaces: {}\n  ingress:\n    - {action: Deny, from: [{namespaces: {}}]}`),
    ),
    paths: [],
  },
];

const shadowCases: RuleCase[] = [
  {
    name: 'a rule after a wider rule of the same policy',
    yaml: anp(
      'order',
      `  priority: 10\n${PROD}\n  ingress:\n    - {action: Deny, from: [{namespaces: {}}]}\n    - action: Allow # <-\n      from: [{namespaces: {matchLabels: {team: b}}}]\n      ports: [{portNumber: {protocol: TCP, port: 8080}}]`,
    ),
    paths: ['spec.ingress[1]'],
  },
  {
    name: 'a rule of a later policy whose traffic an earlier priority always takes',
    yaml: docs(
      anp('first', `  priority: 5\n${PROD}\n  egress:\n    - {action: Allow, to: [{namespaces: {}}]}`),
      anp(
        'second',
        `  priority: 20\n${PROD}\n  egress:\n    - action: Deny # <-\n      to: [{namespaces: {matchLabels: {team: b}}}]`,
      ),
    ),
    paths: ['spec.egress[0]'],
  },
  {
    name: 'negative: the earlier rule covers other ports',
    yaml: anp(
      'order',
      `  priority: 10\n${PROD}\n  ingress:\n    - action: Deny\n      from: [{namespaces: {}}]\n      ports: [{portNumber: {protocol: TCP, port: 80}}]\n    - {action: Allow, from: [{namespaces: {matchLabels: {team: b}}}]}`,
    ),
    paths: [],
  },
  {
    name: 'negative: the earlier rule takes the peers of dev only',
    yaml: anp(
      'order',
      `  priority: 10\n${PROD}\n  ingress:\n    - {action: Deny, from: [{namespaces: {matchLabels: {team: b}}}]}\n    - {action: Allow, from: [{namespaces: {}}]}`,
    ),
    paths: [],
  },
  {
    name: 'negative: the earlier rule takes every peer but those of dev',
    yaml: anp(
      'order',
      `  priority: 10\n${PROD}\n  ingress:\n    - action: Deny\n      from: [{namespaces: {matchExpressions: [{key: team, operator: NotIn, values: [b]}]}}]\n    - {action: Allow, from: [{namespaces: {}}]}`,
    ),
    paths: [],
  },
  {
    name: 'a later policy whose peers two earlier rules take between them',
    yaml: docs(
      anp(
        'first',
        `  priority: 5\n${PROD}\n  ingress:\n    - {action: Deny, from: [{namespaces: {matchLabels: {team: b}}}]}\n    - action: Allow\n      from: [{namespaces: {matchExpressions: [{key: team, operator: NotIn, values: [b]}]}}]`,
      ),
      anp(
        'second',
        `  priority: 20\n${PROD}\n  ingress:\n    - action: Deny # <-\n      from: [{namespaces: {}}]`,
      ),
    ),
    paths: ['spec.ingress[0]'],
  },
];

const overrideCases: RuleCase[] = [
  {
    name: 'an admin Allow into pods a NetworkPolicy isolates without admitting dev',
    yaml: docs(
      anp(
        'monitoring',
        `  priority: 10\n${PROD}\n  ingress:\n    - action: Allow # <-\n      from: [{namespaces: {matchLabels: {team: b}}}]`,
      ),
      policy('prod', 'deny-all', 'podSelector: {}'),
    ),
    paths: ['spec.ingress[0]'],
  },
  {
    name: 'negative: the NetworkPolicy admits the same traffic',
    yaml: docs(
      anp(
        'monitoring',
        `  priority: 10\n${PROD}\n  ingress:\n    - {action: Allow, from: [{namespaces: {matchLabels: {team: b}}}]}`,
      ),
      policy(
        'prod',
        'from-dev',
        `podSelector: {}\ningress:\n  - from: [{namespaceSelector: {matchLabels: {team: b}}}]`,
      ),
    ),
    paths: [],
  },
  {
    name: 'negative: no NetworkPolicy isolates the pods',
    yaml: anp(
      'monitoring',
      `  priority: 10\n${PROD}\n  ingress:\n    - {action: Allow, from: [{namespaces: {matchLabels: {team: b}}}]}`,
    ),
    paths: [],
  },
];

const unevaluatedCases: RuleCase[] = [
  {
    name: 'a Calico GlobalNetworkPolicy',
    yaml: `apiVersion: projectcalico.org/v3 # <-
kind: GlobalNetworkPolicy
metadata: {name: deny-all}
spec: {selector: all()}
`,
    paths: [undefined],
  },
  {
    name: 'negative: a kind that is not a policy',
    yaml: `apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: prod}
`,
    paths: [],
  },
];

describe('admin-priority-tie', () => {
  it.each(tieCases)('$name', (c) => expectRule('admin-priority-tie', 'warning', c));
});

describe('pass-decides-nothing', () => {
  it.each(passCases)('$name', (c) => expectRule('pass-decides-nothing', 'warning', c));
});

describe('shadowed-admin-rule', () => {
  it.each(shadowCases)('$name', (c) => expectRule('shadowed-admin-rule', 'warning', c));
});

describe('admin-allow-overrides-policy', () => {
  it.each(overrideCases)('$name', (c) => expectRule('admin-allow-overrides-policy', 'info', c));
});

describe('unevaluated-policy', () => {
  it.each(unevaluatedCases)('$name', (c) => expectRule('unevaluated-policy', 'warning', c));
});
