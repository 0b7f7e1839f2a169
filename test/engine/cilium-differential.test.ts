/**
 * Differential properties for the Cilium profile: random clusters holding random
 * CiliumNetworkPolicies and CiliumClusterwideNetworkPolicies (deny sections, entities, CIDR sets
 * with except, enableDefaultDeny, specs, namespace keys, toPorts with ANY and endPort) beside
 * NetworkPolicies, nodes, hostNetwork pods and the API server. The per-pair evaluation, the
 * class-based matrix, `checkConnection` and the naive Cilium reference (which reads the policies
 * as written) must agree on every pair, sampled port and protocol. `npm test` runs 50 small
 * clusters; `npm run fuzz` runs larger ones (test/fuzz).
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { ciliumClusterArbitrary } from '../support/cilium-arbitraries.js';
import { checkCilium, loadCilium } from '../support/differential.js';

describe('Cilium: engine agrees with the naive reference', () => {
  it('generated Cilium policies are all accepted (the generator writes what Cilium accepts)', () => {
    fc.assert(
      fc.property(ciliumClusterArbitrary(), (gen) => {
        loadCilium(gen);
      }),
      { numRuns: 100 },
    );
  });

  it('on random clusters of CNPs, CCNPs, NetworkPolicies, nodes and hostNetwork pods', () => {
    fc.assert(
      fc.property(ciliumClusterArbitrary({ maxPods: 5 }), (gen) => checkCilium(gen)),
      { numRuns: 50 },
    );
  }, 120_000);
});
