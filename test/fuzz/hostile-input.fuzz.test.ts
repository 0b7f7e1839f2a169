/**
 * Hostile input at scale, for `npm run fuzz`: FUZZ_RUNS cases per property (skipped when unset),
 * FUZZ_SEED to replay a failure.
 *
 *   FUZZ_RUNS=20000 npx vitest run test/fuzz
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { mutatedStructure, mutatedText, prototypeKeys, randomText, runPipeline } from '../support/hostile.js';

const runs = Number(process.env.FUZZ_RUNS ?? 0);
const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const options = (numRuns: number) => ({ numRuns, ...(seed === undefined ? {} : { seed }) });
const cni = fc.constantFrom('upstream', 'cilium' as const);

describe.skipIf(!(runs > 0))('fuzz: hostile input never throws', () => {
  it('random bytes and characters', () => {
    fc.assert(
      fc.property(randomText, cni, (text, c) => runPipeline([{ name: 'r.yaml', text }], c)),
      options(runs),
    );
  }, 0);

  it('the examples, mutated as text (several files at once)', () => {
    fc.assert(
      fc.property(fc.array(mutatedText, { minLength: 1, maxLength: 3 }), cni, (texts, c) =>
        runPipeline(
          texts.map((text, i) => ({ name: `m${i}.yaml`, text })),
          c,
        ),
      ),
      options(runs),
    );
  }, 0);

  it('the examples, with fields replaced by values of any type', () => {
    fc.assert(
      fc.property(mutatedStructure, cni, (text, c) => runPipeline([{ name: 's.json', text }], c)),
      options(runs),
    );
  }, 0);

  it('names of Object.prototype members as label keys and selector keys', () => {
    fc.assert(
      fc.property(prototypeKeys, cni, (text, c) => runPipeline([{ name: 'p.json', text }], c)),
      options(runs),
    );
  }, 0);
});
