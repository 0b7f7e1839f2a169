import { describe, expect, it } from 'vitest';
import { expectRule, lintTexts, policy, type RuleCase } from '../helpers.js';

const port = (yaml: string) =>
  policy(
    'prod',
    'web',
    `
    podSelector: {}
    ingress:
      - ports:
          - ${yaml}
    `,
  );

const endPort: RuleCase[] = [
  {
    name: 'endPort with a named port',
    yaml: port('port: http\n            endPort: 8090 # <-'),
    paths: ['spec.ingress[0].ports[0].endPort'],
  },
  {
    name: 'endPort below port',
    yaml: port('port: 8080\n            endPort: 80 # <-'),
    paths: ['spec.ingress[0].ports[0].endPort'],
  },
  { name: 'negative: a valid range', yaml: port('port: 8080\n            endPort: 8090'), paths: [] },
];

const invalid: RuleCase[] = [
  {
    name: 'a lower-case protocol',
    yaml: port('protocol: tcp # <-\n            port: 80'),
    paths: ['spec.ingress[0].ports[0].protocol'],
  },
  {
    name: 'an unknown field',
    yaml: policy('prod', 'web', 'podSelector: {}\npolicyType: [Ingress] # <-'),
    paths: ['spec.policyType'],
  },
  {
    name: 'a peer with both ipBlock and podSelector',
    yaml: policy(
      'prod',
      'web',
      `
      podSelector: {}
      ingress:
        - from:
            - ipBlock: {cidr: 192.0.2.0/24} # <-
              podSelector: {}
      `,
    ),
    paths: ['spec.ingress[0].from[0]'],
  },
  { name: 'negative: a valid policy', yaml: port('protocol: TCP\n            port: 80'), paths: [] },
];

describe('invalid-end-port', () => {
  it.each(endPort)('$name', (c) => expectRule('invalid-end-port', 'error', c));
});

describe('invalid-policy', () => {
  it.each(invalid)('$name', (c) => expectRule('invalid-policy', 'error', c));

  it('says the API server rejects it, once per field (not again for the rejection)', () => {
    const findings = lintTexts([port('protocol: tcp\n            port: 80')]).filter(
      (f) => f.severity === 'error',
    );
    expect(findings.map((f) => f.rule)).toEqual(['invalid-policy']);
    expect(findings[0]!.message).toContain('API server rejects');
  });
});

describe('invalid-manifest', () => {
  it.each<RuleCase>([
    {
      name: 'a YAML syntax error',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: x\n---\n# <-',
      paths: [],
    },
    {
      name: 'a pod the API server rejects',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: x, namespace: prod}\nspec:\n  containers:\n    - name: c\n      ports: [{containerPort: 70000}] # <-\n',
      paths: ['spec.containers[0].ports[0].containerPort'],
    },
    {
      name: 'negative: a valid pod',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: x, namespace: prod}\n',
      paths: [],
    },
  ])('$name', (c) => {
    if (c.paths.length === 0 && c.yaml.includes('# <-')) {
      const found = lintTexts([c.yaml]).filter((f) => f.rule === 'invalid-manifest');
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ severity: 'error', source: { file: 'm0.yaml' } });
      return;
    }
    expectRule('invalid-manifest', 'error', c);
  });
});
