/** explainMatrix: deciding policies per matrix pair, merged over the pods of a node. */
import { describe, expect, it } from 'vitest';
import { buildMatrix } from '../../src/engine/matrix.js';
import { computeReachability } from '../../src/engine/reachability.js';
import { explainMatrix } from '../../src/explain/index.js';
import { compile } from '../support/cluster.js';

const MANIFESTS = `
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: a, labels: {app: web}}
---
apiVersion: v1
kind: Pod
metadata: {name: canary, namespace: a, labels: {track: canary}}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: b, labels: {app: db}}
---
apiVersion: v1
kind: Pod
metadata: {name: other, namespace: c}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-ingress, namespace: b}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
    - from: [{namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}]
      ports: [{port: 5432}]
    - from: [{namespaceSelector: {}, podSelector: {matchLabels: {track: canary}}}]
`;

function explained(granularity: 'pod' | 'namespace') {
  const compiled = compile([MANIFESTS]);
  const reach = computeReachability(compiled);
  const matrix = buildMatrix(reach, { granularity, external: false });
  return explainMatrix(reach, matrix, { denied: true });
}

describe('explainMatrix', () => {
  it('names the rule that opens an allowed pair', () => {
    const pair = explained('pod').find((p) => p.src === 'a/web' && p.dst === 'b/db');
    expect(pair).toMatchObject({
      allowed: [{ protocol: 'TCP', ports: [[5432, 5432]] }],
      egress: { states: ['not-isolated'], rules: [] },
      ingress: {
        states: ['isolated'],
        policies: [{ id: 'b/db-ingress' }],
        rules: [
          { policy: 'b/db-ingress', direction: 'ingress', index: 0, at: { path: ['spec', 'ingress', 0] } },
        ],
      },
    });
  });

  it('names who isolates a pair with nothing allowed', () => {
    const pairs = explained('pod');
    const denied = pairs.filter((p) => p.allowed.length === 0);
    expect(denied).toEqual([
      expect.objectContaining({
        src: 'c/other',
        dst: 'b/db',
        ingress: {
          states: ['isolated'],
          policies: [expect.objectContaining({ id: 'b/db-ingress' })],
          rules: [],
        },
      }),
    ]);
    // every ordered pair of the 4 pods, once
    expect(pairs).toHaveLength(12);
  });

  it('merges the pods of a node: a namespace pair lists every deciding rule', () => {
    const pair = explained('namespace').find((p) => p.src === 'a' && p.dst === 'b');
    expect(pair?.ingress.rules.map((r) => r.index)).toEqual([0, 1]);
    expect(pair?.allowed).toEqual([{ protocol: 'TCP' }, { protocol: 'UDP' }, { protocol: 'SCTP' }]);
  });
});
