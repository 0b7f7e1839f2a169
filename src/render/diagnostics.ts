import type { Diagnostic, Severity } from '../model/diagnostics.js';
import { formatPosition } from '../model/source.js';
import { type Style, sanitizeLine } from './style.js';

/**
 * One diagnostic as `file:line:col: severity: message [CODE]`, then the source line with a caret
 * under the column when the diagnostic carries an excerpt (syntax errors), then its hint. This
 * is the one place positions are put into text. Everything from the input (names quoted in
 * messages, file names, the excerpt) is escaped: control characters and line breaks cannot
 * reach the terminal or start a line of their own.
 */
export function formatDiagnostic(d: Diagnostic, style: Style): string {
  const where = d.source === undefined ? '' : `${oneLine(formatPosition(d.source))}: `;
  const sev = style.severity(d.severity, d.severity);
  let out = `${where}${sev}: ${oneLine(d.message)} ${style.dim(`[${d.code}]`)}`;
  if (d.excerpt !== undefined && d.source !== undefined && d.source.line > 0)
    out += `\n${caretExcerpt(d.excerpt, d.source.line, d.source.column, style)}`;
  if (d.hint !== undefined) out += `\n  ${style.dim('hint:')} ${oneLine(d.hint)}`;
  return out;
}

/** Escapes control characters, line breaks and tabs included, so the text stays one line. */
function oneLine(text: string): string {
  return sanitizeLine(text).replaceAll('\t', '\\t');
}

/** Characters of a long line shown on each side of the column. */
const EXCERPT_CONTEXT = 60;

/**
 * `  12 | the line` and `     |      ^` under column `column` (1-based, UTF-16 units). Long lines
 * are cut around the column; tabs and control characters are shown escaped, the caret moved
 * along with them.
 */
export function caretExcerpt(line: string, lineNumber: number, column: number, style: Style): string {
  const col = Math.max(0, Math.min(column - 1, line.length));
  const from = Math.max(0, col - EXCERPT_CONTEXT);
  const to = Math.min(line.length, col + EXCERPT_CONTEXT);
  const before = `${from > 0 ? '…' : ''}${oneLine(line.slice(from, col))}`;
  const after = `${oneLine(line.slice(col, to))}${to < line.length ? '…' : ''}`;
  const gutter = String(lineNumber);
  return [
    `  ${style.dim(`${gutter} |`)} ${before}${after}`,
    `  ${style.dim(`${' '.repeat(gutter.length)} |`)} ${' '.repeat(before.length)}${style.bad('^')}`,
  ].join('\n');
}

export interface DiagnosticSummary {
  readonly shown: readonly Diagnostic[];
  /** Counts of diagnostics left out by the verbosity level, per severity. */
  readonly hidden: Readonly<Record<Severity, number>>;
}

/** Picks what to show: errors always, warnings unless quiet, infos only when verbose. */
export function selectDiagnostics(
  diagnostics: readonly Diagnostic[],
  options: { quiet?: boolean; verbose?: boolean },
): DiagnosticSummary {
  const hidden: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const shown: Diagnostic[] = [];
  for (const d of diagnostics) {
    const show =
      d.severity === 'error' ||
      (d.severity === 'warning' && !options.quiet) ||
      (d.severity === 'info' && options.verbose === true);
    if (show) shown.push(d);
    else hidden[d.severity]++;
  }
  return { shown, hidden };
}

/** Renders the diagnostics to show, sorted by file and line, plus a line counting hidden ones. */
export function renderDiagnostics(summary: DiagnosticSummary, style: Style): string {
  const sorted = [...summary.shown].sort(
    (a, b) =>
      (a.source?.file ?? '').localeCompare(b.source?.file ?? '') ||
      (a.source?.line ?? 0) - (b.source?.line ?? 0) ||
      (a.source?.column ?? 0) - (b.source?.column ?? 0),
  );
  const lines = sorted.map((d) => formatDiagnostic(d, style));
  const { info, warning } = summary.hidden;
  const parts: string[] = [];
  if (warning > 0) parts.push(`${warning} warning${warning === 1 ? '' : 's'}`);
  if (info > 0) parts.push(`${info} note${info === 1 ? '' : 's'}`);
  if (parts.length > 0) lines.push(style.dim(`(${parts.join(' and ')} not shown; -v shows them)`));
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
