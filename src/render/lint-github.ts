import type { Finding } from '../lint/types.js';
import type { Severity } from '../model/diagnostics.js';
import { sanitize } from './style.js';

const COMMAND: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', info: 'notice' };

/** Escapes a workflow command message (`%`, CR, LF), as @actions/core does. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command property value: also `:` and `,`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * GitHub Actions workflow commands, one per finding:
 * `::error file=…,line=…,col=…,title=…::message` (`notice` for infos), the hint on a second
 * line of the message. Annotations appear on the pull request's changed lines.
 */
export function renderLintGithub(findings: readonly Finding[]): string {
  return findings
    .map((f) => {
      const props: string[] = [];
      if (f.source !== undefined) {
        props.push(`file=${escapeProperty(sanitize(f.source.file))}`);
        // objects read from a live cluster have no lines
        if (f.source.line > 0) props.push(`line=${f.source.line}`, `col=${f.source.column}`);
      }
      props.push(`title=${escapeProperty(`kubereach ${f.rule}`)}`);
      // terminal escapes in names would colour or hide parts of the workflow log
      const message = sanitize(f.hint === undefined ? f.message : `${f.message}\nhint: ${f.hint}`);
      return `::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(message)}\n`;
    })
    .join('');
}
