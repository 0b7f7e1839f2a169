/**
 * Document boundaries of multi-document YAML, found by scanning for `---` marker lines (YAML
 * forbids them inside content at column 0), so a file can be read in parts.
 */

const MARKER = /^---(?=[ \t\r\n]|$)/gm;

/** Offsets of the `---` marker lines in `text[from, to)`, ascending. */
export function markerOffsets(text: string, from = 0, to = text.length): number[] {
  const out: number[] = [];
  const re = new RegExp(MARKER.source, 'gm');
  re.lastIndex = from;
  for (let m = re.exec(text); m !== null && m.index < to; m = re.exec(text)) out.push(m.index);
  return out;
}

/** Whether a text holds anything but blank lines and comments (then it is a document). */
export function hasContent(text: string): boolean {
  return /^[ \t]*[^\s#]/m.test(text);
}

/** Newlines in `text[from, to)`. */
export function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Whether reading a file in parts (split at marker lines) gives what reading it whole gives:
 * plain multi-document YAML, without directives, `...` end markers or a byte-order mark.
 */
export function splittable(text: string): boolean {
  const first = text.search(/\S/);
  if (first >= 0 && (text[first] === '{' || text[first] === '[')) return false;
  return !/^(\.\.\.|%)/m.test(text) && text.charCodeAt(0) !== 0xfeff;
}

/** A run of whole documents of one file, cut at marker lines. */
export interface DocumentRun {
  /** Offset of the run in the file. */
  readonly offset: number;
  readonly text: string;
  /** Index in the file of the run's first document. */
  readonly firstDoc: number;
}

/**
 * Cuts a multi-document file into runs of whole documents of about `size` characters each,
 * numbered as reading the file whole numbers them (one document per marker line, plus one for
 * content before the first marker). Undefined when the file is not splittable or is one run.
 */
export function documentRuns(text: string, size: number): DocumentRun[] | undefined {
  if (text.length <= size || !splittable(text)) return undefined;
  const markers = markerOffsets(text);
  if (markers.length < 2) return undefined;
  const leading = hasContent(text.slice(0, markers[0])) ? 1 : 0;
  const runs: DocumentRun[] = [];
  let start = 0;
  let firstDoc = 0;
  markers.forEach((m, j) => {
    if (m - start < size) return;
    runs.push({ offset: start, text: text.slice(start, m), firstDoc });
    start = m;
    firstDoc = j + leading;
  });
  runs.push({ offset: start, text: text.slice(start), firstDoc });
  return runs.length > 1 ? runs : undefined;
}

/** Where the items of a one-document `List` are (the shape `kubectl get -o yaml` prints). */
export interface ListLayout {
  /** Offsets of the line of each item's `-`, ascending; the items run to `end`. */
  readonly items: readonly number[];
  /** Offset just past the items (where the next top-level key starts). */
  readonly end: number;
}

/**
 * The items of a file that is one YAML document whose top-level `items:` key holds a block
 * sequence, found line by line, so the file can be read in parts cut between items. Undefined
 * when the layout is anything else (the file is then read whole): more than one document, a
 * flow sequence, or a line at the items' indentation that does not start an item.
 */
export function listLayout(text: string): ListLayout | undefined {
  if (!splittable(text) || markerOffsets(text).length > 0) return undefined;
  const key = /^items:[ \t]*(?:#.*)?\r?\n/m.exec(text);
  if (key === null) return undefined;
  const items: number[] = [];
  let indent = -1;
  let line = key.index + key[0].length;
  while (line < text.length) {
    const next = text.indexOf('\n', line);
    const end = next < 0 ? text.length : next + 1;
    let k = line;
    while (text.charCodeAt(k) === 32) k++;
    const c = text.charCodeAt(k);
    const blank = k >= end - 1 || c === 35 /* # */ || c === 13 /* \r */ || c === 10;
    if (!blank) {
      const column = k - line;
      const dash = c === 45 /* - */ && /[ \r\n]/.test(text[k + 1] ?? '\n');
      if (indent < 0) {
        if (!dash) return undefined;
        indent = column;
      }
      if (column < indent || (column === indent && !dash)) {
        // the first top-level key after the items ends them; anything else is not this layout
        return column === 0 && !dash && items.length > 0 ? { items, end: line } : undefined;
      }
      if (column === indent) items.push(line);
    }
    line = end;
  }
  return items.length > 0 ? { items, end: text.length } : undefined;
}
