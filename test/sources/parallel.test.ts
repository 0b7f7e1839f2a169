import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InputFile } from '../../src/sources/parse.js';
import { parseInputs } from '../../src/sources/parse.js';

// The worker runs compiled code: test the build (`npm test` builds first).
const { parseInputsParallel } = (await import(
  '../../dist/sources/parallel.js'
)) as typeof import('../../src/sources/parallel.js');

function pod(i: number, extra: number): string {
  const labels = Array.from({ length: extra }, (_, k) => `    k${k}: v${k}`).join('\n');
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p${i}\n  namespace: n${i % 4}\n  labels:\n    app: a${i}\n${labels}${extra > 0 ? '\n' : ''}spec:\n  containers:\n  - name: c\n    ports:\n    - {containerPort: ${1000 + i}, name: http}\n`;
}

const fileArb = fc.record({
  docs: fc.array(
    fc.record({ extra: fc.integer({ min: 0, max: 3 }), comment: fc.boolean(), empty: fc.boolean() }),
    {
      minLength: 1,
      maxLength: 30,
    },
  ),
  leading: fc.boolean(),
  broken: fc.boolean(),
  json: fc.boolean(),
});

interface FileSpec {
  readonly docs: readonly { readonly extra: number; readonly comment: boolean; readonly empty: boolean }[];
  readonly leading: boolean;
  readonly broken: boolean;
  readonly json: boolean;
}

function render(spec: FileSpec, f: number): InputFile {
  if (spec.json)
    return { name: `f${f}.json`, text: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [] }) };
  let text = spec.docs
    .map(
      (d, i) =>
        `${d.comment ? '# c\n' : ''}${i === 0 && spec.leading ? '' : '---\n'}${d.empty ? '' : pod(f * 100 + i, d.extra)}`,
    )
    .join('');
  if (spec.broken) text = text.replace('name: c\n', 'name: [c\n');
  return { name: `f${f}.yaml`, text };
}

const comparable = (p: Awaited<ReturnType<typeof parseInputsParallel>>) => ({
  objects: p.objects,
  diagnostics: p.diagnostics,
  positions: p.objects.map((o) => p.locator.locate(o.source, ['spec', 'containers', 0, 'ports', 0, 'name'])),
});

describe('parseInputsParallel', () => {
  it('gives what parseInputs gives, cut anywhere between documents', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fileArb, { minLength: 1, maxLength: 4 }), async (specs) => {
        const files = specs.map(render);
        // a threshold of 0 makes even small inputs go through the workers
        const parallel = await parseInputsParallel(files, 0);
        expect(comparable(parallel)).toEqual(comparable(parseInputs(files)));
      }),
      { numRuns: 40 },
    );
  });
});
