import { constructFromEvents, EVENT_ID, type Event, YAML11_SCHEMA, YAMLException } from 'js-yaml';
import type { Diagnostic, DiagnosticCode } from '../model/diagnostics.js';
import type { PathSegment, SourceLocator, SourcePosition, SourceRef } from '../model/source.js';
import { type DocumentRun, documentRuns } from './documents.js';
import { checkExpansion, MAX_EXPANSION } from './expansion.js';
import { type FastDocuments, readFastYaml } from './fast-yaml.js';
import { scanJson } from './json-scan.js';
import { LineIndex } from './line-index.js';
import {
  documentRoots,
  listItemNodes,
  locatePath,
  MAX_DEPTH,
  nodeStart,
  parseYamlEvents,
  sequenceItems,
} from './yaml-events.js';

/** A named text to read manifests from: a file, stdin (`-`), or an editor buffer. */
export interface InputFile {
  readonly name: string;
  readonly text: string;
}

/** One Kubernetes object as written, with where it was written. */
export interface RawObject {
  readonly value: Readonly<Record<string, unknown>>;
  readonly source: SourceRef;
}

export interface ParsedInput {
  readonly objects: readonly RawObject[];
  readonly diagnostics: readonly Diagnostic[];
  readonly locator: SourceLocator;
}

/** Aliases per document; real manifests use a handful, alias bombs use thousands. */
export const MAX_ALIASES = 500;

/**
 * Reads every file as multi-document YAML or JSON and returns the objects in it, `List` kinds
 * flattened. Never throws: unreadable documents become diagnostics and the rest still loads.
 * `runSize` (for tests) is the size of the runs large files are read in, see RUN_SIZE; `fast`
 * false (for tests) reads everything with the event parser, never with readFastYaml.
 */
export function parseInputs(files: readonly InputFile[], runSize = RUN_SIZE, fast = true): ParsedInput {
  const objects: RawObject[] = [];
  const diagnostics: Diagnostic[] = [];
  const locator = new ManifestLocator();
  const read = fast ? readFast : () => undefined;
  for (const file of files) parseFile(file, locator, objects, diagnostics, runSize, read);
  return { objects, diagnostics, locator };
}

interface Chunk {
  /** Offset of the chunk in the file. */
  readonly offset: number;
  readonly text: string;
}

interface FileEntry {
  readonly text: string;
  readonly lines: LineIndex;
  /**
   * Set when the file was read in parts: runs of whole documents (a large file), or one chunk
   * per document (`firstDoc` absent: a file with a syntax error, read document by document).
   */
  readonly chunks?: readonly (Chunk | DocumentRun)[];
}

/**
 * Large multi-document files are read in runs of about this many characters: each run's events
 * are dropped as soon as its objects are built, so they die young instead of living (and being
 * copied by the garbage collector) until the whole file is read; positions are looked up again
 * in one run, not in the whole file.
 */
export const RUN_SIZE = 32 * 1024;

