import { alignExternal } from '../../../src/diff/align.js';
import {
  type AttributionContext,
  attributeChange,
  type VersionContext,
} from '../../../src/diff/attribute.js';
import { compareReachability } from '../../../src/diff/pod-pairs.js';
import { comparePolicies } from '../../../src/diff/policies.js';
import type { CauseEffect, ChangeType, Version } from '../../../src/diff/types.js';
import { buildMatrix, type Granularity, type Matrix } from '../../../src/engine/matrix.js';
import { type ConnSet, connsEqual } from '../../../src/engine/port-set.js';
import { computeReachability, type Reachability } from '../../../src/engine/reachability.js';
import type { Direction } from '../../../src/model/types.js';
import type { SourceLink } from '../view/types.js';

export type EdgeChangeType = ChangeType;

/** A policy responsible for a change (see src/diff's attribution). */
export interface ChangeCause {
  /** `namespace/name`. */
  readonly policy: string;
  readonly direction: Direction;
  readonly effect: CauseEffect;
  /** The version the effect is seen in: `after` links into the text being edited. */
  readonly version: Version;
  readonly source?: SourceLink;
}

/** A connection that differs between the baseline (the loaded state) and the edited one. */
export interface EdgeChange {
  readonly type: EdgeChangeType;
  readonly src: string;
  readonly dst: string;
  /** Ports allowed before (absent for `added`). */
  readonly before?: ConnSet;
  /** Ports allowed after (absent for `removed`). */
  readonly after?: ConnSet;
  /** The policies responsible; empty when endpoints came or went, or beyond the attribution limit. */
  readonly causes: readonly ChangeCause[];
}

/** One evaluated version: its reachability and its matrix at the granularity compared. */
export interface EvaluatedVersion {
  readonly reach: Reachability;
  readonly matrix: Matrix;
}

/** Changes beyond this many are listed without the policies responsible (attribution costs). */
export const MAX_ATTRIBUTED = 200;

/** The key of an ordered pair of node ids. */
export function pairKey(src: string, dst: string): string {
  return `${src}\u0000${dst}`;
}

function ipBlocksKey(reach: Reachability): string {
  const c = reach.compiled;
  return `${c.ipv6}|${c.ipBlocks
    .map((b) => `${b.v4.join(',')}/${b.v6.join(',')}`)
    .sort()
    .join(';')}`;
}

function versionContext(v: EvaluatedVersion): VersionContext {
  return {
    compiled: v.reach.compiled,
    nodes: new Map(v.matrix.nodes.map((n) => [n.id, n])),
    endpoints: new Map(v.reach.compiled.cluster.endpoints.map((e) => [e.id, e])),
    external: new Map(v.reach.external.nodes.map((x) => [x.id, x])),
  };
}

/**
 * What changed from `before` to `after`, with the diff engine (src/diff): pairs whose allowed
 * ports differ and the policies responsible. When the versions cut the outside address space
 * differently (an ipBlock was added or edited), both are re-cut at the same boundaries first so
 * external nodes line up; otherwise the evaluated versions are compared as they are.
 */
export function connectivityChanges(
  before: EvaluatedVersion,
  after: EvaluatedVersion,
  granularity: Granularity,
  maxAttributed = MAX_ATTRIBUTED,
): EdgeChange[] {
  let old = before;
  let now = after;
  if (ipBlocksKey(before.reach) !== ipBlocksKey(after.reach)) {
    const [oc, nc] = alignExternal(before.reach.compiled, after.reach.compiled);
    const oldReach = computeReachability(oc);
    const newReach = computeReachability(nc);
    old = { reach: oldReach, matrix: buildMatrix(oldReach, { granularity }) };
    now = { reach: newReach, matrix: buildMatrix(newReach, { granularity }) };
  }
  // pod pair by pod pair: a change between pods of one workload is never hidden
  const compared = compareReachability(old, now);
  // Attribution costs far more than the comparison: its context only when some is asked for.
  const ctx: AttributionContext | undefined =
    maxAttributed > 0 && compared.changes.length > 0
      ? {
          before: versionContext(old),
          after: versionContext(now),
          policies: comparePolicies(
            [...old.reach.compiled.cluster.policies, ...old.reach.compiled.cluster.adminPolicies],
            [...now.reach.compiled.cluster.policies, ...now.reach.compiled.cluster.adminPolicies],
          ),
        }
      : undefined;
  return compared.changes.map((c, i) => {
    const causes =
      ctx !== undefined && i < maxAttributed
        ? attributeChange(c, ctx).map((cause) => ({
            policy: cause.policy.id,
            direction: cause.direction,
            effect: cause.effect,
            version: cause.version,
            ...(cause.source.line > 0
              ? { source: { file: cause.source.file, line: cause.source.line, column: cause.source.column } }
              : {}),
          }))
        : [];
    return {
      type: c.type,
      src: c.src,
      dst: c.dst,
      ...(c.type === 'added' ? {} : { before: c.before }),
      ...(c.type === 'removed' ? {} : { after: c.after }),
      causes,
    };
  });
}

/**
 * The connections drawn differently: pairs of nodes whose allowed ports differ between the two
 * matrices (one pass over each, no attribution). What the graph marks while the pod-by-pod
 * comparison of `connectivityChanges` is still to come; it misses only a change inside a pair
 * of nodes that other pods of the same nodes hide (the pod-by-pod comparison lists it). When
 * the versions cut the outside address space differently, external nodes do not line up, and
 * it answers `undefined` (compare them with `connectivityChanges`).
 */
export function drawnChanges(before: EvaluatedVersion, after: EvaluatedVersion): EdgeChange[] | undefined {
  if (ipBlocksKey(before.reach) !== ipBlocksKey(after.reach)) return undefined;
  const old = new Map(before.matrix.connections.map((c) => [pairKey(c.src, c.dst), c.conns]));
  const out: EdgeChange[] = [];
  const seen = new Set<string>();
  for (const c of after.matrix.connections) {
    const key = pairKey(c.src, c.dst);
    seen.add(key);
    const was = old.get(key);
    if (was === undefined) out.push({ type: 'added', src: c.src, dst: c.dst, after: c.conns, causes: [] });
    else if (!connsEqual(was, c.conns))
      out.push({ type: 'changed', src: c.src, dst: c.dst, before: was, after: c.conns, causes: [] });
  }
  for (const c of before.matrix.connections)
    if (!seen.has(pairKey(c.src, c.dst)))
      out.push({ type: 'removed', src: c.src, dst: c.dst, before: c.conns, causes: [] });
  return out;
}

/** Counts per change type, for a summary line. */
export function countChanges(changes: readonly EdgeChange[]): Record<EdgeChangeType, number> {
  const counts = { added: 0, removed: 0, changed: 0 };
  for (const c of changes) counts[c.type]++;
  return counts;
}
