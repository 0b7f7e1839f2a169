import { describe, it } from 'vitest';
import { docs, expectRule, policy, type RuleCase } from '../helpers.js';

const allowWeb = `
podSelector: {matchLabels: {app: db}}
ingress:
  - from: [{podSelector: {matchLabels: {app: web}}}]
    ports: [{port: 5432}]
`;
const allowWebReordered = `
podSelector:
  matchLabels: {app: db}
ingress:
  - ports: [{protocol: TCP, port: 5432}]
    from: [{podSelector: {matchLabels: {app: web}}}]
`;

const mark = (text: string) =>
  text.replace('apiVersion: networking.k8s.io/v1\n', 'apiVersion: networking.k8s.io/v1 # <-\n');

const cases: RuleCase[] = [
  {
    name: 'the same policy under another name, written differently',
    yaml: docs(policy('prod', 'db-a', allowWeb), mark(policy('prod', 'db-b', allowWebReordered))),
    paths: [undefined],
  },
  {
    name: 'one name defined twice',
    yaml: docs(policy('prod', 'db', allowWeb), mark(policy('prod', 'db', 'podSelector: {}'))),
    paths: [undefined],
  },
  {
    name: 'negative: different ports',
    yaml: docs(policy('prod', 'db-a', allowWeb), policy('prod', 'db-b', allowWeb.replace('5432', '5433'))),
    paths: [],
  },
  {
    name: 'negative: the same policy in another namespace',
    yaml: docs(policy('prod', 'db', allowWeb), policy('dev', 'db', allowWeb)),
    paths: [],
  },
];

describe('duplicate-policy', () => {
  it.each(cases)('$name', (c) => expectRule('duplicate-policy', 'warning', c));
});
