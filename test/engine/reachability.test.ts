import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCluster } from '../../src/engine/compile.js';
import { evaluateConnection, type Party } from '../../src/engine/evaluate.js';
import { connsEqual, intersectConns } from '../../src/engine/port-set.js';
import { computeReachability, type Reachability } from '../../src/engine/reachability.js';
import { loadManifests } from '../../src/load.js';
import { clusterArbitrary } from '../support/arbitraries.js';
import { loadGenerated } from '../support/differential.js';

function party(reach: Reachability, index: number): Party {
  if (!reach.isExternal(index)) return { type: 'endpoint', endpoint: reach.classes[index]!.representative };
  const node = reach.external.nodes[index - reach.classes.length]!;
  return { type: 'external', address: node.address, label: node.id };
}

describe('reachability per direction', () => {
  it('connsBetween is egressBetween ∩ ingressBetween, each equal to the per-connection evaluation', () => {
    fc.assert(
      fc.property(clusterArbitrary(), (gen) => {
        const compiled = compileCluster(loadGenerated(gen));
        const reach = computeReachability(compiled);
        for (let s = 0; s < reach.partyCount; s++) {
          for (let d = 0; d < reach.partyCount; d++) {
            if (reach.isExternal(s) && reach.isExternal(d)) continue;
            const evaluation = evaluateConnection(compiled, party(reach, s), party(reach, d));
            expect(connsEqual(reach.egressBetween(s, d), evaluation.egress.allowed)).toBe(true);
            expect(connsEqual(reach.ingressBetween(s, d), evaluation.ingress.allowed)).toBe(true);
            const both = intersectConns(reach.egressBetween(s, d), reach.ingressBetween(s, d));
            expect(connsEqual(reach.connsBetween(s, d), both)).toBe(true);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('every member of a class is evaluated as its class is, both ways, against every party', () => {
    fc.assert(
      fc.property(clusterArbitrary(), (gen) => {
        const compiled = compileCluster(loadGenerated(gen));
        const reach = computeReachability(compiled);
        for (const c of reach.classes) {
          for (const member of c.members) {
            const self: Party = { type: 'endpoint', endpoint: member };
            for (let q = 0; q < reach.partyCount; q++) {
              const out = evaluateConnection(compiled, self, party(reach, q)).allowed;
              expect(connsEqual(out, reach.connsBetween(c.index, q))).toBe(true);
              if (reach.isExternal(q)) continue;
              const back = evaluateConnection(compiled, party(reach, q), self).allowed;
              expect(connsEqual(back, reach.connsBetween(q, c.index))).toBe(true);
            }
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('Cilium selectors split classes by the pod labels they name, whatever their source prefix', () => {
    const pod = (name: string, labels: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: ns, labels: {${labels}}}\n`;
    // `k8s:app` and `any:tier` name the pod labels app and tier; the namespace key is no pod label.
    const policy = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: p, namespace: ns}
spec:
  endpointSelector: {matchLabels: {'k8s:app': api}}
  ingress:
  - fromEndpoints:
    - matchLabels: {'k8s:io.kubernetes.pod.namespace': ns, 'any:tier': web}
    - matchExpressions: [{key: 'k8s:io.cilium.k8s.namespace.labels.team', operator: Exists}]
`;
    const text = [
      pod('a', 'app: one, tier: web, other: p'),
      pod('b', 'app: two, tier: web, other: q'),
      pod('c', 'app: api, tier: web'),
      pod('d', 'app: one, tier: db'),
      policy,
    ].join('---\n');
    const reach = computeReachability(compileCluster(loadManifests([{ name: 'x.yaml', text }])));
    const byName = (n: string) => reach.compiled.cluster.endpoints.find((e) => e.name === n)!;
    // a and b differ in app (a value no selector names) and `other` (a key none names)
    expect(reach.classOf(byName('a'))).toBe(reach.classOf(byName('b')));
    expect(new Set(['a', 'c', 'd'].map((n) => reach.classOf(byName(n)))).size).toBe(3);
  });

  it('pods whose label values no selector names share a class', () => {
    const pod = (name: string, app: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: ns, labels: {app: ${app}, tier: web}}\n`;
    const policy = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: ns}
spec:
  podSelector: {matchExpressions: [{key: app, operator: NotIn, values: [db]}]}
  ingress: [{from: [{podSelector: {matchLabels: {app: api}}}]}]
`;
    const text = [pod('a', 'one'), pod('b', 'two'), pod('c', 'api'), pod('d', 'db'), policy].join('---\n');
    const reach = computeReachability(compileCluster(loadManifests([{ name: 'x.yaml', text }])));
    const byName = (n: string) => reach.compiled.cluster.endpoints.find((e) => e.name === n)!;
    expect(reach.classOf(byName('a'))).toBe(reach.classOf(byName('b')));
    expect(new Set(['a', 'c', 'd'].map((n) => reach.classOf(byName(n)))).size).toBe(3);
  });

  it('re-evaluating with the same endpoints reuses the class partition but sees edited policies', () => {
    fc.assert(
      fc.property(clusterArbitrary(), (gen) => {
        const cluster = loadGenerated(gen);
        // Warm the caches with the original policies first.
        computeReachability(compileCluster(cluster));
        // Drop the first policy, keep the endpoints array: the cached partition must not leak
        // the old policies' verdicts.
        const edited = { ...cluster, policies: cluster.policies.slice(1) };
        const fresh = computeReachability(compileCluster({ ...edited, endpoints: [...cluster.endpoints] }));
        const cached = computeReachability(compileCluster(edited));
        for (const e of cluster.endpoints) {
          for (const f of cluster.endpoints) {
            const a = fresh.connsBetween(fresh.classOf(e), fresh.classOf(f));
            const b = cached.connsBetween(cached.classOf(e), cached.classOf(f));
            expect(connsEqual(a, b)).toBe(true);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
