/**
 * Hostile input never throws: random bytes, mutated manifests and manifests with fields of any
 * type go through reading, validation, the engine, lint, check and explain, and come out as
 * results and diagnostics. A few hundred cases here; `npm run fuzz` runs many more.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { mutatedStructure, mutatedText, prototypeKeys, randomText, runPipeline } from '../support/hostile.js';

const cni = fc.constantFrom('upstream', 'cilium' as const);

describe('hostile input never throws', () => {
  it('random bytes and characters', () => {
    fc.assert(
      fc.property(randomText, cni, (text, c) => runPipeline([{ name: 'r.yaml', text }], c)),
      { numRuns: 150 },
    );
  });

  it('the examples, mutated as text', () => {
    fc.assert(
      fc.property(mutatedText, cni, (text, c) => runPipeline([{ name: 'm.yaml', text }], c)),
      { numRuns: 150 },
    );
  });

  it('the examples, with fields replaced by values of any type', () => {
    fc.assert(
      fc.property(mutatedStructure, cni, (text, c) => runPipeline([{ name: 's.json', text }], c)),
      { numRuns: 100 },
    );
  });

  it('names of Object.prototype members as label keys and selector keys', () => {
    fc.assert(
      fc.property(prototypeKeys, cni, (text, c) => runPipeline([{ name: 'p.json', text }], c)),
      { numRuns: 60 },
    );
  });
});