function parseFile(
  file: InputFile,
  locator: ManifestLocator,
  objects: RawObject[],
  diagnostics: Diagnostic[],
  runSize: number,
  read: (text: string) => FastDocuments | undefined,
) {
  const text = file.text.charCodeAt(0) === 0xfeff ? file.text.slice(1) : file.text;
  if (text.includes('\u0000')) {
    diagnostics.push(
      fileDiagnostic('BINARY_INPUT', 'error', file.name, 'is not text (it contains NUL bytes)'),
    );
    return;
  }
  if (onlyComments(text)) {
    diagnostics.push(fileDiagnostic('EMPTY_INPUT', 'warning', file.name, 'has no documents'));
    return;
  }
  const lines = new LineIndex(text);
  const first = text.search(/\S/);
  const ch = text[first];
  if (ch === '{' || ch === '[') {
    const scan = scanJson(text, first, MAX_DEPTH);
    if (scan.tooDeep >= 0) {
      diagnostics.push(tooDeep(file.name, lines.position(scan.tooDeep), lineText(text, scan.tooDeep)));
      return;
    }
    try {
      const value = JSON.parse(text) as unknown;
      locator.add(file.name, { text, lines });
      addDocument(file.name, 0, value, text, lines, first, { items: scan.items }, objects, diagnostics);
      return;
    } catch {
      // not strict JSON: YAML (a superset) reads it or says exactly where it breaks
    }
  }
  const runs = documentRuns(text, runSize);
  if (runs !== undefined && parseRuns(file.name, text, lines, runs, locator, objects, diagnostics, read))
    return;
  const fast = runs === undefined ? read(text) : undefined;
  if (fast !== undefined) {
    locator.add(file.name, { text, lines });
    addFastDocuments(file.name, 0, 0, fast, text, lines, objects, diagnostics);
    if (fast.values.every((v) => v === null || v === undefined))
      diagnostics.push(fileDiagnostic('EMPTY_INPUT', 'warning', file.name, 'has no documents'));
    return;
  }
  try {
    const events = parseYamlEvents(text);
    const values = constructFromEvents(events, {
      source: text,
      schema: YAML11_SCHEMA,
      maxAliases: MAX_ALIASES,
    });
    locator.add(file.name, { text, lines });
    const roots = documentRoots(events);
    const aliases = hasAliases(events);
    values.forEach((value, doc) => {
      const root = roots[doc] ?? -1;
      addDocument(
        file.name,
        doc,
        value,
        text,
        lines,
        nodeStart(events, root),
        { events, root, aliases },
        objects,
        diagnostics,
      );
    });
    if (values.every((v) => v === null || v === undefined))
      diagnostics.push(fileDiagnostic('EMPTY_INPUT', 'warning', file.name, 'has no documents'));
  } catch (err) {
    if (!(err instanceof YAMLException)) throw err;
    parseChunks(file.name, text, lines, ch === '{' || ch === '[', locator, objects, diagnostics);
  }
}

/**
 * Reads a file run by run (see RUN_SIZE), documents numbered and placed as reading it whole
 * does. Returns false, having added nothing, when a run has a syntax error (the file is then
 * read document by document, to say where) or an alias (whose expansion is bounded by the size
 * of the whole stream): the caller reads the file whole.
 */
function parseRuns(
  name: string,
  text: string,
  lines: LineIndex,
  runs: readonly DocumentRun[],
  locator: ManifestLocator,
  objects: RawObject[],
  diagnostics: Diagnostic[],
  read: (text: string) => FastDocuments | undefined,
): boolean {
  const objectCount = objects.length;
  const diagnosticCount = diagnostics.length;
  const undo = () => {
    objects.length = objectCount;
    diagnostics.length = diagnosticCount;
    return false;
  };
  let empty = true;
  for (const run of runs) {
    const fast = read(run.text);
    if (fast !== undefined) {
      if (fast.values.some((v) => v !== null && v !== undefined)) empty = false;
      addFastDocuments(name, run.firstDoc, run.offset, fast, run.text, lines, objects, diagnostics);
      continue;
    }
    let events: Event[];
    let values: unknown[];
    try {
      events = parseYamlEvents(run.text);
      values = constructFromEvents(events, {
        source: run.text,
        schema: YAML11_SCHEMA,
        maxAliases: MAX_ALIASES,
      });
    } catch (err) {
      if (!(err instanceof YAMLException)) throw err;
      return undo();
    }
    if (hasAliases(events)) return undo();
    const roots = documentRoots(events);
    values.forEach((value, k) => {
      if (value !== null && value !== undefined) empty = false;
      const root = roots[k] ?? -1;
      const start = nodeStart(events, root);
      const at = start < 0 ? -1 : start + run.offset;
      const ctx = { events, root, base: run.offset };
      addDocument(name, run.firstDoc + k, value, run.text, lines, at, ctx, objects, diagnostics);
    });
  }
  locator.add(name, { text, lines, chunks: runs });
  if (empty) diagnostics.push(fileDiagnostic('EMPTY_INPUT', 'warning', name, 'has no documents'));
  return true;
}

