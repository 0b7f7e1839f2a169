/**
 * The properties at scale, for `npm run fuzz`: FUZZ_RUNS cases per property (skipped when
 * unset), FUZZ_SEED to replay a failure, bigger clusters than `npm test` uses.
 *
 *   FUZZ_RUNS=20000 npx vitest run test/fuzz
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { clusterArbitrary, tieredClusterArbitrary } from '../support/arbitraries.js';
import { ciliumClusterArbitrary } from '../support/cilium-arbitraries.js';
import { checkCilium, checkGenerated, checkTiered } from '../support/differential.js';
import { checkServices } from '../support/services.js';

const runs = Number(process.env.FUZZ_RUNS ?? 0);
const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const options = (numRuns: number) => ({ numRuns, ...(seed === undefined ? {} : { seed }) });

describe.skipIf(!(runs > 0))('fuzz: engine agrees with the naive reference', () => {
  it.each(['upstream', 'cilium'] as const)(
    'cni %s',
    (cni) => {
      fc.assert(
        fc.property(clusterArbitrary({ maxPods: 12, maxPolicies: 8 }), (gen) => checkGenerated(gen, cni)),
        options(runs),
      );
    },
    0,
  );

  it('large clusters (more than 32 classes), cni upstream', () => {
    fc.assert(
      fc.property(clusterArbitrary({ minPods: 30, maxPods: 80, maxPolicies: 12 }), (gen) =>
        checkGenerated(gen, 'upstream'),
      ),
      options(Math.max(1, Math.floor(runs / 50))),
    );
  }, 0);

  it('admin policies of both API versions mixed with NetworkPolicies', () => {
    fc.assert(
      fc.property(tieredClusterArbitrary({ maxPods: 10, maxPolicies: 6 }), (gen) => checkTiered(gen)),
      options(Math.max(1, Math.floor(runs / 4))),
    );
  }, 0);

  it('Cilium policies (CNP, CCNP) with NetworkPolicies, nodes and hostNetwork pods', () => {
    fc.assert(
      fc.property(
        ciliumClusterArbitrary({ maxPods: 8, maxCiliumPolicies: 5, maxNetworkPolicies: 3 }),
        (gen) => checkCilium(gen),
      ),
      options(Math.max(1, Math.floor(runs / 4))),
    );
  }, 0);

  it('Service translation', () => {
    fc.assert(
      fc.property(
        clusterArbitrary({ maxPods: 8, maxPolicies: 6, maxServices: 4 }),
        fc.constantFrom('upstream', 'cilium'),
        (gen, cni) => checkServices(gen, cni),
      ),
      options(Math.max(1, Math.floor(runs / 4))),
    );
  }, 0);
});
