/**
 * Hostile input for property tests: random bytes, valid manifests mutated at the text level
 * (characters YAML cares about inserted, lines cut, swapped, re-indented, truncated) and at the
 * structure level (any field replaced by any JSON value), and the whole pipeline they must get
 * through without throwing: read, normalize, compile, reachability, matrix, lint, check,
 * explain and the diagnostics' text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { checkConnection } from '../../src/engine/check.js';
import { type CniProfile, compileCluster } from '../../src/engine/compile.js';
import { buildMatrix } from '../../src/engine/matrix.js';
import { computeReachability } from '../../src/engine/reachability.js';
import type { Target } from '../../src/engine/targets.js';
import { explainConnection } from '../../src/explain/index.js';
import { lintCluster } from '../../src/lint/lint.js';
import { loadManifests } from '../../src/load.js';
import { formatDiagnostic } from '../../src/render/diagnostics.js';
import { PLAIN } from '../../src/render/style.js';
import { type InputFile, parseInputs } from '../../src/sources/parse.js';

/** Valid manifests to mutate: the bundled examples. */
export const SEEDS: readonly string[] = ['examples/tutorial', 'examples/online-shop'].flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => readFileSync(`${dir}/${f}`, 'utf8')),
);

/** Characters that mean something to YAML or JSON, and a few that mean something to terminals. */
/** Names that a lookup in a plain JavaScript object finds even when nobody wrote them. */
const PROTOTYPE_NAMES = [
  'toString',
  'constructor',
  '__proto__',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
];

const SIGNIFICANT = [
  ...':-[]{}&*!|>\'"#%@`,?\t\n\r ',
  '---',
  '...',
  '&a ',
  '*a',
  '<<: ',
  '\u001b',
  '\u0000',
  '\ufeff',
  // runs of blank lines: where backtracking regular expressions blow up
  '\n'.repeat(64),
  ' \n'.repeat(64),
  // names of Object.prototype members: a lookup in a plain object finds them
  ...PROTOTYPE_NAMES,
];

type Mutation = (text: string) => string;

const at = (text: string, r: number) => Math.floor(r * (text.length + 1));

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...SIGNIFICANT)).map(
    ([r, s]) =>
      (t: string) =>
        t.slice(0, at(t, r)) + s + t.slice(at(t, r)),
  ),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 40 })).map(
    ([r, n]) =>
      (t: string) =>
        t.slice(0, at(t, r)) + t.slice(at(t, r) + n),
  ),
  fc.double({ min: 0, max: 1, noNaN: true }).map((r) => (t: string) => t.slice(0, at(t, r))),
  fc.tuple(fc.nat(), fc.nat()).map(([i, j]) => (t: string) => {
    const lines = t.split('\n');
    const a = i % lines.length;
    const b = j % lines.length;
    [lines[a], lines[b]] = [lines[b]!, lines[a]!];
    return lines.join('\n');
  }),
  fc.tuple(fc.nat(), fc.integer({ min: -4, max: 4 })).map(([i, d]) => (t: string) => {
    const lines = t.split('\n');
    const k = i % lines.length;
    lines[k] = d >= 0 ? ' '.repeat(d) + lines[k] : lines[k]!.replace(new RegExp(`^ {0,${-d}}`), '');
    return lines.join('\n');
  }),
  fc.nat().map((i) => (t: string) => {
    const lines = t.split('\n');
    const k = i % lines.length;
    lines.splice(k, 0, lines[k]!);
    return lines.join('\n');
  }),
);

/** A bundled example with a few text mutations. */
export const mutatedText: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...SEEDS), fc.array(mutation, { minLength: 1, maxLength: 6 }))
  .map(([seed, ms]) => ms.reduce((t, m) => m(t), seed));

/** Random text: bytes decoded as UTF-8 (invalid sequences and all), or any string. */
export const randomText: fc.Arbitrary<string> = fc.oneof(
  fc.uint8Array({ maxLength: 400 }).map((b) => new TextDecoder().decode(b)),
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc
    .array(
      fc.constantFrom(...SIGNIFICANT, 'apiVersion: v1', 'kind: Pod', 'metadata:', '  name: x', 'items:'),
      {
        maxLength: 60,
      },
    )
    .map((parts) => parts.join('')),
);

type Json = unknown;

