import { describe, it } from 'vitest';
import { docs, expectRule, policy, type RuleCase } from '../helpers.js';

const ns = (name: string, mark = '') =>
  `apiVersion: v1 ${mark}\nkind: Namespace\nmetadata: {name: ${name}}\n`;
const pod = (namespace: string, name: string, mark = '') =>
  `apiVersion: v1 ${mark}\nkind: Pod\nmetadata: {name: ${name}, namespace: ${namespace}, labels: {app: ${name}}}\nspec: {containers: [{name: c, image: nginx}]}\n`;
const M = '# <-';

const namespaceCases: RuleCase[] = [
  {
    name: 'a namespace without any policy',
    yaml: docs(ns('shop', M), pod('shop', 'web')),
    background: null,
    paths: [undefined],
  },
  {
    name: 'a namespace isolated for ingress but not egress',
    yaml: docs(ns('shop', M), pod('shop', 'web'), policy('shop', 'deny', 'podSelector: {}')),
    background: null,
    paths: [undefined],
  },
  {
    name: 'negative: a default deny for both directions',
    yaml: docs(
      ns('shop'),
      pod('shop', 'web'),
      policy('shop', 'deny', 'podSelector: {}\npolicyTypes: [Ingress, Egress]'),
    ),
    background: null,
    paths: [],
  },
  {
    name: 'negative: a namespace without pods',
    yaml: ns('empty'),
    background: null,
    paths: [],
  },
];

const workloadCases: RuleCase[] = [
  {
    name: 'a workload left out where its neighbours are isolated',
    yaml: docs(
      ns('shop'),
      pod('shop', 'web'),
      pod('shop', 'db', M),
      policy('shop', 'web', 'podSelector: {matchLabels: {app: web}}\npolicyTypes: [Ingress, Egress]'),
    ),
    background: null,
    paths: [undefined],
  },
  {
    name: 'negative: every workload isolated',
    yaml: docs(ns('shop'), pod('shop', 'web'), pod('shop', 'db'), policy('shop', 'deny', 'podSelector: {}')),
    background: null,
    paths: [],
  },
  {
    name: 'negative: nothing isolated in the namespace (namespace-not-isolated says so once)',
    yaml: docs(ns('shop'), pod('shop', 'web'), pod('shop', 'db')),
    background: null,
    paths: [],
  },
];

describe('namespace-not-isolated', () => {
  it.each(namespaceCases)('$name', (c) => expectRule('namespace-not-isolated', 'info', c));
  it('is a warning under --strict', () =>
    expectRule('namespace-not-isolated', 'warning', { ...namespaceCases[0]!, options: { strict: true } }));
});

describe('workload-not-isolated', () => {
  it.each(workloadCases)('$name', (c) => expectRule('workload-not-isolated', 'info', c));
  it('is a warning under --strict', () =>
    expectRule('workload-not-isolated', 'warning', { ...workloadCases[0]!, options: { strict: true } }));
});