/**
 * Reads a text with the fast reader (see readFastYaml), or returns undefined for the event
 * parser to read it: when the fast reader does not read it, or when it holds a `List` whose
 * item positions the fast reader does not know (an item that is not a mapping, a List in a List).
 */
function readFast(text: string): FastDocuments | undefined {
  const fast = readFastYaml(text);
  if (fast === undefined) return undefined;
  for (let k = 0; k < fast.values.length; k++) {
    const value = fast.values[k];
    if (!isList(value)) continue;
    const items = value.items as unknown[];
    const starts = fast.items[k];
    if (starts === undefined || starts.length !== items.length || starts.some((s) => s < 0)) return undefined;
    if (items.some(isList)) return undefined;
  }
  return fast;
}

/** A `List` kind with items, as addObject flattens it. */
function isList(value: unknown): value is Record<string, unknown> {
  return (
    isRecord(value) &&
    typeof value.kind === 'string' &&
    value.kind.endsWith('List') &&
    Array.isArray(value.items)
  );
}

const NO_ITEMS: readonly number[] = [];

/** Adds the documents the fast reader read from `text`, which starts at `base` in the file. */
function addFastDocuments(
  name: string,
  firstDoc: number,
  base: number,
  fast: FastDocuments,
  text: string,
  lines: LineIndex,
  objects: RawObject[],
  diagnostics: Diagnostic[],
) {
  fast.values.forEach((value, k) => {
    const start = fast.starts[k] ?? -1;
    const at = start < 0 ? -1 : start + base;
    // Only a List's items need positions of their own (see readFast).
    const starts = isList(value) ? (fast.items[k] ?? NO_ITEMS) : NO_ITEMS;
    const items = base === 0 ? starts : starts.map((s) => s + base);
    addDocument(name, firstDoc + k, value, text, lines, at, { items }, objects, diagnostics);
  });
}

/**
 * Whether a text holds nothing but blank lines and comments. A loop, not a regular expression:
 * `/^(\s*(#.*)?\n)*$/` backtracks exponentially on a few dozen blank lines before the content.
 */
function onlyComments(text: string): boolean {
  let start = 0;
  while (start <= text.length) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end < 0 ? text.length : end).trimStart();
    if (line !== '' && !line.startsWith('#')) return false;
    if (end < 0) return true;
    start = end + 1;
  }
  return true;
}

/** Some items of a one-document `List`, read apart from the rest (see parseListItems). */
export interface ListPart {
  /** Index in the List's `items` of the first item of the part. */
  readonly first: number;
  /** The List's kind and apiVersion, which items without a kind take. */
  readonly kind: string;
  readonly apiVersion: unknown;
}

/**
 * Reads `file.text`, some whole items of a one-document List's block sequence cut at item
 * lines, as the items `part.first`, `part.first + 1`, … of that List: the objects reading the
 * whole file gives for them, positions relative to the text. Anything unusual (a syntax error,
 * aliases, an item that is not an object) comes back as a diagnostic, so the caller reads the
 * file whole instead.
 */
