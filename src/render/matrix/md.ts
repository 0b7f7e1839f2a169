import { formatConns, isAllConns } from '../../engine/port-set.js';
import type { MatrixView } from '../../focus/focus.js';
import type { Diagnostic } from '../../model/diagnostics.js';
import { nodeLabel } from '../labels.js';
import { escapeMarkdown } from '../markdown.js';
import { PLAIN } from '../style.js';
import { plural } from '../words.js';
import { fqdnLines } from './fqdn.js';
import { formatConnectionConns } from './l7.js';
import { CHUNK_CHARS, memoConns, memoIds } from './memo.js';
import { summarizeView } from './summary.js';

/** Rows above which the table is folded into a `<details>` block. */
const FOLD_ROWS = 30;

/**
 * `-o md`: a heading, a summary and a table of allowed connections, ready to paste into a
 * pull-request comment. Long tables are folded; fully open pairs are marked in bold. Streamed,
 * each node's label and each distinct port set's cell escaped once.
 */
export function* matrixMarkdownChunks(
  view: MatrixView,
  diagnostics: readonly Diagnostic[] = [],
): Generator<string> {
  const labels = new Map(view.matrix.nodes.map((n) => [n.id, nodeLabel(n)]));
  const name = memoIds((id) => escapeMarkdown(labels.get(id) ?? id));
  const allowed = memoConns((conns) => (isAllConns(conns) ? '**all**' : escapeMarkdown(formatConns(conns))));
  const { connections } = view.matrix;
  let head = `### Network connectivity\n\n${escapeMarkdown(summarizeView(view))}\n`;
  const folded = connections.length > FOLD_ROWS;
  if (connections.length > 0) {
    if (folded)
      head += `\n<details><summary>${plural(connections.length, 'allowed connection')}</summary>\n\n`;
    else head += '\n';
    let batch = `${head}| Source | Destination | Allowed |\n| --- | --- | --- |\n`;
    for (const c of connections) {
      batch += `| ${name(c.src)} | ${name(c.dst)} | ${formatConnectionConns(c, allowed)} |\n`;
      if (batch.length > CHUNK_CHARS) {
        yield batch;
        batch = '';
      }
    }
    yield folded ? `${batch}\n</details>\n` : batch;
  } else yield head;
  const runTime = fqdnLines(view.matrix.fqdn, (id) => labels.get(id) ?? id, PLAIN);
  if (runTime !== '')
    yield `\n${runTime
      .trimEnd()
      .split('\n')
      .map((l) => `> ${escapeMarkdown(l)}`)
      .join('\n')}\n`;
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  if (errors + warnings > 0) {
    const counts = [
      errors > 0 ? plural(errors, 'error') : '',
      warnings > 0 ? plural(warnings, 'warning') : '',
    ]
      .filter((s) => s !== '')
      .join(' and ');
    yield `\n> **Note:** the input has ${counts}; objects with errors were left out.\n`;
  }
}

/** `matrixMarkdownChunks` as one string. */
export function renderMatrixMarkdown(view: MatrixView, diagnostics: readonly Diagnostic[] = []): string {
  return [...matrixMarkdownChunks(view, diagnostics)].join('');
}
