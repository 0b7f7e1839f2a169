import { describe, expect, it } from 'vitest';
import { formatTarget, resolveTarget, type Target } from '../../src/engine/targets.js';
import { load } from '../support/cluster.js';

const CLUSTER = load(`
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec: {template: {metadata: {labels: {app: web}}}}
---
apiVersion: v1
kind: Pod
metadata:
  name: web-abc
  namespace: shop
  labels: {app: web}
  ownerReferences: [{apiVersion: apps/v1, uid: u1, kind: Deployment, name: web, controller: true}]
status: {podIPs: [{ip: 10.0.0.1}, {ip: 'fd00::0:1'}]}
---
apiVersion: v1
kind: Pod
metadata:
  name: web-def
  namespace: shop
  labels: {app: web}
  ownerReferences: [{apiVersion: apps/v1, uid: u1, kind: Deployment, name: web, controller: true}]
status: {podIP: 10.0.0.2}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {clusterIP: 10.96.0.1, clusterIPs: [10.96.0.1, 'fd00:96::1'], selector: {app: web}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Pod
metadata: {name: solo, namespace: default}
status: {podIP: 10.0.0.3}
`);

function resolved(text: string): Target {
  const r = resolveTarget(CLUSTER, text);
  if (!r.ok) throw new Error(r.message);
  return r.target;
}

describe('resolveTarget', () => {
  it.each([
    { text: 'shop/deploy/web', type: 'workload', name: 'shop/web' },
    { text: 'shop/pod/web-abc', type: 'endpoint', name: 'shop/web-abc' },
    { text: 'shop/web-def', type: 'endpoint', name: 'shop/web-def' },
    { text: 'shop/svc/web', type: 'service', name: 'shop/svc/web' },
    { text: 'solo', type: 'endpoint', name: 'default/solo' },
    { text: '10.0.0.1', type: 'endpoint', name: 'shop/web-abc' },
    { text: '10.96.0.1', type: 'service', name: '10.96.0.1' },
    { text: '8.8.8.8', type: 'external', name: '8.8.8.8' },
    { text: ' 8.8.8.8 ', type: 'external', name: '8.8.8.8' },
    // regression: IPv6 has many spellings of one address; a pod IP must be found by value
    { text: 'fd00::1', type: 'endpoint', name: 'shop/web-abc' },
    { text: 'FD00:0:0::1', type: 'endpoint', name: 'shop/web-abc' },
    { text: 'fd00:96:0::1', type: 'service', name: 'fd00:96:0::1' },
    { text: 'fd00::2', type: 'external', name: 'fd00::2' },
  ])('$text is a $type', ({ text, type, name }) => {
    const t = resolved(text);
    expect(t.type).toBe(type);
    expect(formatTarget(t)).toBe(name);
  });

  it('a workload and a Service sharing a name: the name means the pods, with a note', () => {
    const r = resolveTarget(CLUSTER, 'shop/web');
    expect(r).toMatchObject({ ok: true, target: { type: 'workload' } });
    expect(r.ok && 'note' in r && r.note).toBeTruthy();
  });

  it('a pod defined twice is one pod', () => {
    const cluster = load(
      'apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: n1}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: n1, labels: {x: y1}}\n',
    );
    expect(resolveTarget(cluster, 'n1/a')).toMatchObject({ ok: true, target: { type: 'endpoint' } });
  });

  it.each([
    { text: 'shop/nope', why: 'not found' },
    { text: 'nowhere/web', why: 'namespace elsewhere' },
    { text: 'shop/what/web', why: 'unknown kind' },
    { text: 'a/b/c/d', why: 'too many parts' },
    { text: '10.0.0.0/24', why: 'a CIDR' },
  ])('$text fails ($why) with a hint', ({ text }) => {
    const r = resolveTarget(CLUSTER, text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.hint).toBeTruthy();
  });
});
