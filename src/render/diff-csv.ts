import type { ConnectivityDiff } from '../diff/types.js';
import { formatConns, isEmptyConns } from '../engine/port-set.js';
import { formatPosition } from '../model/source.js';
import { formatCause } from './diff-common.js';

/**
 * The diff as CSV (RFC 4180): one row per changed pair (`added`, `removed`, `changed`), then one
 * per node that came or went (`endpoint-added`, `endpoint-removed`, with the node in `src`).
 * Port sets as in `matrix` (`TCP 80,443; UDP all`, empty for none); causes joined by `; `.
 */
export function renderDiffCsv(diff: ConnectivityDiff): string {
  const rows: string[][] = [['type', 'src', 'dst', 'before', 'after', 'policies']];
  const conns = (s: Parameters<typeof formatConns>[0]) => (isEmptyConns(s) ? '' : formatConns(s));
  for (const c of diff.changes) {
    rows.push([
      c.type,
      c.src,
      c.dst,
      conns(c.before),
      conns(c.after),
      c.causes.map((k) => `${formatCause(k)} ${formatPosition(k.source, false)}`).join('; '),
    ]);
  }
  for (const n of diff.endpoints.added) rows.push(['endpoint-added', n.id, '', '', '', '']);
  for (const n of diff.endpoints.removed) rows.push(['endpoint-removed', n.id, '', '', '', '']);
  return rows.map((r) => `${r.map(csvCell).join(',')}\r\n`).join('');
}

/**
 * One CSV cell: quoted when it holds a comma, quote or line break; a leading `=`, `+`, `-` or `@`
 * is prefixed with `'` so spreadsheets never run it as a formula.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
