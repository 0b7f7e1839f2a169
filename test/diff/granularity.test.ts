import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffClusters } from '../../src/diff/diff.js';
import { type ConnectivityDiff, hasDifferences } from '../../src/diff/types.js';
import type { Granularity } from '../../src/engine/matrix.js';
import { connsToJson } from '../../src/engine/port-set.js';
import { loadManifests } from '../../src/load.js';
import type { Cluster } from '../../src/model/types.js';
import { run } from '../helpers/cli.js';
import { clusterArbitrary, toJsonText } from '../support/arbitraries.js';
import { load } from '../support/cluster.js';

type Json = Record<string, unknown>;

const BEFORE = 'test/fixtures/diff/one-namespace-before';
const AFTER = 'test/fixtures/diff/one-namespace-after';

const pod = (name: string, ip: string) => `
apiVersion: v1
kind: Pod
metadata: { name: ${name}, namespace: shop, labels: { app: ${name} } }
spec: { containers: [{ name: c, image: nginx }] }
status: { phase: Running, podIP: ${ip} }
`;
const PODS = [pod('frontend', '10.0.0.1'), pod('cart', '10.0.0.2'), pod('redis', '10.0.0.3')];
const ISOLATE_CART = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: cart, namespace: shop }
spec:
  podSelector: { matchLabels: { app: cart } }
  ingress: [{ from: [{ podSelector: { matchLabels: { app: frontend } } }], ports: [{ port: 7070 }] }]
`;

const lines = (d: ConnectivityDiff) =>
  d.changes.map(
    (c) =>
      `${c.src} → ${c.dst} ${c.type} ${JSON.stringify(connsToJson(c.before))} ${JSON.stringify(connsToJson(c.after))} ${c.pairs}`,
  );

describe('diff at a coarse granularity', () => {
  it('reports a connection cut inside a namespace whose other pods still talk freely', () => {
    const d = diffClusters(load(...PODS), load(...PODS, ISOLATE_CART), {
      granularity: 'namespace',
      external: false,
    });
    // frontend → cart narrowed to 7070 and redis → cart cut: redis ↔ frontend still allow all
    expect(lines(d)).toEqual([
      'shop → shop changed [{"protocol":"TCP"},{"protocol":"UDP"},{"protocol":"SCTP"}] [{"protocol":"TCP","ports":[[7070,7070]]}] 2',
    ]);
    expect(d.changes[0]?.causes.map((c) => `${c.policy.name} ${c.effect}`)).toEqual(['cart isolates']);
  });

  it('reports the same pod pairs at pod granularity, one by one', () => {
    const d = diffClusters(load(...PODS), load(...PODS, ISOLATE_CART), {
      granularity: 'pod',
      external: false,
    });
    expect(lines(d)).toEqual([
      'shop/frontend → shop/cart changed [{"protocol":"TCP"},{"protocol":"UDP"},{"protocol":"SCTP"}] [{"protocol":"TCP","ports":[[7070,7070]]}] 1',
      'shop/redis → shop/cart removed [{"protocol":"TCP"},{"protocol":"UDP"},{"protocol":"SCTP"}] [] 1',
    ]);
  });

  it.each(['pod', 'workload', 'namespace'])(
    'kubereach diff --granularity %s exits 1 on the change',
    async (g) => {
      const r = await run(['diff', BEFORE, AFTER, '--granularity', g, '--no-external', '-o', 'json']);
      expect(r.code).toBe(1);
      const doc = JSON.parse(r.stdout) as { changes: { src: string; dst: string; pairs?: number }[] };
      expect(doc.changes.length).toBeGreaterThan(0);
      if (g === 'namespace') expect(doc.changes).toMatchObject([{ src: 'shop', dst: 'shop', pairs: 2 }]);
    },
  );

  it('says what BEFORE and AFTER stand for at namespace granularity', async () => {
    const r = await run(['diff', BEFORE, AFTER, '--granularity', 'namespace', '--no-external']);
    expect(r.stdout).toMatch(/BEFORE and AFTER: the ports of the 2 pod pairs that changed/);
  });
});

/** Objects of a generated cluster with each policy kept or dropped. */
function version(objects: readonly Json[], keep: (policyIndex: number) => boolean): Cluster {
  let i = 0;
  const kept = objects.filter((o) => o.kind !== 'NetworkPolicy' || keep(i++));
  return loadManifests([{ name: 'generated.json', text: toJsonText(kept) }]);
}

describe('property: a coarse granularity never hides a change', () => {
  it('a diff is empty at workload or namespace granularity only if it is empty pod by pod', () => {
    fc.assert(
      fc.property(
        clusterArbitrary({ minPods: 2, maxPods: 6 }),
        fc.array(fc.constantFrom('both', 'before', 'after', 'neither'), { minLength: 5, maxLength: 5 }),
        fc.boolean(),
        (gen, placement, external) => {
          const before = version(gen.objects, (i) => ['both', 'before'].includes(placement[i]!));
          const after = version(gen.objects, (i) => ['both', 'after'].includes(placement[i]!));
          const pod = diffClusters(before, after, { granularity: 'pod', external });
          for (const granularity of ['workload', 'namespace'] as Granularity[]) {
            const coarse = diffClusters(before, after, { granularity, external });
            if (!hasDifferences(coarse)) expect(hasDifferences(pod), granularity).toBe(false);
            // and every changed pod pair is counted in a coarse change
            const pairs = (d: ConnectivityDiff) => d.changes.reduce((n, c) => n + (c.pairs ?? 0), 0);
            expect(pairs(coarse), granularity).toBe(pairs(pod));
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
