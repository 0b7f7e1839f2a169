import { describe, expect, it } from 'vitest';
import { scanJson } from '../../src/sources/json-scan.js';
import { parseInputs } from '../../src/sources/parse.js';

describe('scanJson', () => {
  it.each([
    ['[[[]]]', 3, -1],
    ['[[[[]]]]', 3, 3],
    ['["[[[[[[", {"a": "]]]]"}]', 2, -1],
    ['["\\"[[[", [[]]]', 2, 11],
    ['["\\\\", [[]]]', 2, 8],
  ])('finds the first bracket past the limit in %s, skipping strings', (text, max, at) => {
    expect(scanJson(text, 0, max).tooDeep).toBe(at);
  });

  it('finds the start of every item of the top-level items array, whatever the item', () => {
    const text = '{"kind": "List", "items": [ {"a": [1, 2]}, "s,\\"]", 12 ,null,[{}] ], "x": {"items": [1]}}';
    const items = scanJson(text, 0, 64).items;
    expect(items.map((i) => text.slice(i, i + 3))).toEqual(['{"a', '"s,', '12 ', 'nul', '[{}']);
  });

  it.each([
    ['{"items": {"a": [1]}, "b": [2]}'],
    ['{"kind": "items", "b": [2]}'],
    ['{"metadata": {"items": [1]}}'],
    ['[{"items": [1]}]'],
    ['{"items": []}'],
  ])('finds no items where the top-level object has no items array: %s', (text) => {
    expect(scanJson(text, 0, 64).items).toEqual([]);
  });
});

describe('a kubectl get -o json List', () => {
  it('gives each item the line it starts on', () => {
    const item = (name: string) =>
      `    {\n      "apiVersion": "v1",\n      "kind": "Namespace",\n      "metadata": {"name": "${name}"}\n    }`;
    const text = `{\n  "apiVersion": "v1",\n  "items": [\n${item('a')},\n${item('b')}\n  ],\n  "kind": "List"\n}\n`;
    const r = parseInputs([{ name: 'list.json', text }]);
    expect(r.diagnostics).toEqual([]);
    expect(r.objects.map((o) => [o.source.path, o.source.line, o.source.column])).toEqual([
      [['items', 0], 4, 5],
      [['items', 1], 9, 5],
    ]);
  });
});
