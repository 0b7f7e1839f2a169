import fc from 'fast-check';
import { loadAll, YAML11_SCHEMA } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { readFastYaml } from '../../src/sources/fast-yaml.js';
import { type InputFile, parseInputs, parseListItems } from '../../src/sources/parse.js';
import {
  documentRoots,
  listItemNodes,
  nodeStart,
  parseYamlEvents,
  sequenceItems,
} from '../../src/sources/yaml-events.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 400);

/** What js-yaml's loader gives for a text (YAML 1.1 schema), or the error it throws. */
function load(text: string): { values: unknown[] } | { error: true } {
  try {
    return { values: loadAll(text, { schema: YAML11_SCHEMA, maxDepth: 64 }) };
  } catch {
    return { error: true };
  }
}

/** The root and `items` offsets js-yaml's events give, to compare with the fast reader's. */
function eventStarts(text: string) {
  const events = parseYamlEvents(text);
  const roots = documentRoots(events);
  return roots.map((root) => {
    const root0 = events[root];
    const items =
      root0?.type === 2 /* sequence */
        ? [...sequenceItems(events, root)]
        : root0?.type === 3 /* mapping */
          ? listItemNodes(text, events, root)
          : [];
    return { start: nodeStart(events, root), items: items.map((i) => nodeStart(events, i)) };
  });
}

/** Texts the fast reader read (not gave up on), so the property is seen to test something. */
let read = 0;

/** Checks the fast reader against js-yaml on one text: same values and positions, or it gives up. */
function agree(text: string) {
  const fast = readFastYaml(text);
  const ref = load(text);
  if (fast === undefined) return;
  read++;
  expect('values' in ref, `js-yaml refuses what the fast reader read:\n${text}`).toBe(true);
  if (!('values' in ref)) return;
  expect(fast.values).toStrictEqual(ref.values);
  const starts = eventStarts(text);
  expect(fast.starts).toEqual(starts.map((s) => s.start));
  fast.items.forEach((items, k) => {
    items?.forEach((offset, i) => {
      if (offset >= 0) expect(offset).toBe(starts[k]!.items[i]);
    });
  });
}

// Scalars of YAML 1.1 and the plain, quoted and odd forms manifests hold.
const scalar = fc.constantFrom(
  'x',
  'nginx:1.25',
  'http://a.b/c?d=e',
  'a b c',
  'on',
  'off',
  'yes',
  'No',
  'y',
  'n',
  'true',
  'False',
  '~',
  'null',
  'NULL',
  '0755',
  '0o17',
  '0x1F',
  '0b101',
  '1_000',
  '1:30',
  '190:20:30',
  '-1',
  '+12',
  '1.5',
  '1.50',
  '1e3',
  '.inf',
  '-.Inf',
  '.nan',
  '2024-01-02',
  '2001-12-14t21:59:43.10-05:00',
  '"quoted"',
  "'single'",
  "'it''s'",
  '"a # b"',
  "''",
  '""',
  '{}',
  '[]',
  '{a: 1}',
  '[1, 2]',
  'a # comment',
  'a#b',
  '&anchor x',
  '*anchor',
  '!!str 1',
  '|\n    block',
  '>-\n    folded',
  '"esc\\n"',
  '"unclosed',
  'a: b',
  'a:',
  '- x',
  '-',
  ':x',
  '?x',
  '@x',
  '`x',
  '%x',
  'é',
  'tab\there',
  'x\r',
  'x   ',
  'x\u00a0',
  '\u00a0x',
);

const key = fc.constantFrom(
  'a',
  'name',
  'app.kubernetes.io/name',
  'k8s:io.kubernetes.pod.namespace',
  '80',
  'on',
  'yes',
  'null',
  '1.50',
  '0x10',
  '2024-01-02',
  '__proto__',
  '<<',
  '"q"',
  'a b',
  '-x',
  '.x',
  'items',
  'kind',
);

interface Node {
  readonly type: 'map' | 'seq' | 'scalar';
  readonly entries?: readonly (readonly [string, Node])[];
  readonly items?: readonly Node[];
  readonly value?: string;
}

const node: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar.map((value) => ({ type: 'scalar' as const, value })),
    fc
      .array(fc.tuple(key, tie('node')), { minLength: 1, maxLength: 4 })
      .map((entries) => ({ type: 'map' as const, entries })),
    fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((items) => ({ type: 'seq' as const, items })),
  ),
})).node;

const style = fc.record({
  indent: fc.constantFrom(1, 2, 4),
  sameIndentSeq: fc.boolean(),
  comments: fc.boolean(),
  blank: fc.boolean(),
});

