import type { Matrix, MatrixNode } from '../engine/matrix.js';
import type { ConnSet } from '../engine/port-set.js';
import type { ChangeType } from './types.js';

/** A changed pair before policies are attributed. */
export interface PairChange {
  readonly type: ChangeType;
  readonly src: string;
  readonly dst: string;
  readonly before: ConnSet;
  readonly after: ConnSet;
  /** How many pairs of distinct pods (or pod and address range) changed, when counted. */
  readonly pairs?: number;
}

export interface MatrixComparison {
  readonly changes: readonly PairChange[];
  readonly added: readonly MatrixNode[];
  readonly removed: readonly MatrixNode[];
  /** Every node id of either version, in display order: the new version's, then removed ones. */
  readonly order: ReadonlyMap<string, number>;
}

/** Nodes only in one version, and every node id of either in display order (the new version's first). */
export function compareNodes(before: Matrix, after: Matrix): Omit<MatrixComparison, 'changes'> {
  const afterIds = new Set(after.nodes.map((n) => n.id));
  const beforeIds = new Set(before.nodes.map((n) => n.id));
  const internal = (n: MatrixNode) => n.kind !== 'External';
  const added = after.nodes.filter((n) => internal(n) && !beforeIds.has(n.id));
  const removed = before.nodes.filter((n) => internal(n) && !afterIds.has(n.id));
  const order = new Map<string, number>();
  for (const n of after.nodes) order.set(n.id, order.size);
  for (const n of before.nodes) if (!order.has(n.id)) order.set(n.id, order.size);
  return { added, removed, order };
}
