import type { Matrix } from '../../engine/matrix.js';
import { EMPTY_CONNS, formatIntervals, subtractConns } from '../../engine/port-set.js';
import { PROTOCOLS } from '../../model/types.js';
import { CHUNK_CHARS, memoConns, memoIds } from './memo.js';

/**
 * `-o csv` (RFC 4180): one row per pair and protocol with something allowed. `ports` is `all`
 * or a `;`-separated list of ports and ranges (`80;8000-8080`). Node ids as in `-o json`. Where
 * an L7 rule governs some ports (Cilium), a last column `l7` says which rows those are.
 * Streamed: the fields of each node and the rows of each distinct port set are built once.
 */
export function* matrixCsvChunks(matrix: Matrix): Generator<string> {
  const kinds = new Map(matrix.nodes.map((n) => [n.id, n.kind]));
  const node = memoIds((id) => `${csvField(id)},${csvField(kinds.get(id) ?? '')}`);
  // For a port set: the part of each of its rows after the destination, one per protocol.
  const tails = memoConns((conns) =>
    PROTOCOLS.filter((p) => conns[p].length > 0).map(
      (p) => `,${csvField(p)},${csvField(formatIntervals(conns[p]).replaceAll(',', ';'))}\r\n`,
    ),
  );
  // an `l7` column only where some connection has L7-governed ports (Cilium), so that the
  // columns of every other matrix stay as they were
  const l7 = matrix.connections.some((c) => c.l7 !== undefined);
  yield `source,source_kind,destination,destination_kind,protocol,ports${l7 ? ',l7' : ''}\r\n`;
  let batch = '';
  for (const c of matrix.connections) {
    const pair = `${node(c.src)},${node(c.dst)}`;
    if (!l7) {
      for (const tail of tails(c.conns)) batch += pair + tail;
    } else {
      const governed = c.l7 === undefined ? EMPTY_CONNS : c.l7;
      for (const tail of tails(subtractConns(c.conns, governed)))
        batch += `${pair}${tail.slice(0, -2)},false\r\n`;
      for (const tail of tails(governed)) batch += `${pair}${tail.slice(0, -2)},true\r\n`;
    }
    if (batch.length > CHUNK_CHARS) {
      yield batch;
      batch = '';
    }
  }
  if (batch !== '') yield batch;
}

/**
 * Quotes a field when it holds a comma, quote or line break; a field a spreadsheet would run
 * as a formula (`=`, `+`, `-`, `@` first) is prefixed with `'`.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
