import type { Finding } from '../lint/types.js';
import type { Severity } from '../model/diagnostics.js';
import { type Style, sanitizeLine } from './style.js';

/** Facts for the summary line. */
export interface LintTextSummary {
  /** Number of policies checked, of every dialect. */
  readonly policies?: number;
}

/**
 * Findings grouped by file, in file order, each as `line:col  severity  message [rule]` with
 * its hint below; then a summary line. Findings without a position come last.
 */
export function renderLintText(
  findings: readonly Finding[],
  style: Style,
  summary: LintTextSummary = {},
): string {
  const checked =
    summary.policies === undefined ? '' : `${count(summary.policies, 'policy', 'policies')} checked: `;
  if (findings.length === 0) return `${checked}${style.good('no findings')}.\n`;
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const file = f.source?.file ?? '';
    const list = groups.get(file) ?? [];
    list.push(f);
    groups.set(file, list);
  }
  const out: string[] = [];
  for (const [file, list] of groups) {
    out.push(style.bold(file === '' ? '(no file)' : sanitizeLine(file)));
    const where = list.map((f) =>
      f.source === undefined || f.source.line <= 0 ? '' : `${f.source.line}:${f.source.column}`,
    );
    const width = Math.max(...where.map((w) => w.length));
    list.forEach((f, i) => {
      const sev = style.severity(f.severity, label(f.severity).padEnd(7));
      out.push(
        `  ${where[i]!.padStart(width)}  ${sev}  ${sanitizeLine(f.message)} ${style.dim(`[${f.rule}]`)}`,
      );
      if (f.hint !== undefined)
        out.push(`  ${' '.repeat(width)}  ${' '.repeat(7)}  ${style.dim('hint:')} ${sanitizeLine(f.hint)}`);
    });
    out.push('');
  }
  const by = (s: Severity) => findings.filter((f) => f.severity === s).length;
  out.push(
    `${checked}${count(findings.length, 'finding')} (${count(by('error'), 'error')}, ${count(by('warning'), 'warning')}, ${count(by('info'), 'note')})`,
  );
  return `${out.join('\n')}\n`;
}

function label(severity: Severity): string {
  return severity === 'info' ? 'note' : severity;
}

function count(n: number, noun: string, nouns = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : nouns}`;
}
