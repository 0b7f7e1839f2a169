import type { NetworkPolicy } from '../model/types.js';
import type { PolicyModification, PolicyStatus } from './types.js';

/** Policies of two versions matched by namespace and name. */
export interface PolicyComparison {
  readonly added: readonly NetworkPolicy[];
  readonly removed: readonly NetworkPolicy[];
  readonly modified: readonly PolicyModification[];
  /** What happened to the policy with this id (`namespace/name`). */
  statusOf(id: string): PolicyStatus;
}

/**
 * Compares the policies of two versions by `namespace/name`. A policy is modified when its
 * normalized spec differs (selector, effective policyTypes, rules); moving it to another file or
 * line, or reformatting it, is no modification.
 */
export function comparePolicies(
  before: readonly NetworkPolicy[],
  after: readonly NetworkPolicy[],
): PolicyComparison {
  const old = new Map(before.map((p) => [policyId(p), p]));
  const now = new Map(after.map((p) => [policyId(p), p]));
  const status = new Map<string, PolicyStatus>();
  const added: NetworkPolicy[] = [];
  const removed: NetworkPolicy[] = [];
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

/** `namespace/name`. */
export function policyId(p: NetworkPolicy): string {
  return `${p.namespace}/${p.name}`;
}

function specKey(p: NetworkPolicy): string {
  const { source: _source, id: _id, policyTypesExplicit: _explicit, ...spec } = p;
  return JSON.stringify(spec);
}
