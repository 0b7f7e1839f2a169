/**
 * One pass over a JSON text before it is parsed: where nesting first goes deeper than allowed
 * (a document nested thousands deep is refused instead of parsed), and where each item of the
 * top-level `items` array starts (the positions of a `kubectl get -o json` List's objects).
 * Strings are skipped with `indexOf`, so the scan costs a fraction of `JSON.parse`.
 */
export interface JsonScan {
  /** Offset of the first `[` or `{` past the depth limit, or -1. */
  readonly tooDeep: number;
  /** Offsets of the elements of the top-level object's `items` array (empty when none). */
  readonly items: readonly number[];
}

const QUOTE = 34;
const BACKSLASH = 92;

/** Scans `text` from `start` (its first non-blank character); see JsonScan. */
export function scanJson(text: string, start: number, maxDepth: number): JsonScan {
  const items: number[] = [];
  let depth = 0;
  // 0: not in the top-level items; 1: in them, expecting an item; 2: in them, inside an item
  let state = 0;
  let itemsKey = false;
  for (let i = Math.max(0, start); i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      if (state === 1) {
        items.push(i);
        state = 2;
      } else if (depth === 1 && state === 0) itemsKey = end - i === 7 && text.startsWith('"items"', i);
      i = end - 1;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (state === 1) {
        items.push(i);
        state = 2;
      }
      depth++;
      if (depth > maxDepth) return { tooDeep: i, items };
      if (depth === 2 && c === 91 && itemsKey && state === 0 && items.length === 0) state = 1;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      depth--;
      if (depth === 1 && state !== 0) state = 3; // the items array is closed
    } else if (c === 44 /* , */ && depth === 2 && state === 2) {
      state = 1;
    } else if (state === 1 && c > 32) {
      items.push(i); // a number, true, false or null item
      state = 2;
    } else if (c === 58 /* : */ && depth === 1 && state === 0) {
      // the value of the key just read follows; itemsKey says whether it is `items`
    } else if (c === 44 && depth === 1 && state === 0) itemsKey = false;
  }
  return { tooDeep: -1, items };
}

/** Offset just past the string that opens at `i` (the end of the text if it never closes). */
function stringEnd(text: string, i: number): number {
  let q = text.indexOf('"', i + 1);
  while (q >= 0) {
    let slashes = 0;
    for (let k = q - 1; text.charCodeAt(k) === BACKSLASH; k--) slashes++;
    if (slashes % 2 === 0) return q + 1;
    q = text.indexOf('"', q + 1);
  }
  return text.length;
}
