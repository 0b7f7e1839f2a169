import type { Endpoint } from '../model/types.js';
import type { CompiledCluster } from './compile.js';
import { subjectSelects } from './match.js';
import type { Granularity, Matrix, MatrixConnection } from './matrix.js';
import { ciliumEntityNodes, l7Tracker } from './matrix-cilium.js';
import { type ConnSet, EMPTY_CONNS, isEmptyConns, unionConns } from './port-set.js';
import type { Reachability } from './reachability.js';
import type { AnyPolicy, CompiledPolicy } from './rules.js';

/**
 * Evaluation after an edit of policies: which endpoints' verdicts the edit can change, and the
 * matrix patched on those alone.
 *
 * Every dialect decides a connection src→dst from the egress side of src and the ingress side
 * of dst, and each side from the rules of the policies whose subject selects that pod
 * (`applicableRules`): a policy never changes a verdict on the side of a pod it does not
 * select. So when only policies change (the pods, workloads, namespaces, nodes and the engine
 * options stay the same objects), a connection can change only if an edited, added or removed
 * policy selects its source (for egress) or its destination (for ingress), in its old or new
 * version. Everything else keeps its verdict and is reused.
 */

/** The endpoints whose ingress or egress side an edit of policies can change. */
export interface AffectedEndpoints {
  readonly ingress: ReadonlySet<Endpoint>;
  readonly egress: ReadonlySet<Endpoint>;
  /** The policies added, removed or edited (their old and new objects). */
  readonly policies: number;
}

/**
 * The endpoints an edit of policies can change, between two compilations of one cluster; or
 * `undefined` when more than policies changed (pods, workloads, namespaces, nodes, the API
 * server's addresses or the engine options), which the caller evaluates in full.
 */
export function affectedEndpoints(
  before: CompiledCluster,
  after: CompiledCluster,
): AffectedEndpoints | undefined {
  const a = before.cluster;
  const b = after.cluster;
  if (
    !sameItems(a.endpoints, b.endpoints) ||
    !sameItems(a.workloads, b.workloads) ||
    !sameItems(a.nodes, b.nodes) ||
    !sameItems(a.apiServerAddresses, b.apiServerAddresses) ||
    !sameEntries(a.namespaces, b.namespaces) ||
    JSON.stringify(before.options) !== JSON.stringify(after.options) ||
    JSON.stringify(before.match) !== JSON.stringify(after.match)
  )
    return undefined;
  const old = new Set<AnyPolicy>([...a.policies, ...a.adminPolicies, ...a.ciliumPolicies]);
  const now = new Set<AnyPolicy>([...b.policies, ...b.adminPolicies, ...b.ciliumPolicies]);
  const changed = new Set<AnyPolicy>();
  for (const p of old) if (!now.has(p)) changed.add(p);
  for (const p of now) if (!old.has(p)) changed.add(p);
  const ingress = new Set<Endpoint>();
  const egress = new Set<Endpoint>();
  for (const compiled of [before, after]) {
    const policies: readonly CompiledPolicy[] = [
      ...compiled.policies,
      ...compiled.adminPolicies,
      ...compiled.ciliumPolicies,
    ];
    for (const cp of policies) {
      if (!changed.has(cp.policy)) continue;
      const inward = cp.ingress || cp.ingressRules.length > 0;
      const outward = cp.egress || cp.egressRules.length > 0;
      if (!inward && !outward) continue;
      for (const e of b.endpoints) {
        if (!subjectSelects(cp.subject, e, compiled.namespaceLabels)) continue;
        if (inward) ingress.add(e);
        if (outward) egress.add(e);
      }
    }
  }
  return { ingress, egress, policies: changed.size };
}

/**
 * The matrix of `reach` at the granularity of `previous` (a matrix of the same cluster before
 * an edit of policies, built with the same options), computed only where `affected` says a
 * verdict can differ: the rows of nodes holding an egress-affected endpoint, and in every
 * other row the cells of nodes holding an ingress-affected one; the rest is taken from
 * `previous`. `undefined` when the nodes differ (outside addresses cut anew, Cilium entities)
 * or Cilium L7 rules are present: then build the matrix in full.
 * Equal to `buildMatrix(reach, { granularity, entities: true })` (the property tests compare).
 */
