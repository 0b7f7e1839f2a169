import { formatConns, isAllConns } from '../../engine/port-set.js';
import type { MatrixView } from '../../focus/focus.js';
import type { Diagnostic } from '../../model/diagnostics.js';
import { nodeLabel } from '../labels.js';
import { escapeMarkdown, markdownTable } from '../markdown.js';
import { plural } from '../words.js';
import { summarizeView } from './summary.js';

/** Rows above which the table is folded into a `<details>` block. */
const FOLD_ROWS = 30;

/**
 * `-o md`: a heading, a summary and a table of allowed connections, ready to paste into a
 * pull-request comment. Long tables are folded; fully open pairs are marked in bold.
 */
export function renderMatrixMarkdown(view: MatrixView, diagnostics: readonly Diagnostic[] = []): string {
  const labels = new Map(view.matrix.nodes.map((n) => [n.id, nodeLabel(n)]));
  const name = (id: string) => escapeMarkdown(labels.get(id) ?? id);
  const out: string[] = ['### Network connectivity', '', escapeMarkdown(summarizeView(view)), ''];
  if (view.matrix.connections.length > 0) {
    const rows = view.matrix.connections.map((c) => [
      name(c.src),
      name(c.dst),
      isAllConns(c.conns) ? '**all**' : escapeMarkdown(formatConns(c.conns)),
    ]);
    const table = markdownTable(['Source', 'Destination', 'Allowed'], rows);
    if (rows.length > FOLD_ROWS) {
      out.push(
        `<details><summary>${plural(rows.length, 'allowed connection')}</summary>`,
        '',
        table,
        '</details>',
        '',
      );
    } else out.push(table);
  }
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  if (errors + warnings > 0) {
    out.push(
      `> **Note:** the input has ${[errors > 0 ? plural(errors, 'error') : '', warnings > 0 ? plural(warnings, 'warning') : ''].filter((s) => s !== '').join(' and ')}; objects with errors were left out.`,
      '',
    );
  }
  return `${out.join('\n').trimEnd()}\n`;
}
