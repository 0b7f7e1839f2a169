/**
 * Reading manifests: multi-document YAML, JSON, `List` kinds, positions of objects and fields,
 * and recovery from a broken document without losing the others.
 */
import { describe, expect, it } from 'vitest';
import { parseInputs, splitDocuments } from '../../src/sources/parse.js';

const parse = (text: string, name = 'm.yaml') => parseInputs([{ name, text }]);

const MULTI = `# three objects
apiVersion: v1
kind: Namespace
metadata:
  name: dev
---
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: dev
  labels:
    app: web
---
# a comment before the object
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: dev}
spec:
  podSelector: {}
  ingress:
  - from:
    - podSelector:
        matchLabels: {app: web}
    ports:
    - port: 80
`;

describe('YAML documents', () => {
  it('reads every document in order, with its index and the position of its first key', () => {
    const { objects, diagnostics } = parse(MULTI);
    expect(diagnostics).toEqual([]);
    expect(
      objects.map((o) => [o.value.kind, o.source.doc, o.source.line, o.source.column, o.source.path]),
    ).toEqual([
      ['Namespace', 0, 2, 1, []],
      ['Pod', 1, 7, 1, []],
      ['NetworkPolicy', 2, 16, 1, []],
    ]);
    expect(objects[1]!.source.file).toBe('m.yaml');
  });

  it.each<{ field: (string | number)[]; line: number; column: number }>([
    { field: ['metadata', 'labels', 'app'], line: 13, column: 5 },
    { field: ['metadata', 'namespace'], line: 11, column: 3 },
  ])('locates Pod field $field at $line:$column', ({ field, line, column }) => {
    const { objects, locator } = parse(MULTI);
    expect(locator.locate(objects[1]!.source, field)).toEqual({ file: 'm.yaml', line, column });
  });

  it.each<{ field: (string | number)[]; line: number; column: number }>([
    { field: [], line: 16, column: 1 },
    { field: ['spec'], line: 19, column: 1 },
    { field: ['spec', 'podSelector'], line: 20, column: 3 },
    { field: ['spec', 'ingress', 0], line: 22, column: 5 },
    { field: ['spec', 'ingress', 0, 'from', 0, 'podSelector', 'matchLabels'], line: 24, column: 9 },
    { field: ['spec', 'ingress', 0, 'ports', 0, 'port'], line: 26, column: 7 },
    { field: ['metadata', 'name'], line: 18, column: 12 },
    // a field that does not exist: its deepest existing ancestor
    { field: ['spec', 'egress', 3], line: 19, column: 1 },
    { field: ['spec', 'ingress', 5], line: 21, column: 3 },
  ])('locates NetworkPolicy field $field at $line:$column', ({ field, line, column }) => {
    const { objects, locator } = parse(MULTI);
    expect(locator.locate(objects[2]!.source, field)).toEqual({ file: 'm.yaml', line, column });
  });

  it.each([
    { text: '', code: 'EMPTY_INPUT' },
    { text: '\n\n  \n', code: 'EMPTY_INPUT' },
    { text: '# only a comment\n', code: 'EMPTY_INPUT' },
  ])('an empty file is a warning ($code)', ({ text, code }) => {
    const { objects, diagnostics } = parse(text);
    expect(objects).toEqual([]);
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([[code, 'warning']]);
  });

  it('empty documents between markers are skipped silently', () => {
    const { objects, diagnostics } = parse(
      '---\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n---\n',
    );
    expect(diagnostics).toEqual([]);
    expect(objects.map((o) => [o.value.kind, o.source.doc, o.source.line])).toEqual([['Namespace', 1, 3]]);
  });

  it('a syntax error costs only its own document, and is located', () => {
    const text = `apiVersion: v1
kind: Namespace
metadata: {name: a}
---
apiVersion: v1
kind: Pod
metadata: {name: broken
---
apiVersion: v1
kind: Namespace
metadata:
  name: c
`;
    const { objects, diagnostics, locator } = parse(text);
    expect(objects.map((o) => [o.value.kind, o.source.doc, o.source.line])).toEqual([
      ['Namespace', 0, 1],
      ['Namespace', 2, 9],
    ]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: 'YAML_SYNTAX',
      severity: 'error',
      source: { file: 'm.yaml' },
    });
    const at = diagnostics[0]!.source!;
    expect(at.line).toBeGreaterThanOrEqual(7);
    expect(at.line).toBeLessThanOrEqual(8);
    // positions in documents after the broken one are still exact
    expect(locator.locate(objects[1]!.source, ['metadata', 'name'])).toEqual({
      file: 'm.yaml',
      line: 12,
      column: 3,
    });
  });

  it('a document that is not a mapping is reported, the rest loads', () => {
    const { objects, diagnostics } = parse(
      '- a\n- b\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n',
    );
    expect(diagnostics.map((d) => [d.code, d.source?.line])).toEqual([['NOT_AN_OBJECT', 1]]);
    expect(objects).toHaveLength(1);
  });

  it('a byte-order mark is ignored', () => {
    const { objects, diagnostics } = parse('\ufeffapiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n');
    expect(diagnostics).toEqual([]);
    expect(objects[0]!.source).toMatchObject({ line: 1, column: 1 });
  });

  it('NUL bytes mean binary input', () => {
    expect(parse('abc\u0000def').diagnostics.map((d) => d.code)).toEqual(['BINARY_INPUT']);
  });
});

