import { formatIntervals } from '../../engine/port-set.js';
import type { MatrixView } from '../../focus/focus.js';
import { PROTOCOLS } from '../../model/types.js';
import { nodeLabel } from '../labels.js';
import { type Style, sanitize } from '../style.js';
import { renderTable } from '../table.js';
import { summarizeView } from './summary.js';

/**
 * `-o wide`: the table with the kinds of both ends and one column per protocol (`-` when the
 * protocol has nothing allowed), as `kubectl get -o wide` adds columns.
 */
export function renderMatrixWide(view: MatrixView, style: Style): string {
  const nodes = new Map(view.matrix.nodes.map((n) => [n.id, n]));
  if (view.matrix.connections.length === 0)
    return `No allowed connections. ${style.dim(summarizeView(view))}\n`;
  const rows = view.matrix.connections.map((c) => {
    const src = nodes.get(c.src);
    const dst = nodes.get(c.dst);
    return [
      sanitize(src === undefined ? c.src : nodeLabel(src)),
      sanitize(src?.kind ?? ''),
      sanitize(dst === undefined ? c.dst : nodeLabel(dst)),
      sanitize(dst?.kind ?? ''),
      ...PROTOCOLS.map((p) => {
        const iv = c.conns[p];
        if (iv.length === 0) return '-';
        const text = formatIntervals(iv);
        return text === 'all' ? style.warn(text) : text;
      }),
    ];
  });
  return `${renderTable(['SOURCE', 'SOURCE KIND', 'DESTINATION', 'DESTINATION KIND', ...PROTOCOLS], rows)}${style.dim(summarizeView(view))}\n`;
}
