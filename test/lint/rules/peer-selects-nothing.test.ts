import { describe, expect, it } from 'vitest';
import { explainNoMatch } from '../../../src/lint/analysis/selectors.js';
import { BACKGROUND, expectRule, policy, type RuleCase } from '../helpers.js';

const WITHOUT_NAMESPACES = BACKGROUND.split('---\n')
  .filter((d) => !d.includes('kind: Namespace'))
  .join('---\n');

const WITHOUT_KUBE_SYSTEM = BACKGROUND.split('---\n')
  .filter((d) => !d.includes('metadata: {name: kube-system}'))
  .join('---\n');

/** A policy allowing ingress from the namespaces a name-label selector picks. */
const fromNamespace = (name: string, mark = '') =>
  policy(
    'prod',
    'from-ns',
    `
    podSelector: {}
    ingress:
      - from:
          - namespaceSelector: ${mark}
              matchLabels: {kubernetes.io/metadata.name: ${name}}
    `,
  );

const cases: RuleCase[] = [
  {
    name: 'a misspelt namespace name',
    yaml: fromNamespace('dve', '# <-'),
    paths: ['spec.ingress[0].from[0].namespaceSelector'],
  },
  {
    name: 'negative: a namespace outside the input (no declared namespace has a close name)',
    yaml: fromNamespace('ingress-nginx'),
    paths: [],
  },
  {
    name: 'negative: kube-system, which every cluster has, not declared in the input',
    yaml: fromNamespace('kube-system'),
    background: WITHOUT_KUBE_SYSTEM,
    paths: [],
  },
  {
    name: 'a namespaceSelector on a label namespaces do not carry',
    yaml: policy(
      'prod',
      'from-dev',
      `
      podSelector: {}
      ingress:
        - from:
            - namespaceSelector: # <-
                matchLabels: {name: dev}
      `,
    ),
    paths: ['spec.ingress[0].from[0].namespaceSelector'],
  },
  {
    name: 'a podSelector matching no pod of the selected namespaces',
    yaml: policy(
      'prod',
      'from-client',
      `
      podSelector: {}
      ingress:
        - from:
            - namespaceSelector: {matchLabels: {team: b}}
              podSelector: # <-
                matchLabels: {app: clint}
      `,
    ),
    paths: ['spec.ingress[0].from[0].podSelector'],
  },
  {
    name: 'an egress podSelector matching nothing anywhere',
    yaml: policy(
      'prod',
      'to-cache',
      `
      podSelector: {matchLabels: {app: web}}
      egress:
        - to:
            - podSelector: {matchLabels: {app: cache}} # <-
      `,
    ),
    paths: ['spec.egress[0].to[0].podSelector'],
  },
  {
    name: 'negative: the name label every namespace carries',
    yaml: policy(
      'prod',
      'from-dev',
      `
      podSelector: {}
      ingress:
        - from:
            - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: dev}}
              podSelector: {matchLabels: {app: client}}
      `,
    ),
    paths: [],
  },
  {
    name: 'negative: a podSelector-only peer matching pods elsewhere is left to pod-selector-other-namespace',
    yaml: policy(
      'prod',
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
  {
    name: 'negative: namespace labels are unknown when no Namespace is declared',
    yaml: policy(
      'prod',
      'from-team-b',
      `
      podSelector: {}
      ingress:
        - from:
            - namespaceSelector: {matchLabels: {team: b}}
      `,
    ),
    background: WITHOUT_NAMESPACES,
    paths: [],
  },
];

describe('peer-selects-nothing', () => {
  it.each(cases)('$name', (c) => expectRule('peer-selects-nothing', 'warning', c));
});

describe('the closest existing label', () => {
  const namespaces = [
    { name: 'dev', labels: { 'kubernetes.io/metadata.name': 'dev', team: 'b' } },
    { name: 'prod', labels: { 'kubernetes.io/metadata.name': 'prod', team: 'a' } },
  ];
  it.each([
    ['the value under another key', { name: 'dev' }, 'kubernetes.io/metadata.name=dev'],
    ['a misspelt value', { team: 'bb' }, 'team=b'],
    ['a misspelt key', { taem: 'x' }, 'team='],
  ])('%s', (_name, matchLabels, label) => {
    const hint = explainNoMatch({ matchLabels, matchExpressions: [] }, namespaces, 'namespace');
    expect(hint).toContain(label);
  });
  it('says nothing when something matches', () => {
    expect(
      explainNoMatch({ matchLabels: { team: 'a' }, matchExpressions: [] }, namespaces, 'namespace'),
    ).toBe(undefined);
  });
});
