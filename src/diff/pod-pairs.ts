import type { Matrix } from '../engine/matrix.js';
import { type ConnSet, connsEqual, EMPTY_CONNS, isEmptyConns, unionConns } from '../engine/port-set.js';
import type { Reachability } from '../engine/reachability.js';
import { compareNodes, type MatrixComparison, type PairChange } from './compare.js';

/** One version: its reachability and its matrix at the granularity compared. */
export interface EvaluatedMatrix {
  readonly reach: Reachability;
  readonly matrix: Matrix;
}

/**
 * Pods (or one external node) that behave alike in both versions and sit in the same nodes:
 * the same class before and after, the same node before and after.
 */
interface JointParty {
  /** Party index in the old version, -1 when absent. */
  readonly old: number;
  /** Party index in the new version, -1 when absent. */
  readonly now: number;
  readonly oldNode: string | undefined;
  readonly newNode: string | undefined;
  /** How many pods it stands for (1 for an external node). */
  count: number;
}

interface Aggregate {
  readonly src: string;
  readonly dst: string;
  before: ConnSet;
  after: ConnSet;
  pairs: number;
}

/**
 * Compares two versions pod pair by pod pair and reports the changes per pair of nodes (pods,
 * workloads or namespaces): a pair of nodes changed when any pair of distinct pods in them did,
 * so a coarse granularity never hides a change. A change's `before` and `after` unite the ports of
 * the pod pairs that changed (not of every pod pair in the nodes: a namespace whose other pods
 * still talk freely must not mask a connection cut between two of them), and `pairs` counts them.
 * Pods are matched by id; a pod that moves to another node is a change of both node pairs.
 */
export function compareReachability(before: EvaluatedMatrix, after: EvaluatedMatrix): MatrixComparison {
  const nodes = compareNodes(before.matrix, after.matrix);
  const parties = jointParties(before, after);
  const byOld = groupBy(parties, (p) => p.old);
  const byNew = groupBy(parties, (p) => p.now);
  const aggregates = new Map<string, Aggregate>();
  const record = (src: string, dst: string, b: ConnSet, a: ConnSet, pairs: number) => {
    const key = `${src}\u0000${dst}`;
    const hit = aggregates.get(key);
    if (hit === undefined) aggregates.set(key, { src, dst, before: b, after: a, pairs });
    else {
      hit.before = unionConns(hit.before, b);
      hit.after = unionConns(hit.after, a);
      hit.pairs += pairs;
    }
  };
  const connsOf = (reach: Reachability, src: number, dst: number) =>
    src < 0 || dst < 0 ? EMPTY_CONNS : reach.connsBetween(src, dst);
  const consider = (p: JointParty, q: JointParty, b: ConnSet, a: ConnSet) => {
    // a pod to itself is always allowed and never part of a matrix
    if (p === q && p.count < 2) return;
    const pairs = p === q ? p.count * (p.count - 1) : p.count * q.count;
    const sameNodes = p.oldNode === p.newNode && q.oldNode === q.newNode;
    if (sameNodes) {
      if (!connsEqual(b, a) && p.newNode !== undefined && q.newNode !== undefined)
        record(p.newNode, q.newNode, b, a, pairs);
      return;
    }
    if (p.oldNode !== undefined && q.oldNode !== undefined && !isEmptyConns(b))
      record(p.oldNode, q.oldNode, b, EMPTY_CONNS, pairs);
    if (p.newNode !== undefined && q.newNode !== undefined && !isEmptyConns(a))
      record(p.newNode, q.newNode, EMPTY_CONNS, a, pairs);
  };
  before.reach.forEachPair((src, dst, conns) => {
    for (const p of byOld.get(src) ?? [])
      for (const q of byOld.get(dst) ?? []) consider(p, q, conns, connsOf(after.reach, p.now, q.now));
  });
  after.reach.forEachPair((src, dst, conns) => {
    for (const p of byNew.get(src) ?? []) {
      for (const q of byNew.get(dst) ?? []) {
        // pairs allowed something before were compared above
        if (!isEmptyConns(connsOf(before.reach, p.old, q.old))) continue;
        consider(p, q, EMPTY_CONNS, conns);
      }
    }
  });
  const changes: PairChange[] = [...aggregates.values()].map((g) => ({
    type: isEmptyConns(g.before) ? 'added' : isEmptyConns(g.after) ? 'removed' : 'changed',
    src: g.src,
    dst: g.dst,
    before: g.before,
    after: g.after,
    pairs: g.pairs,
  }));
  const rank = (id: string) => nodes.order.get(id) ?? Number.MAX_SAFE_INTEGER;
  changes.sort((a, b) => rank(a.src) - rank(b.src) || rank(a.dst) - rank(b.dst));
  return { ...nodes, changes };
}

/** Pods grouped by (old class, new class, old node, new node), then external nodes by id. */
function jointParties(before: EvaluatedMatrix, after: EvaluatedMatrix): JointParty[] {
  const seats = new Map<string, { old: number; now: number; oldNode?: string; newNode?: string }>();
  const seat = (id: string) => {
    let s = seats.get(id);
    if (s === undefined) {
      s = { old: -1, now: -1 };
      seats.set(id, s);
    }
    return s;
  };
  const place = (version: EvaluatedMatrix, which: 'old' | 'now') => {
    const { reach, matrix } = version;
    const externalIndex = new Map(reach.external.nodes.map((x, i) => [x.id, i]));
    for (const node of matrix.nodes) {
      for (const e of node.endpoints) {
        const s = seat(`pod\u0000${e.id}`);
        s[which] = reach.classOf(e);
        if (which === 'old') s.oldNode = node.id;
        else s.newNode = node.id;
      }
      if (node.kind !== 'External') continue;
      const index = externalIndex.get(node.id);
      if (index === undefined) continue;
      const s = seat(`external\u0000${node.id}`);
      s[which] = reach.externalParty(index);
      if (which === 'old') s.oldNode = node.id;
      else s.newNode = node.id;
    }
  };
  place(before, 'old');
  place(after, 'now');
  const parties = new Map<string, JointParty>();
  for (const s of seats.values()) {
    if (s.old < 0 && s.now < 0) continue;
    const key = `${s.old}\u0000${s.now}\u0000${s.oldNode ?? ''}\u0000${s.newNode ?? ''}`;
    const hit = parties.get(key);
    if (hit !== undefined) hit.count++;
    else parties.set(key, { old: s.old, now: s.now, oldNode: s.oldNode, newNode: s.newNode, count: 1 });
  }
  return [...parties.values()];
}

function groupBy<T>(items: readonly T[], key: (item: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k < 0) continue;
    const list = out.get(k);
    if (list === undefined) out.set(k, [item]);
    else list.push(item);
  }
  return out;
}
