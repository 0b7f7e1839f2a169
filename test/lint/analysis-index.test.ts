import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesSelector } from '../../src/engine/label-selector.js';
import { peerNamespaceMatches, peerPodMatches } from '../../src/engine/match.js';
import {
  namespacesMatching,
  peerEndpoints,
  podPeersOf,
  podsMatching,
} from '../../src/lint/analysis/policies.js';
import { createLintContext } from '../../src/lint/context.js';
import { clusterArbitrary } from '../support/arbitraries.js';
import { loadGenerated } from '../support/differential.js';

describe("lint's indexed look-ups", () => {
  it('find what a scan of every endpoint and namespace finds, in the same order', () => {
    let peers = 0;
    let found = 0;
    fc.assert(
      fc.property(clusterArbitrary({ maxPods: 10, maxPolicies: 6 }), (gen) => {
        const cluster = loadGenerated(gen);
        const ctx = createLintContext(cluster);
        const labels = ctx.compiled.namespaceLabels;
        for (const policy of cluster.policies)
          for (const { peer } of podPeersOf(policy)) {
            peers++;
            const compiled = {
              namespace: policy.namespace,
              namespaceSelector: peer.namespaceSelector,
              podSelector: peer.podSelector,
            };
            const scanned = cluster.endpoints.filter(
              (e) => peerNamespaceMatches(compiled, e.namespace, labels) && peerPodMatches(compiled, e),
            );
            expect(peerEndpoints(ctx, policy, peer)).toEqual(scanned);
            found += scanned.length;
            if (peer.podSelector !== null) {
              const selector = peer.podSelector;
              expect(podsMatching(ctx, selector)).toEqual(
                cluster.endpoints.filter((e) => !e.hostNetwork && matchesSelector(selector, e.labels)),
              );
            }
            if (peer.namespaceSelector !== null) {
              const selector = peer.namespaceSelector;
              expect(namespacesMatching(ctx, selector)).toEqual(
                [...cluster.namespaces.values()]
                  .filter((ns) => matchesSelector(selector, ns.labels))
                  .map((ns) => ns.name),
              );
            }
          }
      }),
      { numRuns: 300 },
    );
    expect(peers).toBeGreaterThan(100);
    expect(found).toBeGreaterThan(100);
  });
});