type Style = { indent: number; sameIndentSeq: boolean; comments: boolean; blank: boolean };

/** Writes a node as block YAML (`pad` columns in), the way manifests and kubectl write it. */
function write(n: Node, pad: number, s: Style): string[] {
  const sp = ' '.repeat(pad);
  const extra = (lines: string[]) => {
    if (s.comments) lines.push(`${sp}# note`);
    if (s.blank) lines.push('');
    return lines;
  };
  if (n.type === 'scalar') return [`${sp}${n.value}`];
  if (n.type === 'map') {
    return n.entries!.flatMap(([k, v]) => {
      if (v.type === 'scalar') return extra([`${sp}${k}: ${v.value}`]);
      const inner = v.type === 'seq' && s.sameIndentSeq ? pad : pad + s.indent;
      return extra([`${sp}${k}:${s.comments ? ' # c' : ''}`, ...write(v, inner, s)]);
    });
  }
  return n.items!.flatMap((item) => {
    if (item.type === 'scalar') return [`${sp}- ${item.value}`];
    if (item.type === 'map') {
      const [first, ...rest] = write(item, pad + 2, s);
      return [`${sp}- ${first!.trimStart()}`, ...rest];
    }
    return [`${sp}-`, ...write(item, pad + s.indent, s)];
  });
}

const stream = fc
  .record({
    docs: fc.array(fc.tuple(node, style), { minLength: 0, maxLength: 4 }),
    leading: fc.constantFrom('', '# head\n', '---\n', '--- # c\n', '\n\n'),
    trailing: fc.constantFrom('', '\n', '---\n', '...\n', '# end'),
    rootPad: fc.constantFrom(0, 0, 1),
    crlf: fc.boolean(),
  })
  .map(({ docs, leading, trailing, rootPad, crlf }) => {
    const body = docs.map(([n, s]) => write(n, rootPad, s).join('\n')).join('\n---\n');
    const text = `${leading}${body}${body === '' ? '' : '\n'}${trailing}`;
    return crlf ? text.replaceAll('\n', '\r\n') : text;
  });

describe('readFastYaml', () => {
  it('reads what js-yaml reads, with the same values and root and item positions, or gives up', () => {
    read = 0;
    fc.assert(fc.property(stream, agree), { numRuns: RUNS });
    expect(read).toBeGreaterThan(RUNS / 10);
  });

  it.each([
    ['a plain manifest', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {}\n'],
    ['YAML 1.1 scalars', 'a: on\nb: yes\nc: 0755\nd: 2024-01-02\ne: ~\nf: 1_000\ng: y\nh: .5\n'],
    ['YAML 1.1 keys', 'on: 1\n80: http\n1.50: x\nnull: y\n'],
    ['same-indent sequences', 'a:\n- 1\n- b: 2\n  c: 3\nd: 4\n'],
    ['null items and values', 'a:\nb:\n- \n-\nc: # x\n'],
    ['markers and empty documents', '# x\n---\n---\na: 1\n---\n'],
    ['quotes', `a: 'it''s'\nb: "x # y"\nc: '' # c\n`],
    ['non-breaking spaces (kept: YAML trims spaces only)', 'a: x\u00a0\nb: \u00a0y\nc: x \u00a0 # c\n'],
    ['colons in keys and values', 'k8s:io.x: a:b\nurl: http://x:80/y\n'],
    ['CRLF line ends', '# c\r\n---\r\na: 1\r\nb:\r\n- x # c\r\n-\r\n  c: "q"\r\n\r\n---\r\n'],
    ['an indented root', '---\n  a: 1\n  b:\n    - c\n'],
    ['a List', 'apiVersion: v1\nitems:\n- kind: Pod\n  metadata: {}\n-\n  kind: Pod\n- {}\nkind: List\n'],
  ])('reads %s as js-yaml does', (_, text) => {
    expect(readFastYaml(text)).toBeDefined();
    agree(text);
  });

  it.each([
    ['an anchor and alias', 'a: &x 1\nb: *x\n'],
    ['a merge key', 'a: {}\n<<: {}\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a block scalar', 'a: |\n  x\n'],
    ['a multi-line plain scalar', 'a: x\n  y\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a tab', 'a:\t1\n'],
    ['a lone CR', 'a: 1\rb: 2\n'],
    ['a byte-order mark', '\ufeffa: 1\n'],
    ['a flow mapping with content', 'a: {b: 1}\n'],
    ['an escape', 'a: "x\\ty"\n'],
    ['a syntax error', 'a: b: c\n'],
    ['a bad indentation', 'a:\n    b: 1\n  c: 2\n'],
    ['a quoted key', '"a": 1\n'],
    ['a timestamp key', '2024-01-02: x\n'],
    ['a __proto__ key', '__proto__: x\n'],
    ['a document end marker', 'a: 1\n...\n'],
    ['a directive', '%YAML 1.1\n---\na: 1\n'],
    ['a scalar document', 'hello\n'],
    ['deep nesting', `${Array.from({ length: 60 }, (_, i) => `${' '.repeat(i)}a:`).join('\n')} 1\n`],
  ])('gives up on %s', (_, text) => {
    expect(readFastYaml(text)).toBeUndefined();
  });
});

/** Every path to a value in `value`, to locate each one. */
function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []) {
  if (out.length > 200) return out;
  out.push(prefix);
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      paths(v, [...prefix, i], out);
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  }
  return out;
}

