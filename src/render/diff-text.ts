import type { ConnectionChange, ConnectivityDiff } from '../diff/types.js';
import { formatConns } from '../engine/port-set.js';
import { assertNever } from '../model/assert-never.js';
import { formatPosition } from '../model/source.js';
import { formatCause, formatDelta, noCauseReason, priorityMove, summarizeDiff } from './diff-common.js';
import { type Style, sanitize } from './style.js';
import { renderTable } from './table.js';
import { plural, unitNoun } from './words.js';

/**
 * The diff for a terminal: one row per changed pair (`+` added, `-` removed, `~` changed) with
 * the ports before and after and the policies responsible, then endpoints and policies that
 * came or went, then the summary line.
 */
export function renderDiffText(diff: ConnectivityDiff, style: Style, verbose = false): string {
  const out: string[] = [];
  if (diff.changes.length > 0) {
    const rows = diff.changes.map((c) => [
      mark(c, style),
      sanitize(c.src),
      sanitize(c.dst),
      formatConns(c.before),
      formatConns(c.after),
      whyText(diff, c, verbose),
    ]);
    out.push(renderTable(['', 'SOURCE', 'DESTINATION', 'BEFORE', 'AFTER', 'WHY'], rows).trimEnd());
    const pairs = diff.changes.reduce((n, c) => n + (c.pairs ?? 0), 0);
    if (diff.granularity === 'namespace' && pairs > 0)
      out.push(style.dim(`BEFORE and AFTER: the ports of the ${plural(pairs, 'pod pair')} that changed`));
  }
  const unit = unitNoun(diff.granularity);
  for (const n of diff.endpoints.added)
    out.push(`${style.good('+')} ${unit} ${sanitize(n.id)}${n.kind === unit ? '' : ` (${n.kind})`} added`);
  for (const n of diff.endpoints.removed)
    out.push(`${style.bad('-')} ${unit} ${sanitize(n.id)}${n.kind === unit ? '' : ` (${n.kind})`} removed`);
  const policyLines = [
    ...diff.policies.added.map((p) => `policy ${p.id} added`),
    ...diff.policies.removed.map((p) => `policy ${p.id} removed`),
    ...diff.policies.modified.map((m) => `policy ${m.after.id} modified${priorityMove(m)}`),
  ];
  if (policyLines.length > 0) out.push(style.dim(sanitize(policyLines.join('\n'))));
  const summary =
    diff.changes.length === 0 && diff.endpoints.added.length + diff.endpoints.removed.length === 0
      ? `No connectivity changes between ${plural(diff.nodes.length, 'node')}.`
      : `${capitalize(summarizeDiff(diff))}.`;
  out.push(style.bold(summary));
  return `${out.join('\n')}\n`;
}

function mark(c: ConnectionChange, style: Style): string {
  switch (c.type) {
    case 'added':
      return style.good('+');
    case 'removed':
      return style.bad('-');
    case 'changed':
      return style.warn('~');
    default:
      return assertNever(c.type);
  }
}

function whyText(diff: ConnectivityDiff, c: ConnectionChange, verbose: boolean): string {
  // The ports gained or lost, when that is shorter than the sets themselves (8080 → 8080,9090).
  const d = formatDelta(c.before, c.after);
  const delta = c.type === 'changed' && d.length <= formatConns(c.after).length + 1 ? `${d}: ` : '';
  if (c.causes.length === 0) return sanitize(`${delta}${noCauseReason(diff, c.src, c.dst)}`);
  const causes = c.causes.map((k) => {
    const text = formatCause(k);
    return verbose ? `${text} ${formatPosition(k.source, false)}` : text;
  });
  return sanitize(`${delta}${causes.join('; ')}`);
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
