import type { ConnectivityDiff, PolicyCause, PolicyModification } from '../diff/types.js';
import { type ConnSet, formatConns, isEmptyConns, subtractConns } from '../engine/port-set.js';
import { assertNever } from '../model/assert-never.js';
import { unitNoun } from './words.js';

/** Counts every diff renderer shows in its summary. */
export interface DiffCounts {
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
  readonly endpointsAdded: number;
  readonly endpointsRemoved: number;
}

export function countDiff(diff: ConnectivityDiff): DiffCounts {
  let added = 0;
  let removed = 0;
  let changed = 0;
  for (const c of diff.changes) {
    if (c.type === 'added') added++;
    else if (c.type === 'removed') removed++;
    else changed++;
  }
  return {
    added,
    removed,
    changed,
    endpointsAdded: diff.endpoints.added.length,
    endpointsRemoved: diff.endpoints.removed.length,
  };
}

/**
 * The one-line summary, zero counts left out: `connections: 2 added, 1 removed; workloads: 1
 * added`, or `no connectivity changes`.
 */
export function summarizeDiff(diff: ConnectivityDiff): string {
  const n = countDiff(diff);
  const unit = unitNoun(diff.granularity);
  const counts = (entries: readonly [number, string][]) =>
    entries
      .filter(([k]) => k > 0)
      .map(([k, what]) => `${k} ${what}`)
      .join(', ');
  const parts: string[] = [];
  const connections = counts([
    [n.added, 'added'],
    [n.removed, 'removed'],
    [n.changed, 'changed'],
  ]);
  if (connections !== '') parts.push(`connections: ${connections}`);
  const nodes = counts([
    [n.endpointsAdded, 'added'],
    [n.endpointsRemoved, 'removed'],
  ]);
  if (nodes !== '') parts.push(`${unit}s: ${nodes}`);
  return parts.length === 0 ? 'no connectivity changes' : parts.join('; ');
}

/** `+TCP 443; −UDP 53`: the ports gained and lost by a change. */
export function formatDelta(before: ConnSet, after: ConnSet): string {
  const gained = subtractConns(after, before);
  const lost = subtractConns(before, after);
  const parts: string[] = [];
  if (!isEmptyConns(gained)) parts.push(`+${formatConns(gained)}`);
  if (!isEmptyConns(lost)) parts.push(`−${formatConns(lost)}`);
  return parts.join(' ');
}

/**
 * A changed port set in few characters: the ports gained and lost (`+TCP 9090`) when that is
 * shorter than the new set, otherwise `before → after` (`all → TCP 443`).
 */
export function formatChange(before: ConnSet, after: ConnSet): string {
  const delta = formatDelta(before, after);
  const full = `${formatConns(before)} → ${formatConns(after)}`;
  return delta.length <= full.length ? delta : full;
}

/**
 * A cause in words, without position: `dev2/kube-demo ingress[0] allows (policy added)`,
 * `dev2/deny-all isolates ingress (policy added)`.
 */
export function formatCause(cause: PolicyCause): string {
  const name = cause.policy.id;
  const rules =
    cause.rulePaths.length === 0
      ? cause.direction
      : cause.rulePaths.map((p) => p.replace(/^spec\./, '')).join(',');
  const status = cause.status === 'unchanged' ? '' : ` (policy ${cause.status})`;
  switch (cause.effect) {
    case 'allows':
      return `${name} ${rules} allows${status}`;
    case 'no-longer-allows':
      return `${name} ${rules} no longer allows${status}`;
    case 'isolates':
      return `${name} isolates ${cause.direction}${status}`;
    case 'no-longer-isolates':
      return `${name} no longer isolates ${cause.direction}${status}`;
    case 'denies':
      return `${name} ${rules} denies${status}`;
    case 'no-longer-denies':
      return `${name} ${rules} no longer denies${status}`;
    default:
      return assertNever(cause.effect);
  }
}

/** Why a change has no responsible policy. */
export function noCauseReason(diff: ConnectivityDiff, src: string, dst: string): string {
  const added = new Set(diff.endpoints.added.map((n) => n.id));
  const removed = new Set(diff.endpoints.removed.map((n) => n.id));
  if (added.has(src) || added.has(dst)) return `new ${unitNoun(diff.granularity)}, not isolated`;
  if (removed.has(src) || removed.has(dst)) return `${unitNoun(diff.granularity)} removed`;
  return 'pods or labels changed';
}

/** ` (priority 10 → 20)` when an admin policy moved priority, else nothing. */
export function priorityMove(m: PolicyModification): string {
  const { before, after } = m;
  if (!('priority' in before) || !('priority' in after) || before.priority === after.priority) return '';
  return ` (priority ${before.priority} → ${after.priority})`;
}
