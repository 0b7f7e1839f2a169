import type { Matrix } from '../../engine/matrix.js';
import { formatIntervals } from '../../engine/port-set.js';
import { PROTOCOLS } from '../../model/types.js';
import { CHUNK_CHARS, memoConns, memoIds } from './memo.js';

/**
 * `-o csv` (RFC 4180): one row per pair and protocol with something allowed. `ports` is `all`
 * or a `;`-separated list of ports and ranges (`80;8000-8080`). Node ids as in `-o json`.
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
  yield 'source,source_kind,destination,destination_kind,protocol,ports\r\n';
  let batch = '';
  for (const c of matrix.connections) {
    const pair = `${node(c.src)},${node(c.dst)}`;
    for (const tail of tails(c.conns)) batch += pair + tail;
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
