/**
 * Aligns rows into columns the way kubectl prints tables: upper-case headers, columns
 * separated by three spaces, no trailing spaces. Widths count characters without ANSI escapes.
 */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [headers, ...rows];
  const widths = headers.map((_, c) => Math.max(...all.map((r) => visibleLength(r[c] ?? ''))));
  return `${all
    .map((r) =>
      r
        .map((cell, c) => (c === r.length - 1 ? cell : cell + ' '.repeat(widths[c]! - visibleLength(cell))))
        .join('   ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}

// Built from a string: an escape character in a regex literal reads like a mistake.
const ANSI = new RegExp(`${String.fromCharCode(0x1b)}\\[[0-9;]*m`, 'g');

/** ANSI escapes take up no columns. */
function visibleLength(text: string): number {
  return text.replace(ANSI, '').length;
}