describe('Lists', () => {
  const LIST = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Namespace
  metadata: {name: a}
- apiVersion: v1
  kind: Pod
  metadata:
    name: p
    namespace: a
`;

  it('flattens a List; items keep their path and position', () => {
    const { objects, locator } = parse(LIST);
    expect(objects.map((o) => [o.value.kind, o.source.path, o.source.line, o.source.column])).toEqual([
      ['Namespace', ['items', 0], 4, 3],
      ['Pod', ['items', 1], 7, 3],
    ]);
    expect(locator.locate(objects[1]!.source, ['metadata', 'namespace'])).toEqual({
      file: 'm.yaml',
      line: 11,
      column: 5,
    });
  });

  it('a PodList’s items without kind and apiVersion are Pods of the list’s apiVersion', () => {
    const { objects } = parse(`apiVersion: v1
kind: PodList
items:
- metadata: {name: p1, namespace: a}
- metadata: {name: p2, namespace: a}
  kind: Pod
  apiVersion: v1
`);
    expect(
      objects.map((o) => [o.value.kind, o.value.apiVersion, (o.value.metadata as { name: string }).name]),
    ).toEqual([
      ['Pod', 'v1', 'p1'],
      ['Pod', 'v1', 'p2'],
    ]);
  });

  it('a List item that is not an object is reported with its position', () => {
    const { objects, diagnostics } = parse(
      'apiVersion: v1\nkind: List\nitems:\n- 42\n- {apiVersion: v1, kind: Namespace, metadata: {name: a}}\n',
    );
    expect(objects).toHaveLength(1);
    expect(diagnostics.map((d) => [d.code, d.source?.line])).toEqual([['NOT_AN_OBJECT', 4]]);
  });
});

describe('JSON', () => {
  // a quoted key is located at its first character, inside the quote, like a plain YAML key
  it('reads a JSON object with exact positions', () => {
    const text = '{\n  "apiVersion": "v1",\n  "kind": "Namespace",\n  "metadata": {"name": "a"}\n}\n';
    const { objects, diagnostics, locator } = parse(text, 'ns.json');
    expect(diagnostics).toEqual([]);
    expect(objects[0]!.source).toMatchObject({ file: 'ns.json', doc: 0, line: 1, column: 1 });
    expect(locator.locate(objects[0]!.source, ['metadata', 'name'])).toEqual({
      file: 'ns.json',
      line: 4,
      column: 17,
    });
  });

  it('reads a JSON List (kubectl get -o json) with item positions', () => {
    const text = JSON.stringify(
      {
        apiVersion: 'v1',
        kind: 'List',
        items: [
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } },
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'b' } },
        ],
      },
      null,
      2,
    );
    const { objects, locator } = parse(text, 'list.json');
    expect(objects.map((o) => [o.source.path, o.source.line, o.source.column])).toEqual([
      [['items', 0], 5, 5],
      [['items', 1], 12, 5],
    ]);
    expect(locator.locate(objects[1]!.source, ['metadata', 'name'])).toEqual({
      file: 'list.json',
      line: 16,
      column: 10,
    });
  });

  it('reads single-line JSON', () => {
    const { objects } = parse(
      JSON.stringify({ apiVersion: 'v1', kind: 'PodList', items: [{ metadata: { name: 'p' } }] }),
    );
    expect(objects.map((o) => o.value.kind)).toEqual(['Pod']);
  });

  it('broken JSON is a located syntax error', () => {
    const { objects, diagnostics } = parse(
      '{\n  "kind": "Namespace",\n  "metadata": {"name": "a"\n}\n',
      'bad.json',
    );
    expect(objects).toEqual([]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: 'JSON_SYNTAX',
      severity: 'error',
      source: { file: 'bad.json' },
    });
  });
});

describe('several files', () => {
  it('keep their own names and positions', () => {
    const { objects, locator } = parseInputs([
      { name: 'a.yaml', text: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n' },
      { name: 'b.yaml', text: '\n\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: b\n' },
    ]);
    expect(objects.map((o) => [o.source.file, o.source.line])).toEqual([
      ['a.yaml', 1],
      ['b.yaml', 3],
    ]);
    expect(locator.locate(objects[1]!.source, ['metadata', 'name'])).toEqual({
      file: 'b.yaml',
      line: 6,
      column: 3,
    });
  });
});

describe('splitDocuments', () => {
  it('splits at --- markers only at column 0', () => {
    const chunks = splitDocuments('a: 1\n---\nb: "---"\n  ---\n--- # c\nc: 3\n');
    expect(chunks.map((c) => c.offset)).toEqual([0, 5, 24]);
  });
});
