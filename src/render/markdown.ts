/**
 * Escapes text for a GitHub-flavoured Markdown table cell: HTML is neutralised, table pipes
 * and emphasis characters are backslash-escaped, and line breaks become spaces.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replace(/[\\`*_[\]|#~]/g, '\\$&')
    .replace(/[\r\n]+/g, ' ');
}

/** A Markdown table; every cell must already be escaped. */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n') + '\n';
}
