/** One step of a path into a YAML/JSON document: a mapping key or a sequence index. */
export type PathSegment = string | number;

/**
 * Where an object came from. `path` locates the object inside its document (`[]` for a
 * top-level object, `['items', 3]` for the fourth item of a `List`); `line` and `column` are
 * 1-based and point at the object's first key.
 */
export interface SourceRef {
  readonly file: string;
  readonly doc: number;
  readonly path: readonly PathSegment[];
  readonly line: number;
  readonly column: number;
}

/**
 * A resolved position in a file, 1-based. Line and column are 0 for sources without lines: an
 * object read from a live cluster, whose `file` is `cluster:<context>`.
 */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * `file:line:column` (`file:line` with `column: false`), or just `file` for a source without
 * lines (line 0, a live cluster).
 */
export function formatPosition(pos: SourcePosition, column = true): string {
  if (pos.line <= 0) return pos.file;
  return column ? `${pos.file}:${pos.line}:${pos.column}` : `${pos.file}:${pos.line}`;
}

/**
 * Finds the exact position of a field inside an object. Implementations may parse lazily, so
 * callers ask only for the positions they show (diagnostics, explanations).
 */
export interface SourceLocator {
  /**
   * The position of `field` (a path relative to the object at `ref`), or of the deepest
   * existing ancestor of it, or of the object itself when nothing more precise is known.
   */
  locate(ref: SourceRef, field?: readonly PathSegment[]): SourcePosition;
}

/** A locator that knows only object positions (used for objects built in memory). */
export const objectLocator: SourceLocator = {
  locate: (ref) => ({ file: ref.file, line: ref.line, column: ref.column }),
};

/** Formats a field path the way kubectl explains fields: `spec.ingress[0].from[1]`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}
