import type { PathSegment, SourceRef } from '../model/source.js';

/**
 * One change to a manifest, addressed like diagnostics are: the object (by its source) and a
 * field path inside it. Edits are data: the same edit is applied to a plain object (to evaluate
 * it) and spliced into the YAML text (to show and write it).
 */
export type Edit =
  /** Sets the value at `path`, creating the key (and missing parents) when absent. */
  | {
      readonly type: 'set';
      readonly object: SourceRef;
      readonly path: readonly PathSegment[];
      readonly value: unknown;
    }
  /** Appends `value` to the sequence at `path`, creating it when absent or empty. */
  | {
      readonly type: 'append';
      readonly object: SourceRef;
      readonly path: readonly PathSegment[];
      readonly value: unknown;
    }
  /** Removes the mapping key or sequence item at `path`. */
  | { readonly type: 'remove'; readonly object: SourceRef; readonly path: readonly PathSegment[] }
  /** Adds a new object as a document at the end of `file`. */
  | { readonly type: 'add-object'; readonly file: string; readonly value: Readonly<Record<string, unknown>> };

type Json = Record<string, unknown> | unknown[];

/** A deep copy of a plain JSON-like value. */
export function cloneValue<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** Applies an object edit to a plain value (a deep copy is the caller's business). */
export function applyToValue(root: Record<string, unknown>, edit: Edit): void {
  if (edit.type === 'add-object') return;
  const path = edit.path;
  if (edit.type === 'remove') {
    const parent = walk(root, path.slice(0, -1), false);
    const last = path.at(-1);
    if (parent === undefined || last === undefined) return;
    if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
    else if (!Array.isArray(parent) && typeof last === 'string') delete parent[last];
    return;
  }
  if (edit.type === 'append') {
    const parent = walk(root, path.slice(0, -1), true)!;
    const last = path.at(-1)!;
    const current = (parent as Record<string | number, unknown>)[last as string];
    if (Array.isArray(current)) current.push(cloneValue(edit.value));
    else (parent as Record<string | number, unknown>)[last as string] = [cloneValue(edit.value)];
    return;
  }
  const parent = walk(root, path.slice(0, -1), true)!;
  (parent as Record<string | number, unknown>)[path.at(-1) as string] = cloneValue(edit.value);
}

function walk(root: Json, path: readonly PathSegment[], create: boolean): Json | undefined {
  let node: Json = root;
  for (const seg of path) {
    const next = (node as Record<string | number, unknown>)[seg as string];
    if (next !== null && typeof next === 'object') {
      node = next as Json;
      continue;
    }
    if (!create) return undefined;
    const made: Json = {};
    (node as Record<string | number, unknown>)[seg as string] = made;
    node = made;
  }
  return node;
}

/** Number of edited fields: how big an edit is, for ranking. */
export function editSize(edits: readonly Edit[]): number {
  let size = 0;
  for (const e of edits)
    size +=
      e.type === 'add-object' ? 10 + countLeaves(e.value) : e.type === 'remove' ? 1 : countLeaves(e.value);
  return size;
}

function countLeaves(value: unknown): number {
  if (Array.isArray(value))
    return Math.max(
      1,
      value.reduce((n: number, v) => n + countLeaves(v), 0),
    );
  if (value !== null && typeof value === 'object')
    return Math.max(
      1,
      Object.values(value).reduce((n: number, v) => n + countLeaves(v), 0),
    );
  return 1;
}
