import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { applyToValue, cloneValue, type Edit } from '../../src/fix/edit.js';
import { spliceEdits } from '../../src/fix/splice.js';

const object = { file: 'p.yaml', doc: 0, path: [], line: 1, column: 1 };

const policy = `# keep this comment
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: p   # and this one
  namespace: api
spec:
  podSelector: {matchLabels: {app: server}}
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              name: web
        - podSelector:
            matchLabels: {app: frontend}
      ports:
        - port: 80
`;

const cases: { name: string; edits: Edit[]; expected: string }[] = [
  {
    name: 'a scalar in place',
    edits: [{ type: 'set', object, path: ['spec', 'ingress', 0, 'ports', 0, 'port'], value: 9000 }],
    expected: policy.replace('- port: 80', '- port: 9000'),
  },
  {
    name: 'a scalar inside a flow map',
    edits: [{ type: 'set', object, path: ['spec', 'podSelector', 'matchLabels', 'app'], value: 'api' }],
    expected: policy.replace('{app: server}', '{app: api}'),
  },
  {
    name: 'a key added to a block map, at its indentation',
    edits: [
      {
        type: 'set',
        object,
        path: [
          'spec',
          'ingress',
          0,
          'from',
          0,
          'namespaceSelector',
          'matchLabels',
          'kubernetes.io/metadata.name',
        ],
        value: 'web',
      },
      {
        type: 'remove',
        object,
        path: ['spec', 'ingress', 0, 'from', 0, 'namespaceSelector', 'matchLabels', 'name'],
      },
    ],
    expected: policy.replace('name: web', 'kubernetes.io/metadata.name: web'),
  },
  {
    name: 'an item appended to a block sequence',
    edits: [
      { type: 'append', object, path: ['spec', 'ingress', 0, 'ports'], value: { protocol: 'UDP', port: 53 } },
    ],
    expected: policy.replace('- port: 80\n', '- port: 80\n        - protocol: UDP\n          port: 53\n'),
  },
  {
    name: 'a sequence item removed with its lines',
    edits: [{ type: 'remove', object, path: ['spec', 'ingress', 0, 'from', 1] }],
    expected: policy.replace('        - podSelector:\n            matchLabels: {app: frontend}\n', ''),
  },
  {
    name: 'a missing key with a block value',
    edits: [{ type: 'set', object, path: ['spec', 'policyTypes'], value: ['Ingress', 'Egress'] }],
    expected: `${policy}  policyTypes:\n    - Ingress\n    - Egress\n`,
  },
  {
    name: 'a missing parent created',
    edits: [{ type: 'set', object, path: ['metadata', 'labels', 'team'], value: 'api' }],
    expected: policy.replace('  namespace: api\n', '  namespace: api\n  labels:\n    team: api\n'),
  },
  {
    name: 'a new document at the end',
    edits: [{ type: 'add-object', file: 'p.yaml', value: { kind: 'Namespace', metadata: { name: 'x' } } }],
    expected: `${policy}---\nkind: Namespace\nmetadata:\n  name: x\n`,
  },
];

describe('spliceEdits keeps everything it does not change', () => {
  it.each(cases)('$name', ({ edits, expected }) => {
    const out = spliceEdits(policy, edits);
    expect(out).toBe(expected);
    // The text means what the same edits do to the object.
    const value = cloneValue(load(policy) as Record<string, unknown>);
    for (const e of edits) applyToValue(value, e);
    if (edits.every((e) => e.type !== 'add-object')) expect(load(out)).toEqual(value);
  });

  it('rewrites JSON files as JSON', () => {
    const json = '{"kind": "NetworkPolicy", "spec": {"podSelector": {}}}';
    const out = spliceEdits(json, [
      { type: 'set', object, path: ['spec', 'policyTypes'], value: ['Egress'] },
    ]);
    expect(JSON.parse(out)).toEqual({
      kind: 'NetworkPolicy',
      spec: { podSelector: {}, policyTypes: ['Egress'] },
    });
  });

  it('edits the right document of a multi-document file', () => {
    const two = `${policy}---\n${policy}`;
    const out = spliceEdits(two, [
      { type: 'set', object: { ...object, doc: 1 }, path: ['metadata', 'namespace'], value: 'web' },
    ]);
    const docs = out.split('---\n');
    expect(docs[0]).toBe(policy);
    expect(docs[1]).toContain('namespace: web');
  });
});
