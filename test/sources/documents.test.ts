import { describe, expect, it } from 'vitest';
import { listLayout } from '../../src/sources/documents.js';
import { parsePiece } from '../../src/sources/parallel.js';

const list = (items: string, rest = 'kind: List\nmetadata: {}\n') =>
  `apiVersion: v1\nitems:\n${items}${rest}`;

describe('listLayout', () => {
  it.each([
    ['items at column 0', list('- a: 1\n  b: 2\n- a: 3\n'), 2],
    ['items indented', list('  - a: 1\n    b: [1,\n      2]\n  # note\n  - a: 3\n'), 2],
    ['items last in the document', 'kind: List\nitems:\n- a: 1\n-\n  a: 2\n', 2],
    ['a comment at column 0 between items', list('- a: 1\n# c\n- a: 3\n'), 2],
  ])('finds each item line: %s', (_, text, count) => {
    const layout = listLayout(text);
    expect(layout?.items.length).toBe(count);
    for (const at of layout!.items) expect(text.slice(at).trimStart()).toMatch(/^-[ \n]/);
    expect(text.slice(layout!.end)).toMatch(/^(kind: List|)/);
  });

  it.each([
    ['several documents', `${list('- a: 1\n')}---\n${list('- a: 2\n')}`],
    ['a flow sequence', 'kind: List\nitems: [{a: 1}]\n'],
    ['no items key', 'kind: Pod\nmetadata: {}\n'],
    ['a key at the items indentation', list('  - a: 1\n  b: 2\n')],
    ['a directive', `%YAML 1.1\n---\n${list('- a: 1\n')}`],
    ['JSON', '{"kind": "List", "items": []}'],
  ])('is undefined for %s', (_, text) => {
    expect(listLayout(text)).toBeUndefined();
  });
});

describe('parsePiece of List items', () => {
  it('reads them as the items they are, kind filled from the List, lines of the part', () => {
    const text = '- metadata: {name: a}\n- apiVersion: v2\n  kind: Other\n';
    const r = parsePiece({ name: 'f', text, list: { first: 5, kind: 'PodList', apiVersion: 'v1' } });
    expect(r.diagnostics).toEqual([]);
    expect(r.objects.map((o) => [o.value.kind, o.value.apiVersion, o.source.path, o.source.line])).toEqual([
      ['Pod', 'v1', ['items', 5], 1],
      ['Other', 'v2', ['items', 6], 2],
    ]);
  });

  it.each([
    ['a syntax error', '- a: [1\n'],
    ['aliases', '- &x {a: 1}\n- *x\n'],
    ['an item that is not an object', '- 1\n'],
    ['a mapping instead of items', 'a: 1\n'],
  ])('gives a diagnostic (the file is then read whole) for %s', (_, text) => {
    const r = parsePiece({ name: 'f', text, list: { first: 0, kind: 'List', apiVersion: 'v1' } });
    expect(r.diagnostics.length).toBeGreaterThan(0);
  });
});
