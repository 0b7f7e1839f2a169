import type { Diagnostic, Severity } from '../model/diagnostics.js';
import { formatPosition } from '../model/source.js';
import type { Style } from './style.js';

/**
 * One diagnostic as `file:line:col: severity: message [CODE]` with its hint on the next line.
 * This is the one place positions are put into text.
 */
export function formatDiagnostic(d: Diagnostic, style: Style): string {
  const where = d.source === undefined ? '' : `${formatPosition(d.source)}: `;
  const sev = style.severity(d.severity, d.severity);
  let out = `${where}${sev}: ${d.message} ${style.dim(`[${d.code}]`)}`;
  if (d.hint !== undefined) out += `\n  ${style.dim('hint:')} ${d.hint}`;
  return out;
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
