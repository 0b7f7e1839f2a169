import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IncrementalParser } from '../../src/sources/incremental.js';
import { parseInputs } from '../../src/sources/parse.js';

/** One small manifest document; `extra` adds lines so edits can move what follows. */
function doc(i: number, name: string, extra: number): string {
  const labels = Array.from({ length: extra }, (_, k) => `    l${k}: v${k}`).join('\n');
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: ns${i % 3}\n  labels:\n    app: a${i}\n${labels}${labels === '' ? '' : '\n'}spec:\n  containers:\n  - name: c\n    ports:\n    - containerPort: ${8000 + i}\n`;
}

const docArb = fc.record({
  name: fc.constantFrom('web', 'db', 'api', 'cache'),
  extra: fc.integer({ min: 0, max: 3 }),
  comment: fc.boolean(),
  empty: fc.boolean(),
});

function render(
  docs: readonly { name: string; extra: number; comment: boolean; empty: boolean }[],
  leading: boolean,
) {
  return docs
    .map((d, i) => {
      const body = d.empty ? '' : doc(i, `${d.name}-${i}`, d.extra);
      return `${d.comment ? '# note\n' : ''}${i === 0 && leading ? '' : '---\n'}${body}`;
    })
    .join('');
}

function comparable(text: string, parsed: ReturnType<typeof parseInputs>) {
  return {
    objects: parsed.objects.map((o) => ({ value: o.value, source: o.source })),
    diagnostics: parsed.diagnostics,
    // field positions through the locator, for every object
    fields: parsed.objects.map((o) => parsed.locator.locate(o.source, ['spec', 'containers', 0, 'ports', 0])),
    text: text.length,
  };
}

describe('IncrementalParser', () => {
  it('gives exactly what a full parse gives after any sequence of document edits', () => {
    fc.assert(
      fc.property(
        fc.array(docArb, { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        fc.array(
          fc.record({
            at: fc.nat(),
            op: fc.constantFrom('replace', 'insert', 'delete', 'value'),
            doc: docArb,
          }),
          { minLength: 1, maxLength: 5 },
        ),
        (initial, leading, edits) => {
          const parser = new IncrementalParser();
          let docs = [...initial];
          let text = render(docs, leading);
          parser.parse({ name: 'f.yaml', text });
          for (const e of edits) {
            const at = e.at % Math.max(1, docs.length);
            if (e.op === 'replace') docs[at] = e.doc;
            else if (e.op === 'insert') docs.splice(at, 0, e.doc);
            else if (e.op === 'delete' && docs.length > 1) docs.splice(at, 1);
            let next = render(docs, leading);
            if (e.op === 'value')
              next = next.replace(/containerPort: (\d+)/, (_m, n) => `containerPort: ${Number(n) + 1}`);
            text = next;
            const incremental = parser.parse({ name: 'f.yaml', text });
            const full = parseInputs([{ name: 'f.yaml', text }]);
            expect(comparable(text, incremental)).toEqual(comparable(text, full));
          }
          docs = [];
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps the values of documents the edit did not touch', () => {
    const parser = new IncrementalParser();
    const a = `${doc(0, 'a', 0)}---\n${doc(1, 'b', 0)}---\n${doc(2, 'c', 0)}`;
    const first = parser.parse({ name: 'f.yaml', text: a });
    const second = parser.parse({
      name: 'f.yaml',
      text: a.replace('containerPort: 8001', 'containerPort: 9001'),
    });
    expect(second.objects[0]).toBe(first.objects[0]);
    expect(second.objects[1]!.value).not.toBe(first.objects[1]!.value);
    expect(second.objects[2]).toBe(first.objects[2]);
    // an edit that adds a line moves what follows, but keeps its values
    const third = parser.parse({
      name: 'f.yaml',
      text: a.replace('    app: a1\n', '    app: a1\n    x: y\n'),
    });
    expect(third.objects[2]!.value).toBe(first.objects[2]!.value);
    expect(third.objects[2]!.source.line).toBe(first.objects[2]!.source.line + 1);
  });

  it('falls back to a full parse for errors and JSON', () => {
    const parser = new IncrementalParser();
    const good = `${doc(0, 'a', 0)}---\n${doc(1, 'b', 0)}`;
    parser.parse({ name: 'f.yaml', text: good });
    const broken = good.replace('name: b-1', 'name: [b');
    expect(parser.parse({ name: 'f.yaml', text: broken })).toEqual(
      parseInputs([{ name: 'f.yaml', text: broken }]),
    );
    const json = '{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"x"}}';
    expect(parser.parse({ name: 'f.yaml', text: json }).objects).toHaveLength(1);
  });
});
