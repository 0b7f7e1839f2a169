import { describe, it } from 'vitest';
import { docs, expectRule, policy, type RuleCase } from '../helpers.js';

const DNS = `
- to:
    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
  ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]`;

/** web may only resolve names (and, with `extra`, more). */
const webEgress = (extra = '') =>
  policy(
    'prod',
    'web-egress',
    `podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]\negress:${DNS}${extra}`,
  );

const dbIngress = policy(
  'prod',
  'db-ingress',
  `
  podSelector: {matchLabels: {app: db}}
  ingress:
    - from: [{podSelector: {matchLabels: {app: web}}}] # <-
      ports: [{port: 5432}]
  `,
);

const KAFKA = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: kafka, namespace: prod}
spec:
  selector: {matchLabels: {app: kafka}}
  template:
    metadata: {labels: {app: kafka}}
    spec: {containers: [{name: kafka, image: kafka}]}
`;

const cases: RuleCase[] = [
  {
    name: 'an ingress rule from pods whose egress blocks it',
    yaml: docs(webEgress(), dbIngress),
    paths: ['spec.ingress[0]'],
  },
  {
    name: 'an egress rule to pods whose ingress blocks it',
    yaml: docs(
      policy('prod', 'db-deny', 'podSelector: {matchLabels: {app: db}}'),
      policy(
        'prod',
        'web-egress',
        `
        podSelector: {matchLabels: {app: web}}
        egress:
          - to: [{podSelector: {matchLabels: {app: db}}}] # <-
            ports: [{port: 5432}]
        `,
      ),
    ),
    paths: ['spec.egress[0]'],
  },
  {
    name: 'negative: the source egress allows it',
    yaml: docs(
      webEgress('\n- to: [{podSelector: {matchLabels: {app: db}}}]\n  ports: [{port: 5432}]'),
      dbIngress.replace(' # <-', ''),
    ),
    paths: [],
  },
  {
    name: 'negative: the replicas of one workload (a pod template) talk to each other',
    yaml: docs(
      KAFKA,
      policy(
        'prod',
        'replication',
        `
        podSelector: {matchExpressions: [{key: app, operator: In, values: [db, kafka]}]}
        policyTypes: [Ingress, Egress]
        ingress:
          - from: [{podSelector: {matchLabels: {app: kafka}}}]
        egress:
          - to: [{podSelector: {matchLabels: {app: kafka}}}]
        `,
      ),
    ),
    paths: [],
  },
  {
    name: 'negative: the rule also allows addresses outside the cluster',
    yaml: docs(
      webEgress(),
      policy(
        'prod',
        'db-ingress',
        'podSelector: {matchLabels: {app: db}}\ningress:\n  - ports: [{port: 5432}]',
      ),
    ),
    paths: [],
  },
];

describe('one-sided-allow', () => {
  it.each(cases)('$name', (c) => expectRule('one-sided-allow', 'warning', c));
});
