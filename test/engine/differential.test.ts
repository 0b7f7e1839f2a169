/**
 * Differential properties: random clusters and policies, the engine's two evaluators and the
 * naive reference must agree on every pair, port and protocol (see support/differential.ts).
 * `npm test` runs a few hundred cases; test/fuzz runs as many as FUZZ_RUNS asks for.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { clusterArbitrary, tieredClusterArbitrary } from '../support/arbitraries.js';
import { checkGenerated, checkTiered, loadTiered } from '../support/differential.js';

describe('engine agrees with the naive reference', () => {
  it('on random clusters (cni upstream: ipBlock matches pod IPs)', () => {
    fc.assert(
      fc.property(clusterArbitrary(), (gen) => checkGenerated(gen, 'upstream')),
      { numRuns: 150 },
    );
  });

  it('on random clusters (cni cilium: ipBlock matches external addresses only)', () => {
    fc.assert(
      fc.property(clusterArbitrary(), (gen) => checkGenerated(gen, 'cilium')),
      { numRuns: 50 },
    );
  });

  it('on large clusters (more than 32 classes: multi-word bitsets)', () => {
    fc.assert(
      fc.property(clusterArbitrary({ minPods: 40, maxPods: 60, maxPolicies: 8 }), (gen) =>
        checkGenerated(gen, 'upstream'),
      ),
      { numRuns: 4 },
    );
  });

  it('generated admin policies and nodes are all accepted (the generators write what the CRDs accept)', () => {
    fc.assert(
      fc.property(tieredClusterArbitrary(), (gen) => {
        loadTiered(gen);
      }),
      { numRuns: 200 },
    );
  });

  it('on random mixes of admin policies (both API versions, both tiers) and NetworkPolicies', () => {
    fc.assert(
      fc.property(tieredClusterArbitrary(), (gen) => checkTiered(gen)),
      { numRuns: 80 },
    );
  }, 120_000);
});
