/**
 * Service translation as a property: for random clusters with random Services, `check` to a
 * Service gives the verdict an independent model gives — no-such-port when no service port
 * has that number (or name) and protocol, no-endpoints when the selector is empty or absent or
 * no selected pod declares a named targetPort, and otherwise the naive verdict of every
 * (source pod, endpoint pod, target port), aggregated into allowed / denied / partial.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { clusterArbitrary } from '../support/arbitraries.js';
import { checkServices } from '../support/services.js';

describe('Service translation property', () => {
  it('check to a Service agrees with the per-pod model', () => {
    fc.assert(
      fc.property(
        clusterArbitrary({ maxPods: 6, maxServices: 3 }),
        fc.constantFrom('upstream', 'cilium'),
        (gen, cni) => checkServices(gen, cni),
      ),
      { numRuns: 60 },
    );
  });
});
