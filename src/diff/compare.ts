import type { Matrix, MatrixNode } from '../engine/matrix.js';
import { type ConnSet, connsEqual, EMPTY_CONNS, isEmptyConns } from '../engine/port-set.js';
import type { ChangeType } from './types.js';

/** A changed pair before policies are attributed. */
export interface PairChange {
  readonly type: ChangeType;
  readonly src: string;
  readonly dst: string;
  readonly before: ConnSet;
  readonly after: ConnSet;
}

export interface MatrixComparison {
  readonly changes: readonly PairChange[];
  readonly added: readonly MatrixNode[];
  readonly removed: readonly MatrixNode[];
  /** Every node id of either version, in display order: the new version's, then removed ones. */
  readonly order: ReadonlyMap<string, number>;
}

/**
 * Compares two matrices of the same granularity pair by pair (by node id). External nodes are
 * compared as connection ends but never reported as added or removed endpoints: their ids are
 * address ranges, which only line up when both matrices were cut at the same CIDR boundaries
 * (see `alignExternal`).
 */
export function compareMatrices(before: Matrix, after: Matrix): MatrixComparison {
  const afterIds = new Set(after.nodes.map((n) => n.id));
  const beforeIds = new Set(before.nodes.map((n) => n.id));
  const internal = (n: MatrixNode) => n.kind !== 'External';
  const added = after.nodes.filter((n) => internal(n) && !beforeIds.has(n.id));
  const removed = before.nodes.filter((n) => internal(n) && !afterIds.has(n.id));

  const order = new Map<string, number>();
  for (const n of after.nodes) order.set(n.id, order.size);
  for (const n of before.nodes) if (!order.has(n.id)) order.set(n.id, order.size);

  const key = (src: string, dst: string) => `${src}\u0000${dst}`;
  const pairs = new Map<string, { src: string; dst: string; before: ConnSet; after: ConnSet }>();
  for (const c of before.connections)
    pairs.set(key(c.src, c.dst), { src: c.src, dst: c.dst, before: c.conns, after: EMPTY_CONNS });
  for (const c of after.connections) {
    const k = key(c.src, c.dst);
    const hit = pairs.get(k);
    if (hit === undefined) pairs.set(k, { src: c.src, dst: c.dst, before: EMPTY_CONNS, after: c.conns });
    else hit.after = c.conns;
  }
  const changes: PairChange[] = [];
  for (const p of pairs.values()) {
    if (connsEqual(p.before, p.after)) continue;
    const type: ChangeType = isEmptyConns(p.before) ? 'added' : isEmptyConns(p.after) ? 'removed' : 'changed';
    changes.push({ type, ...p });
  }
  const rank = (id: string) => order.get(id) ?? Number.MAX_SAFE_INTEGER;
  changes.sort((a, b) => rank(a.src) - rank(b.src) || rank(a.dst) - rank(b.dst));
  return { changes, added, removed, order };
}