/** Replaces the value at a random path of `value` with `replacement`. */
function replaceAt(value: Json, choices: readonly number[], replacement: Json): Json {
  if (choices.length === 0 || typeof value !== 'object' || value === null) return replacement;
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  if (entries.length === 0) return replacement;
  const [key, child] = entries[choices[0]! % entries.length]!;
  const next = replaceAt(child, choices.slice(1), replacement);
  if (Array.isArray(value)) return value.map((v, i) => (i === key ? next : v));
  return { ...(value as Record<string, Json>), [key]: next };
}

/** The raw objects of the bundled examples, as the parser reads them. */
const SEED_OBJECTS: readonly Json[] = parseInputs(
  SEEDS.map((text, i) => ({ name: `seed${i}.yaml`, text })),
).objects.map((o) => o.value);

/** Any JSON value, names of Object.prototype members and label maps using them as keys. */
const anyValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom<Json>(...PROTOTYPE_NAMES) },
  { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_NAMES).map((k): Json => ({ [k]: 'xx', app: 'web' })) },
);

/** A JSON List of example objects with fields replaced by arbitrary JSON values. */
export const mutatedStructure: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(fc.constantFrom(...SEED_OBJECTS), { minLength: 1, maxLength: 8 }),
    fc.array(fc.tuple(fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), anyValue), {
      minLength: 1,
      maxLength: 4,
    }),
  )
  .map(([items, replacements]) => {
    let list: Json = { apiVersion: 'v1', kind: 'List', items };
    for (const [path, value] of replacements) list = replaceAt(list, [2, ...path], value);
    return JSON.stringify(list);
  });

/**
 * Runs every stage on `files`; throws only when a stage throws (a bug) or a diagnostic is
 * malformed.
 */
export function runPipeline(files: readonly InputFile[], cni: CniProfile = 'upstream'): void {
  const cluster = loadManifests(files);
  for (const d of cluster.diagnostics) {
    if (typeof d.code !== 'string' || typeof d.message !== 'string')
      throw new Error(`malformed diagnostic ${JSON.stringify(d)}`);
    if (d.source !== undefined && (d.source.line < 1 || d.source.column < 1))
      throw new Error(`diagnostic ${d.code} at ${d.source.line}:${d.source.column}`);
    formatDiagnostic(d, PLAIN);
  }
  const compiled = compileCluster(cluster, { cni });
  const reach = computeReachability(compiled);
  buildMatrix(reach, { granularity: 'workload' });
  lintCluster(cluster);
  const [a, b] = cluster.endpoints;
  if (a !== undefined) {
    const src: Target = { type: 'endpoint', endpoint: a };
    const dst: Target = { type: 'endpoint', endpoint: b ?? a };
    explainConnection(compiled, checkConnection(compiled, src, dst, 80, 'TCP'));
    const svc = cluster.services[0];
    if (svc !== undefined)
      explainConnection(
        compiled,
        checkConnection(compiled, src, { type: 'service', service: svc }, 80, 'TCP'),
      );
  }
}

/** Keys of label maps and selectors: where a name like `toString` must stay a plain key. */
const LABEL_MAPS = new Set(['labels', 'matchLabels', 'selector']);

/**
 * Adds `key: value` to every label map and selector of `value` (a deep copy), and turns every
 * matchExpressions key into `key`, so selectors ask for a label no pod carries.
 */
function withLabelKey(value: Json, key: string, label: string, expressions: boolean): Json {
  if (Array.isArray(value)) return value.map((v) => withLabelKey(v, key, label, expressions));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(value)) {
    if (LABEL_MAPS.has(k) && typeof v === 'object' && v !== null && !Array.isArray(v)) {
      out[k] = { ...(withLabelKey(v, key, label, expressions) as Record<string, Json>), [key]: label };
    } else if (k === 'key' && expressions && typeof v === 'string') out[k] = key;
    else out[k] = withLabelKey(v, key, label, expressions);
  }
  return out;
}

/**
 * Example objects whose label maps, selectors and selector requirements use a name of an
 * Object.prototype member as a key (only on some objects, so that selectors miss).
 */
export const prototypeKeys: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(fc.tuple(fc.constantFrom(...SEED_OBJECTS), fc.boolean()), { minLength: 1, maxLength: 12 }),
    fc.constantFrom(...PROTOTYPE_NAMES.filter((n) => n !== '__proto__')),
    fc.constantFrom('xx', 'web', ''),
    fc.boolean(),
  )
  .map(([picked, key, label, expressions]) =>
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: picked.map(([o, change]) => (change ? withLabelKey(o, key, label, expressions) : o)),
    }),
  );
