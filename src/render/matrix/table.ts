import { formatConns, isAllConns } from '../../engine/port-set.js';
import type { MatrixView } from '../../focus/focus.js';
import { nodeLabel } from '../labels.js';
import { type Style, sanitize } from '../style.js';
import { renderTable } from '../table.js';
import { summarizeView } from './summary.js';

/**
 * The default `matrix` output: one row per pair with something allowed, kubectl-style columns,
 * then a summary line. Fully open pairs stand out in colour on a terminal.
 */
export function renderMatrixTable(view: MatrixView, style: Style): string {
  const labels = new Map(view.matrix.nodes.map((n) => [n.id, sanitize(nodeLabel(n))]));
  if (view.matrix.connections.length === 0)
    return `No allowed connections. ${style.dim(summarizeView(view))}\n`;
  const rows = view.matrix.connections.map((c) => [
    labels.get(c.src) ?? sanitize(c.src),
    labels.get(c.dst) ?? sanitize(c.dst),
    isAllConns(c.conns) ? style.warn('all') : formatConns(c.conns),
  ]);
  return `${renderTable(['SOURCE', 'DESTINATION', 'ALLOWED'], rows)}${style.dim(summarizeView(view))}\n`;
}
