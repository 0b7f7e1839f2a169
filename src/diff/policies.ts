import type { AnyPolicy } from '../engine/rules.js';
import type { PolicyModification, PolicyStatus } from './types.js';

/** Policies of two versions (every dialect) matched by id: `namespace/name`, `anp/NAME`, …. */
export interface PolicyComparison {
  readonly added: readonly AnyPolicy[];
  readonly removed: readonly AnyPolicy[];
  readonly modified: readonly PolicyModification[];
  /** What happened to the policy with this id (`namespace/name`). */
  statusOf(id: string): PolicyStatus;
}

/**
 * Compares the policies of two versions by id. A policy is modified when its normalized spec
 * differs (selector or subject, effective policyTypes, priority, rules); moving it to another
 * file or line, or reformatting it, is no modification.
 */
export function comparePolicies(before: readonly AnyPolicy[], after: readonly AnyPolicy[]): PolicyComparison {
  const old = new Map(before.map((p) => [policyId(p), p]));
  const now = new Map(after.map((p) => [policyId(p), p]));
  const status = new Map<string, PolicyStatus>();
  const added: AnyPolicy[] = [];
  const removed: AnyPolicy[] = [];
  const modified: PolicyModification[] = [];
  for (const [id, p] of now) {
    const q = old.get(id);
    if (q === undefined) {
      added.push(p);
      status.set(id, 'added');
    } else if (specKey(p) !== specKey(q)) {
      modified.push({ before: q, after: p });
      status.set(id, 'modified');
    } else status.set(id, 'unchanged');
  }
  for (const [id, q] of old) {
    if (now.has(id)) continue;
    removed.push(q);
    status.set(id, 'removed');
  }
  return { added, removed, modified, statusOf: (id) => status.get(id) ?? 'unchanged' };
}

/** `namespace/name` for a NetworkPolicy, `anp/NAME`, `banp/NAME` or `cnp/NAME` for admin policies. */
export function policyId(p: AnyPolicy): string {
  return p.id;
}

function specKey(p: AnyPolicy): string {
  if (p.kind !== 'NetworkPolicy') {
    const { source: _source, ...spec } = p;
    return JSON.stringify(spec);
  }
  const { source: _source, id: _id, policyTypesExplicit: _explicit, policyTypesReason: _reason, ...spec } = p;
  return JSON.stringify(spec);
}