export function parseListItems(
  file: InputFile,
  part: ListPart,
  fastRead = true,
): Omit<ParsedInput, 'locator'> {
  const objects: RawObject[] = [];
  const diagnostics: Diagnostic[] = [];
  const { text, name } = file;
  const lines = new LineIndex(text);
  const unusual = (what: string) =>
    diagnostics.push(fileDiagnostic('YAML_SYNTAX', 'error', name, `has List items that ${what}`));
  const itemKind = part.kind === 'List' ? undefined : part.kind.slice(0, -'List'.length);
  const addItem = (item: unknown, k: number, start: number, at: (p: readonly PathSegment[]) => number) => {
    const path = ['items', part.first + k];
    const pos = lines.position(Math.max(0, start));
    const source: SourceRef = { file: name, doc: 0, path, line: pos.line, column: pos.column };
    if (!isRecord(item)) {
      diagnostics.push(notAnObject(source, item, path));
      return;
    }
    const filled =
      item.kind === undefined && itemKind !== undefined
        ? { ...item, kind: itemKind, apiVersion: item.apiVersion ?? part.apiVersion }
        : item;
    addObject(filled, path, source, 1, at, lines, objects, diagnostics);
  };

  // The fast reader, when it reads the items and knows where each starts (no List among them).
  const fast = fastRead ? readFastYaml(text) : undefined;
  const fastItems = fast?.values[0];
  const fastStarts = fast?.items[0];
  if (
    fast !== undefined &&
    fast.values.length === 1 &&
    Array.isArray(fastItems) &&
    fastStarts?.every((s) => s >= 0) === true &&
    !fastItems.some(isList)
  ) {
    fastItems.forEach((item: unknown, k) => {
      const start = fastStarts[k]!;
      addItem(item, k, start, () => start);
    });
    return { objects, diagnostics };
  }

  let events: Event[];
  let values: unknown[];
  try {
    events = parseYamlEvents(text);
    values = constructFromEvents(events, { source: text, schema: YAML11_SCHEMA, maxAliases: MAX_ALIASES });
  } catch (err) {
    if (!(err instanceof YAMLException)) throw err;
    unusual('do not read apart');
    return { objects, diagnostics };
  }
  const root = documentRoots(events)[0] ?? -1;
  const items = values[0];
  if (values.length !== 1 || !Array.isArray(items) || hasAliases(events)) {
    unusual('are not a plain sequence');
    return { objects, diagnostics };
  }
  const nodes = sequenceItems(events, root);
  items.forEach((item: unknown, k) => {
    const node = nodes[k]!;
    const start = nodeStart(events, node);
    const depth = 2; // ['items', index]
    // Paths below the item are found from the item's node, as from the document's root.
    addItem(item, k, start, (p) => {
      const found = locatePath(text, events, node, p.slice(depth));
      return found.offset < 0 ? start : found.offset;
    });
  });
  return { objects, diagnostics };
}

/** Reads a file that failed as a whole one document at a time, so one bad document costs only itself. */
function parseChunks(
  name: string,
  text: string,
  lines: LineIndex,
  json: boolean,
  locator: ManifestLocator,
  objects: RawObject[],
  diagnostics: Diagnostic[],
) {
  const chunks = splitDocuments(text);
  locator.add(name, { text, lines, chunks });
  chunks.forEach((chunk, doc) => {
    try {
      const events = parseYamlEvents(chunk.text);
      const values = constructFromEvents(events, {
        source: chunk.text,
        schema: YAML11_SCHEMA,
        maxAliases: MAX_ALIASES,
      });
      const roots = documentRoots(events);
      const aliases = hasAliases(events);
      values.forEach((value, k) => {
        const root = roots[k] ?? -1;
        const start = nodeStart(events, root);
        addDocument(
          name,
          doc,
          value,
          chunk.text,
          lines,
          start < 0 ? -1 : start + chunk.offset,
          { events, root, base: chunk.offset, aliases },
          objects,
          diagnostics,
        );
      });
    } catch (err) {
      if (!(err instanceof YAMLException)) throw err;
      diagnostics.push(syntaxDiagnostic(name, err, chunk, lines, json));
    }
  });
}

/** Splits at `---` document markers (which YAML forbids inside content at column 0). */
export function splitDocuments(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  const marker = /^---(?=[ \t\r\n]|$)/gm;
  let start = 0;
  for (let m = marker.exec(text); m !== null; m = marker.exec(text)) {
    if (m.index > start && /\S/.test(stripComments(text.slice(start, m.index)))) {
      chunks.push({ offset: start, text: text.slice(start, m.index) });
    }
    start = m.index;
  }
  if (start < text.length) chunks.push({ offset: start, text: text.slice(start) });
  return chunks;
}

