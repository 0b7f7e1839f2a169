import { formatIntervals } from '../../engine/port-set.js';
import type { MatrixCaveat } from '../../explain/types.js';
import type { MatrixView } from '../../focus/focus.js';
import { PROTOCOLS } from '../../model/types.js';
import { nodeLabel } from '../labels.js';
import { type Style, sanitize } from '../style.js';
import { tableChunks } from '../table.js';
import { fqdnLines } from './fqdn.js';
import { formatProtocolColumns } from './l7.js';
import { memoConns, memoIds } from './memo.js';
import { caveatLines, summarizeView } from './summary.js';

/**
 * `-o wide`: the table with the kinds of both ends and one column per protocol (`-` when the
 * protocol has nothing allowed; ports an L7 rule governs marked `(L7)`), as `kubectl get -o
 * wide` adds columns. Streamed.
 */
export function* matrixWideChunks(
  view: MatrixView,
  style: Style,
  caveats: readonly MatrixCaveat[] = [],
): Generator<string> {
  const nodes = new Map(view.matrix.nodes.map((n) => [n.id, n]));
  const { connections } = view.matrix;
  if (connections.length === 0) {
    const label = (id: string) => sanitize(nodes.has(id) ? nodeLabel(nodes.get(id)!) : id);
    yield `No allowed connections. ${style.dim(summarizeView(view))}\n${fqdnLines(view.matrix.fqdn, label, style)}${caveatLines(caveats, style)}`;
    return;
  }
  const ends = memoIds((id) => {
    const node = nodes.get(id);
    return [sanitize(node === undefined ? id : nodeLabel(node)), sanitize(node?.kind ?? '')] as const;
  });
  const ports = memoConns((conns) =>
    PROTOCOLS.map((p) => {
      const iv = conns[p];
      if (iv.length === 0) return '-';
      const text = formatIntervals(iv);
      return text === 'all' ? style.warn(text) : text;
    }),
  );
  const headers = ['SOURCE', 'SOURCE KIND', 'DESTINATION', 'DESTINATION KIND', ...PROTOCOLS];
  yield* tableChunks(headers, connections.length, (i) => {
    const c = connections[i]!;
    return [...ends(c.src), ...ends(c.dst), ...formatProtocolColumns(c, ports)];
  });
  yield `${style.dim(summarizeView(view))}\n${fqdnLines(view.matrix.fqdn, (id) => ends(id)[0], style)}${caveatLines(caveats, style)}`;
}
