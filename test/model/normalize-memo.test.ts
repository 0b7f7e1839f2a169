import { describe, expect, it } from 'vitest';
import { normalizeObjects } from '../../src/model/normalize.js';
import { parseInputs } from '../../src/sources/parse.js';

const CLUSTER = `
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: x, labels: {app: a}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: x}
spec: {template: {metadata: {labels: {app: web}}}}
---
apiVersion: v1
kind: Pod
metadata: {name: nons, labels: {app: b}}
`;
const policy = (port: number) => `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: x}
spec:
  podSelector: {}
  ingress: [{ports: [{port: ${port}}]}]
`;

describe('normalizeObjects on objects it has seen before', () => {
  const cluster = parseInputs([{ name: 'c.yaml', text: CLUSTER }]);

  it('gives the same answer, and the same endpoint objects, for the same raw objects', () => {
    const a = normalizeObjects(cluster.objects, cluster.locator);
    const b = normalizeObjects(cluster.objects, cluster.locator);
    expect(b).toEqual(a);
    expect(b.endpoints).toBe(a.endpoints);
    expect(b.diagnostics.map((d) => d.code)).toEqual([
      'DEFAULT_NAMESPACE',
      'IMPLICIT_NAMESPACE',
      'IMPLICIT_NAMESPACE',
    ]);
  });

  it('keeps the endpoints when only a policy changed, and sees the new policy', () => {
    const p80 = parseInputs([{ name: 'p.yaml', text: policy(80) }]);
    const p81 = parseInputs([{ name: 'p.yaml', text: policy(81) }]);
    const a = normalizeObjects([...cluster.objects, ...p80.objects], cluster.locator);
    const b = normalizeObjects([...cluster.objects, ...p81.objects], cluster.locator);
    expect(b.endpoints).toBe(a.endpoints);
    expect(a.policies[0]!.ingress[0]!.ports![0]!.port).toBe(80);
    expect(b.policies[0]!.ingress[0]!.ports![0]!.port).toBe(81);
  });

  it('reads objects again when the default namespace changes', () => {
    const a = normalizeObjects(cluster.objects, cluster.locator);
    const b = normalizeObjects(cluster.objects, cluster.locator, { defaultNamespace: 'y' });
    expect(a.endpoints.map((e) => e.id)).toContain('default/nons');
    expect(b.endpoints.map((e) => e.id)).toContain('y/nons');
    expect(b.endpoints).not.toBe(a.endpoints);
  });

  it('builds new endpoints when a pod changed', () => {
    const a = normalizeObjects(cluster.objects, cluster.locator);
    const changed = parseInputs([{ name: 'c.yaml', text: CLUSTER.replace('app: a}', 'app: z}') }]);
    const b = normalizeObjects(changed.objects, changed.locator);
    expect(b.endpoints).not.toBe(a.endpoints);
    expect(b.endpoints.find((e) => e.id === 'x/a')!.labels).toEqual({ app: 'z' });
  });
});
