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
