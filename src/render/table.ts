/**
 * Aligns rows into columns the way kubectl prints tables: upper-case headers, columns
 * separated by three spaces, no trailing spaces. Widths count characters without ANSI escapes.
 */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  return [...tableChunks(headers, rows.length, (i) => rows[i]!)].join('');
}

/**
 * `renderTable` streamed, for tables of millions of rows: `row(i)` is asked twice per row (once
 * to size the columns, once to write it), so it should be cheap; nothing holds the whole table.
 */
export function* tableChunks(
  headers: readonly string[],
  count: number,
  row: (index: number) => readonly string[],
): Generator<string> {
  const widths = headers.map(visibleLength);
  for (let i = 0; i < count; i++) {
    const r = row(i);
    for (let c = 0; c < widths.length; c++) {
      const w = visibleLength(r[c] ?? '');
      if (w > widths[c]!) widths[c] = w;
    }
  }
  const line = (r: readonly string[]) =>
    `${r
      .map((cell, c) => (c === r.length - 1 ? cell : cell + ' '.repeat(widths[c]! - visibleLength(cell))))
      .join('   ')
      .trimEnd()}\n`;
  let batch = line(headers);
  for (let i = 0; i < count; i++) {
    batch += line(row(i));
    if (batch.length > 1 << 16) {
      yield batch;
      batch = '';
    }
  }
  yield batch;
}

// Built from a string: an escape character in a regex literal reads like a mistake.
const ESC = String.fromCharCode(0x1b);
const ANSI = new RegExp(`${ESC}\\[[0-9;]*m`, 'g');

/** ANSI escapes take up no columns. */
function visibleLength(text: string): number {
  return text.includes(ESC) ? text.replace(ANSI, '').length : text.length;
}