/** parseInputs with the fast reader and with the event parser alone agree on everything. */
function sameAsEvents(files: readonly InputFile[], runSize?: number) {
  const fast = parseInputs(files, runSize);
  const slow = parseInputs(files, runSize, false);
  expect(fast.objects).toStrictEqual(slow.objects);
  expect(fast.diagnostics).toStrictEqual(slow.diagnostics);
  for (const o of fast.objects) {
    for (const field of paths(o.value)) {
      expect(fast.locator.locate(o.source, field)).toEqual(slow.locator.locate(o.source, field));
    }
  }
}

const manifest = (i: number, extra: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np${i}\n  namespace: n${i % 3}\nspec:\n  podSelector:\n    matchLabels:\n      app: a${i}\n  ingress:\n  - from:\n    - podSelector: {}\n    ports:\n    - port: ${80 + i}\n      protocol: TCP\n${extra}`;

const extras = fc.constantFrom(
  '',
  '  egress: []\n',
  '  policyTypes: [Ingress]\n',
  '  note: &a x\n  again: *a\n',
  '  broken: [\n',
  '  dup: 1\n  dup: 2\n',
  '  on: yes\n',
  '  text: |\n    multi\n    line\n',
);

describe('parseInputs with the fast reader', () => {
  it('gives the objects, diagnostics and field positions the event parser gives', () => {
    const files = fc
      .array(
        fc.record({
          docs: fc.array(extras, { minLength: 1, maxLength: 12 }),
          crlf: fc.boolean(),
          bom: fc.boolean(),
          list: fc.boolean(),
        }),
        { minLength: 1, maxLength: 3 },
      )
      .map((specs) =>
        specs.map((spec, f): InputFile => {
          let text = spec.list
            ? `apiVersion: v1\nkind: List\nitems:\n${spec.docs
                .map((e, i) =>
                  manifest(i, e)
                    .split('\n')
                    .map((l, k) => (l === '' ? l : k === 0 ? `- ${l}` : `  ${l}`))
                    .join('\n'),
                )
                .join('')}`
            : spec.docs.map((e, i) => manifest(i, e)).join('---\n');
          if (spec.crlf) text = text.replaceAll('\n', '\r\n');
          if (spec.bom) text = `\ufeff${text}`;
          return { name: `f${f}.yaml`, text };
        }),
      );
    fc.assert(
      fc.property(files, fc.constantFrom(256, 2048, 1 << 20), (fs, runSize) => sameAsEvents(fs, runSize)),
      { numRuns: Math.ceil(RUNS / 4) },
    );
  });

  it('reads a syntax error mid-file as the event parser does, all else loading', () => {
    const docs = Array.from({ length: 30 }, (_, i) => manifest(i, i === 13 ? '  broken: [\n' : ''));
    const text = docs.join('---\n');
    sameAsEvents([{ name: 'f.yaml', text }], 1024);
    const parsed = parseInputs([{ name: 'f.yaml', text }], 1024);
    expect(parsed.objects).toHaveLength(29);
    expect(parsed.diagnostics.map((d) => d.code)).toEqual(['YAML_SYNTAX']);
  });

  it('reads List parts (parallel reading) as the event parser does', () => {
    const items = Array.from({ length: 5 }, (_, i) =>
      manifest(i, '')
        .split('\n')
        .map((l, k) => (l === '' ? l : k === 0 ? `- ${l}` : `  ${l}`))
        .join('\n'),
    ).join('');
    const part = { first: 3, kind: 'NetworkPolicyList', apiVersion: 'v1' };
    const fast = parseListItems({ name: 'l.yaml', text: items }, part);
    expect(fast).toStrictEqual(parseListItems({ name: 'l.yaml', text: items }, part, false));
    expect(fast.objects).toHaveLength(5);
  });
});
