import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InputFile } from '../../src/sources/parse.js';
import { FilesHeld, FilesSent } from '../../web/src/worker/file-sync.js';

const workspaces = fc.array(
  fc.uniqueArray(
    fc.record({
      name: fc.constantFrom('a.yaml', 'b.yaml', 'c.yaml', 'd/e.yaml'),
      text: fc.constantFrom('', 'x: 1\n', 'x: 2\n', 'kind: Pod\n'),
    }),
    {
      selector: (f) => f.name,
    },
  ),
  { minLength: 1, maxLength: 8 },
);

describe('files sent to the engine worker', () => {
  it('arrive as sent, each text only when the engine does not hold it already', () => {
    fc.assert(
      fc.property(workspaces, fc.boolean(), (sequence, loaded) => {
        const page = new FilesSent();
        const engine = new FilesHeld();
        let before: readonly InputFile[] = [];
        if (loaded) {
          page.held(sequence[0]!);
          engine.held(sequence[0]!);
          before = sequence[0]!;
        }
        for (const files of sequence) {
          // across the thread boundary, as postMessage copies it
          const sent = structuredClone(page.encode(files));
          expect(engine.decode(sent)).toEqual(files.map((f) => ({ name: f.name, text: f.text })));
          const had = new Map(before.map((f) => [f.name, f.text]));
          for (const [k, f] of sent.entries())
            expect(f.text === undefined).toBe(had.get(files[k]!.name) === files[k]!.text);
          before = files;
        }
      }),
    );
  });

  it('fails loudly on a name sent without a text the engine holds', () => {
    expect(() => new FilesHeld().decode([{ name: 'a.yaml' }])).toThrow(/a\.yaml/);
  });
});