// `[ \t]*`, not `\s*`: with the m flag `\s*` runs across line breaks, quadratic on blank lines.
function stripComments(text: string): string {
  return text.replace(/^[ \t]*#.*$/gm, '').replace(/^(---|\.\.\.)[ \t\r]*$/gm, '');
}

function syntaxDiagnostic(
  file: string,
  err: YAMLException,
  chunk: Chunk,
  lines: LineIndex,
  json: boolean,
): Diagnostic {
  const mark = (err as { mark?: { position?: number } }).mark;
  // An error found only at the end of the document (an unclosed `{`, an indentation that never
  // came back) is shown at the end of its last line, not on the next document's `---`.
  const end = chunk.text.trimEnd().length;
  const at = Math.min(mark?.position ?? 0, end);
  const pos = lines.position(chunk.offset + at);
  const reason = (err as { reason?: string }).reason ?? err.message.split('\n')[0] ?? 'syntax error';
  const excerpt = lineText(chunk.text, at);
  if (/maxDepth/.test(reason)) return tooDeep(file, pos, excerpt);
  const code: DiagnosticCode = /alias/i.test(reason)
    ? 'TOO_MANY_ALIASES'
    : json
      ? 'JSON_SYNTAX'
      : 'YAML_SYNTAX';
  const hint =
    code === 'TOO_MANY_ALIASES'
      ? `at most ${MAX_ALIASES} aliases per document are expanded`
      : SYNTAX_HINTS.find(([pattern]) => pattern.test(reason))?.[1];
  return {
    code,
    severity: 'error',
    message:
      code === 'TOO_MANY_ALIASES'
        ? `more than ${MAX_ALIASES} aliases in one document; it is not read`
        : `${json ? 'JSON' : 'YAML'} syntax error: ${reason}`,
    source: { file, line: pos.line, column: pos.column },
    excerpt,
    ...(hint === undefined ? {} : { hint }),
  };
}

/** Hints for the syntax errors people make most, keyed by js-yaml's reason. */
const SYNTAX_HINTS: readonly (readonly [RegExp, string])[] = [
  [/tab characters/, 'indent with spaces; YAML does not allow tabs for indentation'],
  [/duplicated mapping key/, 'a key may appear once per mapping (kubectl rejects duplicate fields too)'],
  [/end of the stream within a flow collection/, 'a [ or { is not closed'],
];

function tooDeep(file: string, pos: { line: number; column: number }, excerpt: string): Diagnostic {
  return {
    code: 'TOO_DEEP',
    severity: 'error',
    message: `nesting is deeper than ${MAX_DEPTH} levels; the document is not read`,
    source: { file, line: pos.line, column: pos.column },
    excerpt,
    hint: `manifests nest about 10 levels; at most ${MAX_DEPTH} are read`,
  };
}

/** The text of the line that holds `offset` (without its line break), for a caret excerpt. */
function lineText(text: string, offset: number): string {
  const start = offset <= 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
  const end = text.indexOf('\n', offset);
  return text.slice(start, end < 0 ? text.length : end).replace(/\r$/, '');
}

/** Whether a YAML event stream uses aliases (only then can a document expand or refer to itself). */
function hasAliases(events: readonly Event[]): boolean {
  for (const e of events) if (e.type === EVENT_ID.ALIAS) return true;
  return false;
}

interface EventContext {
  readonly events: readonly Event[];
  readonly root: number;
  /** Offset of the parsed text within the file. */
  readonly base?: number;
  /** Whether the stream has aliases (the document may then expand or contain itself). */
  readonly aliases?: boolean;
}

/** Where the items of a JSON document's top-level `items` array start (see scanJson). */
interface JsonContext {
  readonly items: readonly number[];
}

/** `List` kinds inside `List` kinds deeper than this are not flattened further. */
const MAX_LIST_NESTING = 8;

function addDocument(
  file: string,
  doc: number,
  value: unknown,
  text: string,
  lines: LineIndex,
  start: number,
  ctx: EventContext | JsonContext,
  objects: RawObject[],
  diagnostics: Diagnostic[],
) {
  if (value === null || value === undefined) return; // an empty document, e.g. after a leading `---`
  const pos = lines.position(Math.max(0, start));
  const source: SourceRef = { file, doc, path: [], line: pos.line, column: pos.column };
  if ('events' in ctx && ctx.aliases === true) {
    const problem = checkExpansion(value, ctx.events.length);
    if (problem !== undefined) {
      diagnostics.push({
        code: 'TOO_MANY_ALIASES',
        severity: 'error',
        message:
          problem.type === 'cycle'
            ? 'document contains itself through an alias (it would expand forever); it is not read'
            : `aliases expand this document to more than ${problem.limit} values; it is not read`,
        source: { file, line: pos.line, column: pos.column },
        hint: `a document may expand to at most ${MAX_EXPANSION} values more than it spells out`,
      });
      return;
    }
  }
  if (!isRecord(value)) {
    diagnostics.push(notAnObject(source, value, []));
    return;
  }
  // Item positions of the outer List are found once (a 10,000-item List asks 10,000 times).
  let outer: number[] | undefined;
  const at = (path: readonly PathSegment[]): number => {
    if (path.length === 0) return start;
    const top = path[1];
    if (!('events' in ctx)) {
      // JSON: the items of the outer List were found by the scan; nested ones share its position
      return typeof top === 'number' ? (ctx.items[top] ?? start) : start;
    }
    if (path.length === 2 && typeof top === 'number') {
      outer ??= listItemNodes(text, ctx.events, ctx.root);
      const node = outer[top];
      if (node !== undefined) return nodeStart(ctx.events, node) + (ctx.base ?? 0);
    }
    const found = locatePath(text, ctx.events, ctx.root, path);
    return found.offset < 0 ? start : found.offset + (ctx.base ?? 0);
  };
  addObject(value, [], source, 0, at, lines, objects, diagnostics);
}

/**
 * Adds one mapping: an object, or a `List` kind whose items are added in turn (Lists inside
 * Lists too, as kubectl flattens them; API list responses leave kind and apiVersion off their
 * items, which take them from the list's kind).
 */
function addObject(
  value: Record<string, unknown>,
  path: readonly PathSegment[],
  source: SourceRef,
  nesting: number,
  at: (path: readonly PathSegment[]) => number,
  lines: LineIndex,
  objects: RawObject[],
  diagnostics: Diagnostic[],
) {
  const items = value.items;
  const kind = value.kind;
  if (
    !(typeof kind === 'string' && kind.endsWith('List') && Array.isArray(items)) ||
    nesting >= MAX_LIST_NESTING
  ) {
    objects.push({ value, source });
    return;
  }
  const itemKind = kind === 'List' ? undefined : kind.slice(0, -'List'.length);
  items.forEach((item, i) => {
    const itemPath = [...path, 'items', i];
    const p = lines.position(Math.max(0, at(itemPath)));
    const ref: SourceRef = { ...source, path: itemPath, line: p.line, column: p.column };
    if (!isRecord(item)) {
      diagnostics.push(notAnObject(ref, item, itemPath));
      return;
    }
    const filled =
      item.kind === undefined && itemKind !== undefined
        ? { ...item, kind: itemKind, apiVersion: item.apiVersion ?? value.apiVersion }
        : item;
    addObject(filled, itemPath, ref, nesting + 1, at, lines, objects, diagnostics);
  });
}

function notAnObject(source: SourceRef, value: unknown, path: readonly PathSegment[]): Diagnostic {
  const what = Array.isArray(value)
    ? 'a sequence'
    : `the ${typeof value} ${JSON.stringify(value)?.slice(0, 40)}`;
  return {
    code: 'NOT_AN_OBJECT',
    severity: 'error',
    message: `${path.length === 0 ? 'document' : 'list item'} is ${what}, not a Kubernetes object`,
    source: { file: source.file, line: source.line, column: source.column },
    hint: Array.isArray(value)
      ? 'put several objects in separate documents (---) or in a `kind: List` with `items:`'
      : 'a manifest is a mapping with apiVersion, kind and metadata',
  };
}

function fileDiagnostic(
  code: DiagnosticCode,
  severity: 'error' | 'warning',
  file: string,
  what: string,
): Diagnostic {
  return { code, severity, message: `${file} ${what}`, source: { file, line: 1, column: 1 } };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Finds field positions by parsing a document's events again on demand (js-yaml's event
 * parser: exact offsets, no AST kept in memory). The last few documents' events are cached.
 */
export class ManifestLocator implements SourceLocator {
  private readonly files = new Map<string, FileEntry>();
  private readonly cache = new Map<
    string,
    { events: Event[]; text: string; base: number; roots: number[] }
  >();

  add(name: string, entry: FileEntry): void {
    this.files.set(name, entry);
  }

  locate(ref: SourceRef, field: readonly PathSegment[] = []): SourcePosition {
    const fallback = { file: ref.file, line: ref.line, column: ref.column };
    // The object's own position is known without parsing again.
    if (field.length === 0) return fallback;
    const entry = this.files.get(ref.file);
    if (entry === undefined) return fallback;
    const run = entry.chunks === undefined ? -1 : runOf(entry.chunks, ref.doc);
    const parsed = this.parsed(ref.file, entry, run);
    if (parsed === undefined) return fallback;
    const root = parsed.roots[ref.doc - firstDocOf(entry.chunks?.[run], run)];
    if (root === undefined || root < 0) return fallback;
    const { offset } = locatePath(parsed.text, parsed.events, root, [...ref.path, ...field]);
    if (offset < 0) return fallback;
    const pos = entry.lines.position(parsed.base + offset);
    return { file: ref.file, line: pos.line, column: pos.column };
  }

  /** The events of a file, or of its run `run` when it was read in runs. */
  private parsed(name: string, entry: FileEntry, run: number) {
    const key = entry.chunks === undefined ? name : `${name}\u0000${run}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const chunk = entry.chunks === undefined ? { offset: 0, text: entry.text } : entry.chunks[run];
    if (chunk === undefined) return undefined;
    let events: Event[];
    try {
      events = parseYamlEvents(chunk.text);
    } catch {
      return undefined;
    }
    const value = { events, text: chunk.text, base: chunk.offset, roots: documentRoots(events) };
    if (this.cache.size >= 8) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, value);
    return value;
  }
}

/**
 * A locator for one whole file parsed elsewhere (in parts, on another thread, or again after an
 * edit): positions of fields are found by reading the file's events again when asked.
 */
export function wholeFileLocator(file: InputFile): ManifestLocator {
  const locator = new ManifestLocator();
  let lines: LineIndex | undefined;
  locator.add(file.name, {
    text: file.text,
    get lines() {
      lines ??= new LineIndex(file.text);
      return lines;
    },
  });
  return locator;
}

/** The first document of a part of a file: a run's, or the index of a one-document chunk. */
function firstDocOf(chunk: Chunk | DocumentRun | undefined, index: number): number {
  return chunk !== undefined && 'firstDoc' in chunk ? chunk.firstDoc : Math.max(0, index);
}

/** Index of the part that holds document `doc` (parts are in document order). */
function runOf(runs: readonly (Chunk | DocumentRun)[], doc: number): number {
  // the parts of one file are all runs or all one-document chunks
  if (runs[0] === undefined || !('firstDoc' in runs[0])) return doc;
  let lo = 0;
  let hi = runs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (firstDocOf(runs[mid], mid) <= doc) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
