/**
 * Bounds on what a document may grow to: alias expansion (billion laughs), values that contain
 * themselves, and JSON nesting. Each check is linear in the text, never in the expansion.
 */
import { describe, expect, it } from 'vitest';
import { checkExpansion, MAX_EXPANSION } from '../../src/sources/expansion.js';
import { parseInputs } from '../../src/sources/parse.js';

const parse = (text: string) => parseInputs([{ name: 'm.yaml', text }]);

/** `levels` levels of `fan` aliases to the level below: fan^levels values from a few lines. */
function laughs(levels: number, fan: number): string {
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: c, namespace: n}', 'data:'];
  lines.push(`  l0: &l0 [${Array(fan).fill('"lol"').join(', ')}]`);
  for (let i = 1; i <= levels; i++)
    lines.push(
      `  l${i}: &l${i} [${Array(fan)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  return `${lines.join('\n')}\n`;
}

describe('checkExpansion', () => {
  it('counts a shared value once per place it appears', () => {
    const leaf = ['a', 'b'];
    expect(checkExpansion({ x: leaf, y: leaf }, 0)).toBeUndefined();
    const wide = Array(MAX_EXPANSION).fill(leaf);
    expect(checkExpansion(wide, 0)).toEqual({ type: 'too-large', limit: MAX_EXPANSION });
    // the values written in the text are allowed on top of the expansion
    expect(checkExpansion(wide, 4 * MAX_EXPANSION)).toBeUndefined();
  });

  it('finds a value that contains itself', () => {
    const a: unknown[] = [];
    a.push({ b: a });
    expect(checkExpansion({ root: a }, 10)).toEqual({ type: 'cycle' });
  });
});

describe('alias bombs in documents', () => {
  it('a modest reuse of anchors loads', () => {
    const r = parse(laughs(2, 10));
    expect(r.diagnostics).toEqual([]);
    expect(r.objects).toHaveLength(1);
  });

  it('a billion laughs is refused, and costs only its own document', () => {
    const r = parse(`${laughs(9, 10)}---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ok}\n`);
    expect(r.diagnostics.map((d) => [d.code, d.source?.line])).toEqual([['TOO_MANY_ALIASES', 1]]);
    expect(r.objects.map((o) => o.value.kind)).toEqual(['Namespace']);
  });

  it('a List that contains itself is refused rather than flattened forever', () => {
    const r = parse('apiVersion: v1\nkind: List\nitems: &i\n  - {apiVersion: v1, kind: List, items: *i}\n');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['TOO_MANY_ALIASES']);
    expect(r.objects).toEqual([]);
  });
});

describe('nested Lists', () => {
  it('are flattened, each item at its own position', () => {
    const r = parse(`apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: PodList
    items:
      - metadata: {name: a, namespace: n}
      - metadata: {name: b, namespace: n}
  - {apiVersion: v1, kind: Namespace, metadata: {name: n}}
`);
    expect(r.diagnostics).toEqual([]);
    expect(r.objects.map((o) => [o.value.kind, o.source.line, o.source.column, o.source.path])).toEqual([
      ['Pod', 7, 9, ['items', 0, 'items', 0]],
      ['Pod', 8, 9, ['items', 0, 'items', 1]],
      ['Namespace', 9, 5, ['items', 1]],
    ]);
    expect(r.locator.locate(r.objects[1]!.source, ['metadata', 'name'])).toEqual({
      file: 'm.yaml',
      line: 8,
      column: 20,
    });
  });
});

describe('line endings and byte-order marks', () => {
  it('CRLF: object and field positions are exact', () => {
    const text =
      'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: a\r\n  namespace: n\r\n  labels:\r\n    app: x\r\n';
    const r = parse(text);
    expect(r.diagnostics).toEqual([]);
    expect(r.locator.locate(r.objects[0]!.source, ['metadata', 'labels', 'app'])).toEqual({
      file: 'm.yaml',
      line: 7,
      column: 5,
    });
  });

  it('a BOM and CRLF: a syntax error is located on its line, the excerpt without the CR', () => {
    const r = parse('\ufeffapiVersion: v1\r\nkind: Pod\r\nmetadata: {name: a\r\n');
    expect(r.diagnostics.map((d) => [d.code, d.source?.line, d.source?.column, d.excerpt])).toEqual([
      ['YAML_SYNTAX', 3, 19, 'metadata: {name: a'],
    ]);
  });

  it('hundreds of blank and comment lines before the content are read (no backtracking blow-up)', () => {
    const r = parse(`${'\n  \r\n# c\n'.repeat(300)}apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n`);
    expect(r.diagnostics).toEqual([]);
    expect(r.objects[0]!.source.line).toBe(901);
  });

  it('a broken document among many blank lines: located, and the next document still loads', () => {
    const blank = '\n'.repeat(20_000);
    const r = parse(`${blank}kind: [\n---${blank}apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n`);
    expect(r.diagnostics.map((d) => [d.code, d.source?.line])).toEqual([['YAML_SYNTAX', 20_001]]);
    expect(r.objects.map((o) => o.value.kind)).toEqual(['Namespace']);
  });

  it('an empty file and a file of document markers are empty input, not an error', () => {
    expect(parse('').diagnostics.map((d) => [d.code, d.severity])).toEqual([['EMPTY_INPUT', 'warning']]);
    expect(parse('---\n# x\n---\n...\n').diagnostics.map((d) => d.code)).toEqual(['EMPTY_INPUT']);
  });
});
