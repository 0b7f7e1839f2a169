import type { DiagnosticInfo } from '../view/types.js';

/** The part of a CodeMirror document the mapping needs (`Text.lines`, `Text.line`). */
export interface LineAccess {
  readonly lines: number;
  readonly length: number;
  line(n: number): { readonly from: number; readonly to: number };
}

/** A diagnostic placed in an editor document (CodeMirror lint's Diagnostic shape). */
export interface EditorDiagnostic {
  readonly from: number;
  readonly to: number;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  readonly source: string;
}

/**
 * Places the diagnostics of one file at their lines: from the reported column to the end of the
 * line. Positions past the end (the text changed since) are clamped, never dropped.
 */
export function editorDiagnostics(
  diagnostics: readonly DiagnosticInfo[],
  file: string,
  doc: LineAccess,
): EditorDiagnostic[] {
  const out: EditorDiagnostic[] = [];
  for (const d of diagnostics) {
    if (d.source === undefined || d.source.file !== file) continue;
    const lineNo = Math.min(Math.max(1, d.source.line), Math.max(1, doc.lines));
    const line = doc.line(lineNo);
    const from = Math.min(line.from + Math.max(0, d.source.column - 1), line.to);
    const to = line.to > from ? line.to : Math.min(from + 1, doc.length);
    out.push({
      from,
      to: Math.max(from, to),
      severity: d.severity,
      message: d.hint === undefined ? d.message : `${d.message}\nhint: ${d.hint}`,
      source: d.code,
    });
  }
  return out;
}
