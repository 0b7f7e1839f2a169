import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCluster } from '../../src/engine/compile.js';
import { evaluateConnection, type Party } from '../../src/engine/evaluate.js';
import { connsEqual, intersectConns } from '../../src/engine/port-set.js';
import { computeReachability, type Reachability } from '../../src/engine/reachability.js';
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
