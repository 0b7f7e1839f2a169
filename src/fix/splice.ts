import {
  isCollection,
  isMap,
  isScalar,
  isSeq,
  type Node,
  type Pair,
  parseAllDocuments,
  stringify,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import type { PathSegment } from '../model/source.js';
import { applyToValue, type Edit } from './edit.js';

/**
 * Applies edits to the text of one manifest file, touching only the nodes they change:
 * comments, key order, quoting and layout of everything else stay as written. A changed scalar
 * is replaced in place; a changed collection is written in the style of its surroundings (flow
 * inside flow, block inside block, at the indentation found there). JSON files are rewritten
 * as JSON (they hold no comments).
 */
export function spliceEdits(text: string, edits: readonly Edit[]): string {
  let out = text;
  for (const edit of edits) out = spliceEdit(out, edit);
  return out;
}

function spliceEdit(text: string, edit: Edit): string {
  if (edit.type === 'add-object') return appendDocument(text, edit.value);
  if (/^\s*[[{]/.test(text) && isJson(text)) return spliceJson(text, edit);
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [];
  const doc = list[edit.object.doc];
  if (doc === undefined || doc.contents === null) return text;
  const full = [...edit.object.path, ...edit.path];
  if (edit.type === 'remove') return removeNode(text, doc.contents as Node, full);
  if (edit.type === 'append') {
    const seq = nodeAt(doc.contents as Node, full);
    if (isSeq(seq) && seq.items.length > 0) return appendItem(text, seq, edit.value);
    return setValue(text, doc.contents as Node, full, [edit.value]);
  }
  return setValue(text, doc.contents as Node, full, edit.value);
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function spliceJson(text: string, edit: Edit): string {
  const value = JSON.parse(text) as Record<string, unknown>;
  if (edit.type === 'add-object') return text;
  let object: Record<string, unknown> = value;
  for (const seg of edit.object.path)
    object = (object as Record<string | number, unknown>)[seg as string] as Record<string, unknown>;
  applyToValue(object, edit);
  return `${JSON.stringify(value, null, 2)}\n`;
}

function appendDocument(text: string, value: unknown): string {
  const body = stringify(value, { indentSeq: detectIndentSeq(text), lineWidth: 0 });
  const sep = text.length === 0 ? '' : text.endsWith('\n') ? '---\n' : '\n---\n';
  return `${text}${sep}${body}`;
}

/** The node at `path`, or undefined. */
function nodeAt(root: Node, path: readonly PathSegment[]): Node | undefined {
  let node: unknown = root;
  for (const seg of path) {
    if (isMap(node) && typeof seg === 'string') node = pairOf(node, seg)?.value ?? undefined;
    else if (isSeq(node) && typeof seg === 'number') node = node.items[seg];
    else return undefined;
  }
  return (node ?? undefined) as Node | undefined;
}

function pairOf(map: YAMLMap, key: string): Pair<Node, Node | null> | undefined {
  return (map.items as Pair<Node, Node | null>[]).find((p) => isScalar(p.key) && String(p.key.value) === key);
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function columnOf(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** Whether block sequences under a key are indented (`key:\n  - x`) in this text; yes by default. */
function detectIndentSeq(text: string): boolean {
  const m = /^( *)[^\s#-][^\n]*:[ \t]*\n( *)- /m.exec(text);
  return m === null ? true : m[2]!.length > m[1]!.length;
}

function renderFlow(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(renderFlow).join(', ')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.entries(value)
      .map(([k, v]) => `${renderScalar(k)}: ${renderFlow(v)}`)
      .join(', ')}}`;
  return renderScalar(value);
}

function renderScalar(value: unknown): string {
  const s = stringify(value, { lineWidth: 0 }).trimEnd();
  // Flow context: a plain scalar with flow indicators must be quoted.
  return typeof value === 'string' && /[,[\]{}]/.test(s) && !/^["']/.test(s) ? JSON.stringify(value) : s;
}

function isEmptyCollection(value: unknown): boolean {
  return (
    (Array.isArray(value) && value.length === 0) ||
    (value !== null && typeof value === 'object' && Object.keys(value).length === 0)
  );
}

function isScalarValue(value: unknown): boolean {
  return value === null || typeof value !== 'object';
}

/** Block YAML for `value` whose continuation lines start at `indent`. */
function renderBlock(value: unknown, indent: number, indentSeq: boolean): string {
  const body = stringify(value, { indentSeq, lineWidth: 0 }).trimEnd();
  return body.split('\n').join(`\n${' '.repeat(indent)}`);
}

/** Sets the value at `path`, creating the key (and missing parents) when absent. */
function setValue(text: string, root: Node, path: readonly PathSegment[], value: unknown): string {
  const indentSeq = detectIndentSeq(text);
  const target = nodeAt(root, path);
  const parentPath = path.slice(0, -1);
  const parent = nodeAt(root, parentPath);
  const key = path.at(-1);
  if (target !== undefined && parent !== undefined) {
    return replaceNode(text, parent, key!, target, value, indentSeq);
  }
  if (parent === undefined) {
    // Create the missing parent with this key inside it.
    if (parentPath.length === 0) return text;
    const wrapped = typeof key === 'string' ? { [key]: value } : [value];
    return setValue(text, root, parentPath, wrapped);
  }
  if (isMap(parent) && typeof key === 'string') return insertPair(text, parent, key, value, indentSeq);
  if (isSeq(parent) && typeof key === 'number') return appendItem(text, parent, value);
  return text;
}

function replaceNode(
  text: string,
  parent: Node,
  key: PathSegment,
  target: Node,
  value: unknown,
  indentSeq: boolean,
): string {
  const start = target.range![0];
  const end = endOfValue(text, target.range![1]);
  const inFlow = isCollection(parent) && parent.flow === true;
  if (inFlow || (isCollection(target) && target.flow === true && !isScalarValue(value))) {
    return splice(text, start, end, renderFlow(value));
  }
  if (isScalar(target) && (isScalarValue(value) || isEmptyCollection(value)) && !hasBlockScalar(target)) {
    return splice(text, start, end, renderFlow(value));
  }
  if (isCollection(target) && !isScalarValue(value) && !isEmptyCollection(value)) {
    // A block collection replaced by a block collection, at its own indentation.
    const col = columnOf(text, start);
    return splice(text, start, end, renderBlock(value, col, indentSeq));
  }
  // The shape changes between scalar and block: rewrite `key: value` from the key on.
  if (isMap(parent)) {
    const pair = pairOf(parent, String(key));
    if (pair === undefined) return text;
    const keyStart = (pair.key as Node).range![0];
    return splice(
      text,
      keyStart,
      end,
      renderPair(text, String(key), value, columnOf(text, keyStart), indentSeq),
    );
  }
  return splice(text, start, end, renderFlow(value));
}

function hasBlockScalar(node: Node): boolean {
  return isScalar(node) && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED');
}

/** `key: value` for a key at column `col`, the value as flow when short or block below the key. */
function renderPair(_text: string, key: string, value: unknown, col: number, indentSeq: boolean): string {
  if (isScalarValue(value) || isEmptyCollection(value)) return `${renderScalar(key)}: ${renderFlow(value)}`;
  const childIndent = col + (Array.isArray(value) && !indentSeq ? 0 : 2);
  return `${renderScalar(key)}:\n${' '.repeat(childIndent)}${renderBlock(value, childIndent, indentSeq)}`;
}

function insertPair(text: string, map: YAMLMap, key: string, value: unknown, indentSeq: boolean): string {
  if (map.flow === true || map.items.length === 0) {
    const [start, end] = map.range!;
    const current = map.toJSON() as Record<string, unknown>;
    return splice(text, start, end, renderFlow({ ...current, [key]: value }));
  }
  const first = map.items[0] as Pair<Node, Node | null>;
  const last = map.items.at(-1) as Pair<Node, Node | null>;
  const col = columnOf(text, (first.key as Node).range![0]);
  const after = (last.value ?? (last.key as Node)).range![1];
  const at = endOfValue(text, after);
  return splice(text, at, at, `\n${' '.repeat(col)}${renderPair(text, key, value, col, indentSeq)}`);
}

/** The end of the line content at `offset` minus trailing blanks (before a newline or comment). */
function endOfValue(text: string, offset: number): number {
  let at = offset;
  while (at > 0 && /[ \t\n\r]/.test(text[at - 1]!)) at--;
  return at;
}

function appendItem(text: string, seq: YAMLSeq, value: unknown): string {
  if (seq.flow === true) {
    const [start, end] = seq.range!;
    return splice(text, start, end, renderFlow([...(seq.toJSON() as unknown[]), value]));
  }
  const firstItem = seq.items[0] as Node;
  const dash = text.lastIndexOf('-', firstItem.range![0]);
  const col = columnOf(text, dash);
  const lastItem = seq.items.at(-1) as Node;
  const at = endOfValue(text, lastItem.range![1]);
  const item =
    isScalarValue(value) || isEmptyCollection(value)
      ? renderFlow(value)
      : renderBlock(value, col + 2, detectIndentSeq(text));
  return splice(text, at, at, `\n${' '.repeat(col)}- ${item}`);
}

function removeNode(text: string, root: Node, path: readonly PathSegment[]): string {
  const parent = nodeAt(root, path.slice(0, -1));
  const key = path.at(-1);
  if (parent === undefined || key === undefined || !isCollection(parent)) return text;
  if (parent.flow === true) {
    const current = parent.toJSON() as Record<string, unknown> | unknown[];
    if (Array.isArray(current) && typeof key === 'number') current.splice(key, 1);
    else if (!Array.isArray(current)) delete current[String(key)];
    const [start, end] = parent.range!;
    return splice(text, start, end, renderFlow(current));
  }
  if (isSeq(parent) && typeof key === 'number') {
    const item = parent.items[key] as Node | undefined;
    if (item === undefined) return text;
    if (parent.items.length === 1)
      return splice(text, parent.range![0], endOfValue(text, parent.range![1]), '[]');
    const dash = text.lastIndexOf('-', item.range![0]);
    return removeLines(text, dash, item.range![1]);
  }
  if (isMap(parent) && typeof key === 'string') {
    const pair = pairOf(parent, key);
    if (pair === undefined) return text;
    if (parent.items.length === 1)
      return splice(text, parent.range![0], endOfValue(text, parent.range![1]), '{}');
    const end = (pair.value ?? (pair.key as Node)).range![1];
    return removeLines(text, (pair.key as Node).range![0], end);
  }
  return text;
}

/**
 * Removes the text from `start` to `end`; whole lines when nothing else is on them, otherwise
 * (the first key of a `- ` item) the item's remaining keys move up to the dash.
 */
function removeLines(text: string, start: number, end: number): string {
  const from = lineStart(text, start);
  const stop = endOfValue(text, end);
  const newline = text.indexOf('\n', stop);
  const to = newline < 0 ? text.length : newline + 1;
  const before = text.slice(from, start);
  if (/^[ \t]*$/.test(before)) return text.slice(0, from) + text.slice(to);
  // `- key: v` where the removed pair is first: keep the dash, pull the next line up.
  const rest = text.slice(to);
  const next = /^[ \t]*/.exec(rest)![0].length;
  return text.slice(0, start) + rest.slice(next);
}

function splice(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end);
}
