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
  list: fc.constantFrom(undefined, 'List', 'PodList'),
  indent: fc.constantFrom('', '  '),
});

interface FileSpec {
  readonly docs: readonly { readonly extra: number; readonly comment: boolean; readonly empty: boolean }[];
  readonly leading: boolean;
  readonly broken: boolean;
  readonly json: boolean;
  /** One `List` document (as `kubectl get -o yaml` prints), of this kind. */
  readonly list: 'List' | 'PodList' | undefined;
  readonly indent: string;
}

/** The docs as the items of one List document, each item indented under `items:`. */
function renderList(spec: FileSpec, f: number): string {
  const items = spec.docs.map((d, i) => {
    let text = pod(f * 100 + i, d.extra);
    if (spec.list === 'PodList') text = text.replace('apiVersion: v1\nkind: Pod\n', '');
    const [first, ...rest] = text.trimEnd().split('\n');
    const item = [`${spec.indent}- ${first}`, ...rest.map((l) => `${spec.indent}  ${l}`)].join('\n');
    return `${d.comment ? '# c\n' : ''}${item}\n`;
  });
  return `apiVersion: v1\nitems:\n${items.join('')}kind: ${spec.list}\nmetadata:\n  resourceVersion: ""\n`;
}

function render(spec: FileSpec, f: number): InputFile {
  if (spec.json)
    return { name: `f${f}.json`, text: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [] }) };
  if (spec.list !== undefined) {
    const text = renderList(spec, f);
    return { name: `f${f}.yaml`, text: spec.broken ? text.replace('name: c\n', 'name: [c\n') : text };
  }
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
        // a threshold of 0 makes even small inputs go through a worker, however busy the machine
        const parallel = await parseInputsParallel(files, 0, 2);
        expect(comparable(parallel)).toEqual(comparable(parseInputs(files)));
      }),
      { numRuns: 40 },
    );
    // 40 runs start worker threads each: slow on a busy machine
  }, 180_000);

  it('parseInputs reads large files in runs of documents with what reading them whole gives', () => {
    fc.assert(
      fc.property(fc.array(fileArb, { minLength: 1, maxLength: 4 }), fc.nat(400), (specs, runSize) => {
        const files = specs.map(render);
        expect(comparable(parseInputs(files, runSize))).toEqual(
          comparable(parseInputs(files, Number.POSITIVE_INFINITY)),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('reads a one-document List in parts cut between items, as parseInputs reads it whole', async () => {
    const spec: FileSpec = {
      docs: Array.from({ length: 40 }, (_, i) => ({ extra: i % 3, comment: i % 7 === 0, empty: false })),
      leading: true,
      broken: false,
      json: false,
      list: 'PodList',
      indent: '',
    };
    const files = [render(spec, 1)];
    const parallel = await parseInputsParallel(files, 0, 2);
    expect(comparable(parallel)).toEqual(comparable(parseInputs(files)));
    expect(parallel.objects.map((o) => o.source.path)).toEqual(spec.docs.map((_, i) => ['items', i]));
    expect(parallel.objects[0]!.value).toMatchObject({ kind: 'Pod', apiVersion: 'v1' });
  });
});
