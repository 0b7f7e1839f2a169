import type { Matrix } from '../../engine/matrix.js';
import { formatIntervals } from '../../engine/port-set.js';
import { PROTOCOLS } from '../../model/types.js';

/**
 * `-o csv` (RFC 4180): one row per pair and protocol with something allowed. `ports` is `all`
 * or a `;`-separated list of ports and ranges (`80;8000-8080`). Node ids as in `-o json`.
 */
export function* matrixCsvChunks(matrix: Matrix): Generator<string> {
  const kinds = new Map(matrix.nodes.map((n) => [n.id, n.kind]));
  yield 'source,source_kind,destination,destination_kind,protocol,ports\r\n';
  let batch = '';
  let rows = 0;
  for (const c of matrix.connections) {
    for (const protocol of PROTOCOLS) {
      const iv = c.conns[protocol];
      if (iv.length === 0) continue;
      const ports = formatIntervals(iv).replaceAll(',', ';');
      batch += `${[c.src, kinds.get(c.src) ?? '', c.dst, kinds.get(c.dst) ?? '', protocol, ports].map(csvField).join(',')}\r\n`;
      if (++rows % 1024 === 0) {
        yield batch;
        batch = '';
      }
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
