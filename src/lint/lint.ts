import type { CniProfile } from '../engine/compile.js';
import { impliedCni } from '../engine/compile.js';
import type { Severity } from '../model/diagnostics.js';
import type { Cluster } from '../model/types.js';
import { createLintContext, type PrecomputedEngine, placeFindings } from './context.js';
import { LINT_RULES } from './registry.js';
import type { Finding, LintRule, RuleFinding } from './types.js';

/** What a config file or flag says about one rule: a severity, or just on/off. */
export type RuleSetting = Severity | 'on' | 'off';

/** Findings to drop: by rule, by object (`namespace/name`, `*` globs), by file (`**` globs). */
export interface IgnoreEntry {
  readonly rule?: string;
  readonly object?: string;
  readonly file?: string;
}

export interface LintOptions {
  /** How ipBlock treats pod IPs (see EngineOptions). */
  readonly cni?: CniProfile;
  /** Enable every rule and use the stricter severities some rules have. */
  readonly strict?: boolean;
  /** Per-rule settings, applied after the defaults and `strict`. */
  readonly rules?: Readonly<Record<string, RuleSetting>>;
  /** Rules to turn on, then off, after `rules`. */
  readonly enable?: readonly string[];
  readonly disable?: readonly string[];
  readonly ignore?: readonly IgnoreEntry[];
  /** The rules to run; defaults to every registered rule. */
  readonly registry?: readonly LintRule[];
  /** Engine results of this very cluster, when the caller has them (the studio's worker). */
  readonly precomputed?: PrecomputedEngine;
}

/** A rule as it will run. */
export interface ActiveRule {
  readonly rule: LintRule;
  readonly enabled: boolean;
  readonly severity: Severity;
}

/**
 * Resolves which rules run at which severity: rule defaults, then `strict` (every rule on, with
 * its strict severity), then `rules`, then `enable`, then `disable`. Unknown ids are ignored
 * here; callers validate them first (`unknownRuleIds`).
 */
export function resolveRules(options: LintOptions = {}): ActiveRule[] {
  const registry = options.registry ?? LINT_RULES;
  return registry.map((rule) => {
    let enabled = options.strict === true || rule.enabledByDefault !== false;
    let severity: Severity = options.strict ? (rule.strictSeverity ?? rule.severity) : rule.severity;
    const setting = options.rules?.[rule.id];
    if (setting === 'off') enabled = false;
    else if (setting === 'on') enabled = true;
    else if (setting !== undefined) {
      enabled = true;
      severity = setting;
    }
    if (options.enable?.includes(rule.id)) enabled = true;
    if (options.disable?.includes(rule.id)) enabled = false;
    return { rule, enabled, severity };
  });
}

/** Ids in `ids` that name no rule. */
export function unknownRuleIds(ids: Iterable<string>, registry: readonly LintRule[] = LINT_RULES): string[] {
  const known = new Set(registry.map((r) => r.id));
  return [...new Set(ids)].filter((id) => !known.has(id));
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/** True when `severity` is at least as serious as `threshold`. */
export function atLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[severity] <= SEVERITY_RANK[threshold];
}

/**
 * Runs the enabled lint rules over a cluster and returns their findings sorted by file, line,
 * column and rule. Pure: never prints, never throws for bad input (bad input arrives as
 * diagnostics, which rules report as findings).
 */
export function lintCluster(cluster: Cluster, options: LintOptions = {}): Finding[] {
  const ctx = createLintContext(cluster, options.cni ?? impliedCni(cluster), options.precomputed);
  return collectFindings(options, (rule) => rule.check(ctx));
}

/**
 * The findings of the enabled rules, each rule's raw findings given by `check` (run now or
 * remembered), with the effective severity, the ignore entries applied and sorted by file,
 * line, column and rule.
 */
export function collectFindings(
  options: LintOptions,
  check: (rule: LintRule) => readonly RuleFinding[],
): Finding[] {
  const active = resolveRules(options).filter((a) => a.enabled);
  const order = new Map(active.map((a, i) => [a.rule.id, i]));
  const found = active.map((a) => check(a.rule));
  placeFindings(found.flat());
  const findings: Finding[] = [];
  active.forEach(({ rule, severity }, i) => {
    for (const f of found[i]!) {
      const finding: Finding = { rule: rule.id, severity, ...f };
      if (!ignored(finding, options.ignore ?? [])) findings.push(finding);
    }
  });
  return findings.sort(
    (a, b) =>
      compareText(a.source?.file ?? '\uffff', b.source?.file ?? '\uffff') ||
      (a.source?.line ?? 0) - (b.source?.line ?? 0) ||
      (a.source?.column ?? 0) - (b.source?.column ?? 0) ||
      order.get(a.rule)! - order.get(b.rule)! ||
      compareText(a.message, b.message),
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function ignored(finding: Finding, entries: readonly IgnoreEntry[]): boolean {
  const object =
    finding.object === undefined
      ? undefined
      : finding.object.namespace === undefined
        ? finding.object.name
        : `${finding.object.namespace}/${finding.object.name}`;
  return entries.some(
    (e) =>
      (e.rule === undefined || e.rule === '*' || e.rule === finding.rule) &&
      (e.object === undefined || (object !== undefined && globMatch(e.object, object))) &&
      (e.file === undefined || (finding.source !== undefined && globMatch(e.file, finding.source.file))),
  );
}

/** `*` matches within a path segment, `**` across segments; everything else is literal. */
export function globMatch(pattern: string, text: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      re += '.*';
      i++;
    } else if (c === '*') re += '[^/]*';
    else re += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`).test(text);
}
