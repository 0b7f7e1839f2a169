import { type ConnSet, connsEqual } from '../../../src/engine/port-set.js';
import type { EdgeInfo } from '../view/types.js';

export type EdgeChangeType = 'added' | 'removed' | 'changed';

/** A connection that differs between the loaded state and the edited one. */
export interface EdgeChange {
  readonly type: EdgeChangeType;
  readonly src: string;
  readonly dst: string;
  /** Ports allowed before (absent for `added`). */
  readonly before?: ConnSet;
  /** Ports allowed after (absent for `removed`). */
  readonly after?: ConnSet;
}

/** The key of an ordered pair of node ids. */
export function pairKey(src: string, dst: string): string {
  return `${src}\u0000${dst}`;
}

/**
 * Connections added, removed or changed (different ports) from `before` to `after`, in the
 * order of `after` (added and changed) followed by the removed ones in the order of `before`.
 */
export function compareEdges(before: readonly EdgeInfo[], after: readonly EdgeInfo[]): EdgeChange[] {
  const old = new Map(before.map((e) => [pairKey(e.src, e.dst), e]));
  const seen = new Set<string>();
  const out: EdgeChange[] = [];
  for (const e of after) {
    const key = pairKey(e.src, e.dst);
    seen.add(key);
    const prev = old.get(key);
    if (prev === undefined) out.push({ type: 'added', src: e.src, dst: e.dst, after: e.conns });
    else if (!connsEqual(prev.conns, e.conns))
      out.push({ type: 'changed', src: e.src, dst: e.dst, before: prev.conns, after: e.conns });
  }
  for (const e of before) {
    if (!seen.has(pairKey(e.src, e.dst)))
      out.push({ type: 'removed', src: e.src, dst: e.dst, before: e.conns });
  }
  return out;
}

/** Counts per change type, for a summary line. */
export function countChanges(changes: readonly EdgeChange[]): Record<EdgeChangeType, number> {
  const counts = { added: 0, removed: 0, changed: 0 };
  for (const c of changes) counts[c.type]++;
  return counts;
}