export function updateMatrix(
  previous: Matrix,
  reach: Reachability,
  affected: AffectedEndpoints,
): Matrix | undefined {
  if (previous.nodes.some((n) => n.kind === 'Entity')) return undefined;
  if (ciliumEntityNodes(reach) !== null || l7Tracker(reach) !== null) return undefined;
  const { nodes, granularity } = previous;
  const external = reach.external.nodes;
  const C = reach.classes.length;
  const firstExternal = nodes.length - external.length;
  if (firstExternal < 0) return undefined;
  for (let x = 0; x < external.length; x++) {
    const node = nodes[firstExternal + x]!;
    const cidrs = external[x]!.cidrs;
    if (node.kind !== 'External' || node.id !== external[x]!.id || (node.cidrs ?? []).join() !== cidrs.join())
      return undefined;
  }
  for (let i = 0; i < firstExternal; i++) if (nodes[i]!.kind === 'External') return undefined;

  // Per node: its parties with how many members each holds, and whether an edit touches it.
  const parties: { party: number; count: number }[][] = nodes.map((node, i) => {
    if (i >= firstExternal) return [{ party: C + (i - firstExternal), count: 1 }];
    const counts = new Map<number, number>();
    for (const e of node.endpoints) {
      const c = reach.classOf(e);
      if (c >= 0) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    return [...counts].map(([party, count]) => ({ party, count }));
  });
  const touches = (set: ReadonlySet<Endpoint>) => nodes.map((node) => node.endpoints.some((e) => set.has(e)));
  const rowAffected = touches(affected.egress);
  const columnAffected = touches(affected.ingress);
  const affectedColumns = columnAffected.flatMap((hit, i) => (hit ? [i] : []));
  const index = new Map(nodes.map((n, i) => [n.id, i]));

  const cell = (s: number, d: number): ConnSet | null => {
    if (s >= firstExternal && d >= firstExternal) return null;
    let conns: ConnSet = EMPTY_CONNS;
    for (const from of parties[s]!) {
      for (const to of parties[d]!) {
        // A node to itself: distinct pods only (never at pod granularity).
        if (s === d && (granularity === 'pod' || (from.party === to.party && from.count < 2))) continue;
        const c = reach.connsBetween(from.party, to.party);
        if (!isEmptyConns(c)) conns = isEmptyConns(conns) ? c : unionConns(conns, c);
      }
    }
    return isEmptyConns(conns) ? null : conns;
  };

  const connections: MatrixConnection[] = [];
  const push = (s: number, d: number) => {
    const conns = cell(s, d);
    if (conns !== null) connections.push({ src: nodes[s]!.id, dst: nodes[d]!.id, conns });
  };
  let k = 0;
  const old = previous.connections;
  for (let s = 0; s < nodes.length; s++) {
    const id = nodes[s]!.id;
    const start = k;
    while (k < old.length && old[k]!.src === id) k++;
    if (rowAffected[s]) {
      for (let d = 0; d < nodes.length; d++) push(s, d);
      continue;
    }
    // Kept cells and recomputed columns, merged in destination order.
    let c = 0;
    for (let j = start; j < k; j++) {
      const d = index.get(old[j]!.dst)!;
      while (c < affectedColumns.length && affectedColumns[c]! < d) push(s, affectedColumns[c++]!);
      if (columnAffected[d]) continue;
      connections.push(old[j]!);
    }
    while (c < affectedColumns.length) push(s, affectedColumns[c++]!);
  }
  if (k !== old.length) return undefined;
  return { granularity: granularity satisfies Granularity, nodes, connections };
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameEntries<K, V>(a: ReadonlyMap<K, V>, b: ReadonlyMap<K, V>): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}
