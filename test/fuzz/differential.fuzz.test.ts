/**
 * The differential properties at scale, for `npm run fuzz`: FUZZ_RUNS cases per CNI profile
 * (skipped when unset), FUZZ_SEED to replay a failure, bigger clusters than `npm test` uses.
 *
 *   FUZZ_RUNS=20000 npx vitest run test/fuzz
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { clusterArbitrary } from '../support/arbitraries.js';
import { checkGenerated } from '../support/differential.js';

const runs = Number(process.env.FUZZ_RUNS ?? 0);
const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const options = { numRuns: runs, ...(seed === undefined ? {} : { seed }) };

describe.skipIf(!(runs > 0))('fuzz: engine agrees with the naive reference', () => {
  it.each(['upstream', 'cilium'] as const)(
    'cni %s',
    (cni) => {
      fc.assert(
        fc.property(clusterArbitrary({ maxPods: 12, maxPolicies: 8 }), (gen) => checkGenerated(gen, cni)),
        options,
      );
    },
    0,
  );
});
