import { describe, it } from 'vitest';
import { expectRule, type RuleCase } from '../helpers.js';

const cases: RuleCase[] = [
  {
    name: 'a policy without metadata.namespace',
    yaml: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: # <-\n  name: deny\nspec:\n  podSelector: {}\n',
    paths: ['metadata'],
  },
  {
    name: 'a pod without metadata.namespace',
    yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: x} # <-\n',
    paths: ['metadata'],
  },
  {
    name: 'negative: namespace set',
    yaml: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: prod}\nspec:\n  podSelector: {}\n',
    paths: [],
  },
];

describe('missing-namespace', () => {
  it.each(cases)('$name', (c) => expectRule('missing-namespace', 'warning', c));
});
