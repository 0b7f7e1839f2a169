import { formatConns } from '../engine/port-set.js';
import type { FixReport, Proposal } from '../fix/types.js';
import { formatPosition } from '../model/source.js';
import { formatDelta } from './diff-common.js';
import type { Style } from './style.js';
import { renderUnifiedDiff } from './unified-diff.js';
import { plural } from './words.js';

/** The connection of a fix request as one phrase: `dev1/demo1 → dev2/http-echo TCP 8080`. */
export function fixSubject(report: FixReport): string {
  const r = report.request;
  return `${r.src} → ${r.dst} ${r.protocol} ${String(r.port)}`;
}

/** The fix report for people: each proposal with what it changes besides, and its diff. */
export function renderFixText(report: FixReport, style: Style, verbose = false): string {
  const subject = fixSubject(report);
  const want = report.request.want;
  const blocker = report.blocker;
  if (blocker !== undefined) {
    switch (blocker.code) {
      case 'ALREADY':
        return `${subject} is already ${blocker.verdict}: nothing to fix.\n`;
      case 'NOT_A_POLICY_VERDICT':
        return `${subject}: ${blocker.verdict}${blocker.reason === undefined ? '' : ` (${blocker.reason})`}.\nThis is not decided by policies, so no policy edit can make it ${want}.\n`;
      case 'NO_POLICY_SIDE':
        return `${subject}: ${blocker.detail}; no policy edit can make it ${want}.\n`;
      case 'ADMIN_DECIDES':
        return `${subject}: ${tierWords(blocker)}; no NetworkPolicy edit can make it ${want}: only a cluster admin can change that policy.\n`;
      case 'CILIUM_DENY_DECIDES':
        return `${subject}: ${ciliumDenyWords(blocker)}: no allow can make it ${want}, and no narrowing or removal of that rule kubereach knows does. Edit the deny rule.\n`;
    }
  }
  const working = report.proposals.filter((p) => p.works);
  let out = `${style.bold(subject)} is ${report.before}; wanted ${want}.\n`;
  if (working.length === 0) {
    out += style.bad(`No edit kubereach knows makes it ${want}.`);
    out += report.proposals.length === 0 ? '\n' : ' What was tried, and what it gave:\n';
  } else {
    out += `${plural(working.length, 'proposal')}, each applied to a copy of the input and evaluated:\n`;
  }
  report.proposals.forEach((p, i) => {
    out += `\n${renderProposal(p, i + 1, style, verbose)}`;
  });
  if (working.length > 0)
    out += `\n${style.dim(`Write one into the files with --apply N; -o patch prints proposal 1 as a patch.`)}\n`;
  return out;
}

function renderProposal(p: Proposal, n: number, style: Style, verbose: boolean): string {
  const tag = p.nearMiss ? 'repair' : 'edit';
  let out = `${style.bold(`${n}.`)} ${p.title} ${style.dim(`[${p.strategy}, ${tag}]`)}\n`;
  if (p.source !== undefined) out += `   at ${formatPosition(p.source, false)}\n`;
  if (!p.works) {
    out += `   ${style.bad(`does not work: the connection would be ${p.after}`)}\n`;
  } else if (p.sideEffects.length === 0) {
    out += `   ${style.good(`makes it ${p.after}; changes no other connection`)}\n`;
  } else {
    out += `   ${style.good(`makes it ${p.after}`)}; ${style.warn(`also changes ${plural(p.sideEffects.length, 'other connection')}`)}:\n`;
    const shown = verbose ? p.sideEffects : p.sideEffects.slice(0, 10);
    for (const s of shown)
      out += `     ${s.src} → ${s.dst}: ${formatDelta(s.before, s.after) || formatConns(s.after)}\n`;
    if (shown.length < p.sideEffects.length)
      out += `     … and ${p.sideEffects.length - shown.length} more (-v lists all)\n`;
  }
  for (const f of p.files) {
    const diff = renderUnifiedDiff(f.file, f.before, f.after);
    out += diff
      .trimEnd()
      .split('\n')
      .map((line) => `   ${colourDiffLine(line, style)}`)
      .join('\n');
    out += '\n';
  }
  return out;
}

function colourDiffLine(line: string, style: Style): string {
  if (line.startsWith('+++') || line.startsWith('---')) return style.bold(line);
  if (line.startsWith('+')) return style.good(line);
  if (line.startsWith('-')) return style.bad(line);
  if (line.startsWith('@@')) return style.dim(line);
  return line;
}

/** The patch of one proposal: a unified diff of every file it changes. */
export function renderFixPatch(p: Proposal): string {
  return p.files.map((f) => renderUnifiedDiff(f.file, f.before, f.after)).join('');
}

/**
 * `check`'s one line for a denied connection that an evident repair makes allowed:
 * `fix: at FILE:LINE <what to write> — \`kubereach fix …\` for all proposals`.
 */
export function renderFixHint(p: Proposal, command: string, style: Style): string {
  const at = p.source === undefined ? '' : `at ${formatPosition(p.source, false)} `;
  return `${style.bold('fix:')} ${at}${p.title} — \`${command}\` for all proposals\n`;
}

/** `AdminNetworkPolicy x (priority 5) denies egress first`. */
export function tierWords(b: Extract<NonNullable<FixReport['blocker']>, { code: 'ADMIN_DECIDES' }>): string {
  return `${b.kind} ${b.policy} (priority ${b.priority}) ${b.action === 'deny' ? 'denies' : 'allows'} ${b.direction} first`;
}

/** `CiliumNetworkPolicy cnp/dev2/x spec.ingressDeny[0] denies ingress, and a Cilium deny beats every allow`. */
export function ciliumDenyWords(
  b: Extract<NonNullable<FixReport['blocker']>, { code: 'CILIUM_DENY_DECIDES' }>,
): string {
  return `${b.kind} ${b.policy} ${b.rule} denies ${b.direction}, and a Cilium deny beats every allow`;
}
