import type { PairOutcome, TestOutcome, TestRun } from '../assert/run.js';
import type { CheckResult } from '../engine/check.js';
import { formatTarget } from '../engine/targets.js';
import { formatPosition } from '../model/source.js';
import { type Style, sanitize } from './style.js';

/** Explains a failing pair's actual verdict, as `check` would print it. */
export type PairExplainer = (result: CheckResult, style: Style) => string;

export interface TestTextOptions {
  readonly explain: PairExplainer;
  /** Show every failing pair of a group with its explanation (otherwise the first few). */
  readonly verbose?: boolean;
  /** Print only failures and the summary. */
  readonly quiet?: boolean;
}

/** Failing pairs of a group explained in full before the rest are only listed. */
const EXPLAINED_PAIRS = 3;

/**
 * The test report for a terminal: `✓ name` per passing test, each failing test with its
 * position, the expected and actual verdicts and the explanation of the actual verdict (for a
 * group, of each failing pair), then the summary line `N passed, M failed` alone on the last line.
 */
export function renderTestText(run: TestRun, style: Style, options: TestTextOptions): string {
  const explain = options.explain;
  const lines: string[] = [];
  for (const o of run.outcomes) {
    if (o.passed) {
      if (!options.quiet) lines.push(`${style.good('✓')} ${sanitize(o.test.name)}`);
      continue;
    }
    if (o.status === 'undecidable')
      lines.push(...renderUndecidable(o, style, explain, options.verbose ?? false));
    else lines.push(...renderFailure(o, style, explain, options.verbose ?? false));
  }
  lines.push(summaryLine(run));
  return `${lines.join('\n')}\n`;
}

/** `N passed, M failed`, and `, K undecidable` when some verdict is decided at run time. */
export function summaryLine(run: Pick<TestRun, 'passed' | 'failed' | 'undecidable'>): string {
  const undecidable = run.undecidable > 0 ? `, ${run.undecidable} undecidable` : '';
  return `${run.passed} passed, ${run.failed} failed${undecidable}`;
}

/** What an undecidable assertion says before its explanation. */
export function undecidableMessage(o: TestOutcome): string {
  const pairs = o.group ? ` for ${o.undecidable.length} of ${o.pairs.length} pairs` : '';
  const verdict = o.undecidable[0]!.result.verdict;
  return `expected ${o.test.expect}; ${verdict} at L4, but the verdict${pairs} is decided at run time (an L7 rule judges each request, or an FQDN is resolved by DNS): not statically decidable`;
}

function renderUndecidable(o: TestOutcome, style: Style, explain: PairExplainer, verbose: boolean): string[] {
  const at = formatPosition(o.test.source, false);
  const lines = [`${style.warn('?')} ${sanitize(o.test.name)}  ${style.dim(sanitize(at))}`];
  lines.push(`    ${undecidableMessage(o)}`);
  const shown = verbose ? o.undecidable.length : 1;
  for (const p of o.undecidable.slice(0, shown)) {
    if (o.group) lines.push(`    ${sanitize(pairName(p))}: ${p.result.verdict} at L4`);
    lines.push(...indent(explain(p.result, style), o.group ? '      ' : '    '));
  }
  return lines;
}

function renderFailure(o: TestOutcome, style: Style, explain: PairExplainer, verbose: boolean): string[] {
  const t = o.test;
  const at = formatPosition(t.source, false);
  const lines = [`${style.bad('✗')} ${sanitize(t.name)}  ${style.dim(sanitize(at))}`];
  if (!o.group) {
    const f = o.failures[0]!;
    lines.push(`    expected ${t.expect}, got ${f.result.verdict}`);
    lines.push(...indent(explain(f.result, style), '    '));
    return lines;
  }
  lines.push(
    `    expected ${t.expect} for every pair; ${o.failures.length} of ${o.pairs.length} ${o.pairs.length === 1 ? 'pair' : 'pairs'} failed:`,
  );
  const shown = verbose ? o.failures.length : Math.min(EXPLAINED_PAIRS, o.failures.length);
  o.failures.forEach((f, i) => {
    lines.push(`    ${sanitize(pairName(f))}: ${f.result.verdict}`);
    if (i < shown) lines.push(...indent(explain(f.result, style), '      '));
  });
  if (shown < o.failures.length)
    lines.push(
      style.dim(
        `    (${o.failures.length - shown} more failing pairs listed without explanation; -v explains all)`,
      ),
    );
  return lines;
}

/** `src → dst`. */
export function pairName(p: PairOutcome): string {
  return `${formatTarget(p.src)} → ${formatTarget(p.dst)}`;
}

function indent(text: string, prefix: string): string[] {
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => (l === '' ? '' : `${prefix}${l}`));
}
