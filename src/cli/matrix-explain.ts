import type { Reachability } from '../engine/reachability.js';
import { explainMatrix } from '../explain/index.js';
import type { MatrixView } from '../focus/focus.js';
import type { Diagnostic } from '../model/diagnostics.js';
import {
  MATRIX_EXPLAIN_FORMATS,
  renderMatrixExplainJson,
  renderMatrixExplainTable,
} from '../render/matrix-explain.js';
import type { Style } from '../render/style.js';
import { usageError } from './io.js';

/**
 * `matrix --explain`: the view's pairs with their deciding policies and rules, and the pairs
 * of the view with nothing allowed. Table and JSON only.
 */
export function explainedMatrix(
  format: string,
  reach: Reachability,
  view: MatrixView,
  diagnostics: readonly Diagnostic[],
  style: Style,
): string[] {
  if (!(MATRIX_EXPLAIN_FORMATS as readonly string[]).includes(format))
    throw usageError(`--explain works with -o ${MATRIX_EXPLAIN_FORMATS.join(' or ')}, not ${format}`);
  const pairs = explainMatrix(reach, view.matrix, {
    denied: true,
    sources: view.sources,
    destinations: view.destinations,
  });
  return format === 'json'
    ? [renderMatrixExplainJson(view, pairs, diagnostics)]
    : [renderMatrixExplainTable(view, pairs, style)];
}
