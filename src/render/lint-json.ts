import type { Finding } from '../lint/types.js';
import { API_VERSION } from './json.js';

/** One finding in the `lint -o json` shape: every key present, `null` when unknown. */
export function findingToJson(f: Finding): Record<string, unknown> {
  return {
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    object: f.object ?? null,
    path: f.path ?? null,
    source:
      f.source === undefined ? null : { file: f.source.file, line: f.source.line, column: f.source.column },
    hint: f.hint ?? null,
  };
}

/**
 * The `lint -o json` document:
 * `{"apiVersion","kind":"LintReport","findings":[{"rule","severity","message","object","path","source":{"file","line","column"},"hint"}]}`.
 */
export function renderLintJson(findings: readonly Finding[]): string {
  return `${JSON.stringify({ apiVersion: API_VERSION, kind: 'LintReport', findings: findings.map(findingToJson) }, null, 2)}\n`;
}
