import { formatConns, isAllConns } from '../../engine/port-set.js';
import type { MatrixCaveat } from '../../explain/types.js';
import type { MatrixView } from '../../focus/focus.js';
import { nodeLabel } from '../labels.js';
import { type Style, sanitize } from '../style.js';
import { tableChunks } from '../table.js';
import { fqdnLines } from './fqdn.js';
import { formatConnectionConns } from './l7.js';
import { memoConns } from './memo.js';
import { caveatLines, summarizeView } from './summary.js';

/**
 * The default `matrix` output: one row per pair with something allowed, kubectl-style columns,
 * then a summary line. Fully open pairs stand out in colour on a terminal. Streamed, each
 * node's label and each distinct port set's text made once.
 */
export function* matrixTableChunks(
  view: MatrixView,
  style: Style,
  caveats: readonly MatrixCaveat[] = [],
): Generator<string> {
  const labels = new Map(view.matrix.nodes.map((n) => [n.id, sanitize(nodeLabel(n))]));
  const label = (id: string) => labels.get(id) ?? sanitize(id);
  const { connections } = view.matrix;
  if (connections.length === 0) {
    yield `No allowed connections. ${style.dim(summarizeView(view))}\n${fqdnLines(view.matrix.fqdn, label, style)}${caveatLines(caveats, style)}`;
    return;
  }
  const allowed = memoConns((conns) => (isAllConns(conns) ? style.warn('all') : formatConns(conns)));
  yield* tableChunks(['SOURCE', 'DESTINATION', 'ALLOWED'], connections.length, (i) => {
    const c = connections[i]!;
    return [label(c.src), label(c.dst), formatConnectionConns(c, allowed)];
  });
  yield `${style.dim(summarizeView(view))}\n${fqdnLines(view.matrix.fqdn, label, style)}${caveatLines(caveats, style)}`;
}

/** `matrixTableChunks` as one string. */
export function renderMatrixTable(view: MatrixView, style: Style): string {
  return [...matrixTableChunks(view, style)].join('');
}
