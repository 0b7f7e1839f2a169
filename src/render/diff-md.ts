import type { ChangeType, ConnectionChange, ConnectivityDiff } from '../diff/types.js';
import { formatConns, isEmptyConns } from '../engine/port-set.js';
import { formatPosition } from '../model/source.js';
import { formatCause, noCauseReason, priorityMove, summarizeDiff } from './diff-common.js';
import { sanitize } from './style.js';
import { plural, unitNoun } from './words.js';

/** A hidden marker that lets a CI job find (and update) its previous comment. */
export const DIFF_MARKER = '<!-- kubereach-diff -->';

export interface DiffMdOptions {
  /** Table rows at most (a PR comment holds 65,536 characters); the rest is counted. */
  readonly maxRows?: number;
  /** A title for the heading, e.g. the paths compared. */
  readonly title?: string;
}

const ORDER: readonly ChangeType[] = ['added', 'removed', 'changed'];
const LABEL: Readonly<Record<ChangeType, string>> = {
  added: '🟢 added',
  removed: '🔴 removed',
  changed: '🟡 changed',
};

/**
 * The diff as a pull-request comment a reviewer takes in at a glance: a bold summary line,
 * then one table row per change (added first, then removed, then changed) with the ports
 * before and after and the policies responsible, then endpoints and policies that came or went.
 * Every name is escaped for Markdown.
 */
export function renderDiffMarkdown(diff: ConnectivityDiff, options: DiffMdOptions = {}): string {
  const maxRows = options.maxRows ?? 100;
  const title = options.title === undefined ? '' : `: ${escapeMd(options.title)}`;
  const lines = [DIFF_MARKER, `### Connectivity changes${title}`, ''];
  const unit = unitNoun(diff.granularity);
  const nothing =
    diff.changes.length === 0 && diff.endpoints.added.length === 0 && diff.endpoints.removed.length === 0;
  if (nothing) {
    lines.push(
      `✅ **No connectivity changes** (${plural(diff.nodes.length, 'node')} compared at ${unit} level).`,
    );
  } else {
    lines.push(`⚠️ **${escapeMd(capitalize(summarizeDiff(diff)))}** (compared at ${unit} level).`);
  }
  // Changes that only follow from a node coming or going are folded away: the node line says it.
  const moved = new Set([...diff.endpoints.added, ...diff.endpoints.removed].map((n) => n.id));
  const byNode = (c: ConnectionChange) => c.causes.length === 0 && (moved.has(c.src) || moved.has(c.dst));
  const sorted = [...diff.changes].sort((a, b) => ORDER.indexOf(a.type) - ORDER.indexOf(b.type));
  const main = sorted.filter((c) => !byNode(c));
  const folded = sorted.filter(byNode);
  lines.push(...table(diff, main, maxRows));
  if (folded.length > 0) {
    lines.push(
      '',
      `<details><summary>${plural(folded.length, 'more change')} from ${unit}s added or removed</summary>`,
      ...table(diff, folded, maxRows),
      '',
      '</details>',
    );
  }
  const list = (ids: readonly string[]) => ids.map(escapeMd).join(', ');
  if (diff.endpoints.added.length > 0)
    lines.push(
      '',
      `**${capitalize(plural(diff.endpoints.added.length, unit))} added:** ${list(diff.endpoints.added.map((n) => n.id))}`,
    );
  if (diff.endpoints.removed.length > 0)
    lines.push(
      '',
      `**${capitalize(plural(diff.endpoints.removed.length, unit))} removed:** ${list(diff.endpoints.removed.map((n) => n.id))}`,
    );
  const id = (p: { id: string }) => p.id;
  const policyParts = [
    diff.policies.added.length > 0 ? `added ${list(diff.policies.added.map(id))}` : '',
    diff.policies.removed.length > 0 ? `removed ${list(diff.policies.removed.map(id))}` : '',
    diff.policies.modified.length > 0
      ? `modified ${list(diff.policies.modified.map((m) => `${id(m.after)}${priorityMove(m)}`))}`
      : '',
  ].filter((p) => p !== '');
  if (policyParts.length > 0) lines.push('', `**Policies:** ${policyParts.join(' · ')}`);
  return `${lines.join('\n')}\n`;
}

function table(diff: ConnectivityDiff, changes: readonly ConnectionChange[], maxRows: number): string[] {
  if (changes.length === 0) return [];
  const lines = ['', '| | Source | Destination | Before | After | Why |', '|---|---|---|---|---|---|'];
  for (const c of changes.slice(0, maxRows)) lines.push(row(diff, c));
  if (changes.length > maxRows)
    lines.push(
      '',
      `… and ${plural(changes.length - maxRows, 'more change')}; run \`kubereach diff\` locally to see them all.`,
    );
  return lines;
}

function row(diff: ConnectivityDiff, c: ConnectionChange): string {
  const conns = (s: ConnectionChange['before']) => (isEmptyConns(s) ? '—' : escapeMd(formatConns(s)));
  const why =
    c.causes.length === 0
      ? `_${escapeMd(noCauseReason(diff, c.src, c.dst))}_`
      : c.causes
          .map((k) => `${escapeMd(formatCause(k))} <sub>${escapeMd(formatPosition(k.source, false))}</sub>`)
          .join('<br>');
  return `| ${LABEL[c.type]} | ${escapeMd(c.src)} | ${escapeMd(c.dst)} | ${conns(c.before)} | ${conns(c.after)} | ${why} |`;
}

/**
 * Escapes text for Markdown (GitHub flavour) inside and outside tables: HTML-significant
 * characters become entities, Markdown punctuation gets a backslash, line breaks a space.
 */
export function escapeMd(text: string): string {
  return sanitize(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|#~!]/g, (c) => `\\${c}`)
    .replace(/[\r\n\t]+/g, ' ');
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
