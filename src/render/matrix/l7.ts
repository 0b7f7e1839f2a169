import type { MatrixConnection } from '../../engine/matrix.js';
import {
  type ConnSet,
  connsToJson,
  formatConns,
  formatIntervals,
  isEmptyConns,
  subtractConns,
} from '../../engine/port-set.js';
import { PROTOCOLS } from '../../model/types.js';

/**
 * A connection's `conns` entries for the matrix contract: the ports an L7 rule governs in
 * entries of their own, marked `"l7": true` (allowed at L4, each request judged at run time).
 */
export function connectionConnsToJson(c: MatrixConnection): ReturnType<typeof connsToJson> {
  if (c.l7 === undefined) return connsToJson(c.conns);
  const plain = connsToJson(subtractConns(c.conns, c.l7));
  const governed = connsToJson(c.l7).map((e) => ({ ...e, l7: true }));
  return [...plain, ...governed].sort((a, b) => PROTOCOL_ORDER[a.protocol] - PROTOCOL_ORDER[b.protocol]);
}

const PROTOCOL_ORDER = { TCP: 0, UDP: 1, SCTP: 2 } as const;

/**
 * Text for a connection's ports with the L7-governed ones marked: `TCP 443; TCP 80 (L7)`.
 * `plain` formats ports no L7 rule governs.
 */
export function formatConnectionConns(c: MatrixConnection, plain: (conns: ConnSet) => string): string {
  if (c.l7 === undefined) return plain(c.conns);
  const rest = subtractConns(c.conns, c.l7);
  const parts = isEmptyConns(rest) ? [] : [formatConns(rest)];
  parts.push(`${formatConns(c.l7)} (L7)`);
  return parts.join('; ');
}

/**
 * A connection's ports per protocol (`-o wide` columns), the L7-governed ones marked: `443; 80
 * (L7)`, `-` where the protocol has nothing allowed. `plain` formats the cells of a connection
 * no L7 rule governs (`c.l7` absent).
 */
export function formatProtocolColumns(
  c: MatrixConnection,
  plain: (conns: ConnSet) => readonly string[],
): readonly string[] {
  if (c.l7 === undefined) return plain(c.conns);
  const rest = subtractConns(c.conns, c.l7);
  return PROTOCOLS.map((p) => {
    const parts: string[] = [];
    if (rest[p].length > 0) parts.push(formatIntervals(rest[p]));
    if (c.l7![p].length > 0) parts.push(`${formatIntervals(c.l7![p])} (L7)`);
    return parts.length === 0 ? '-' : parts.join('; ');
  });
}
