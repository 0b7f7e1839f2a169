import { impliedCni } from '../engine/compile.js';
import type { Cluster } from '../model/types.js';
import { createLintContext } from './context.js';
import { collectFindings, type LintOptions } from './lint.js';
import type { Finding, LintContext, LintRule, RuleFinding } from './types.js';

/** What one rule read in its last run, and what it found. */
interface RuleRun {
  readonly rule: LintRule;
  /** Each input read (a cluster field, `cni`, `hasWorkloads`, `engine`), as it was then. */
  readonly reads: ReadonlyMap<string, unknown>;
  readonly findings: readonly RuleFinding[];
}

/**
 * Lint after an edit, running again only the rules whose inputs changed. Each rule runs on a
 * context that records what it reads: the cluster's fields (namespaces, endpoints, policies,
 * services, diagnostics, …), the CNI profile, and the engine results (compiled cluster,
 * reachability, effects). A rule whose every input is the same as at its last run gives its
 * last findings again: arrays and maps are the same when they hold the same elements (the
 * normalizer keeps the object of every manifest an edit did not touch, and the incremental
 * parser keeps the source reference of every object whose text and lines did not move, so a
 * finding's position is that of its unchanged object); the engine results are the same when
 * they are the same object (`precomputed`: the studio evaluates again only after an edit).
 *
 * The cluster's `locator` is not an input: it positions findings from the source references
 * of the objects read, which are compared already. Same findings as `lintCluster`, in the same
 * order (the property tests compare the two over random edits).
 */
export class IncrementalLint {
  private readonly runs = new Map<string, RuleRun>();
  /** Rules run and rules reused by the last `lint`. */
  last = { ran: 0, reused: 0 };

  lint(cluster: Cluster, options: LintOptions = {}): Finding[] {
    const base = createLintContext(cluster, options.cni ?? impliedCni(cluster), options.precomputed);
    // Without engine results given, each lint computes its own: rules reading them never match.
    const engine = options.precomputed?.reachability ?? {};
    const last = { ran: 0, reused: 0 };
    const findings = collectFindings(options, (rule) => {
      const hit = this.runs.get(rule.id);
      if (hit?.rule === rule && sameReads(hit.reads, base, engine)) {
        last.reused++;
        return hit.findings;
      }
      last.ran++;
      const { ctx, reads } = trackedContext(base, engine);
      const found = rule.check(ctx);
      this.runs.set(rule.id, { rule, reads, findings: found });
      return found;
    });
    this.last = last;
    return findings;
  }
}

/** The value of input `key` in `base` (without computing engine results). */
function inputOf(base: LintContext, engine: object, key: string): unknown {
  if (key === 'engine') return engine;
  if (key === 'cni') return base.cni;
  if (key === 'hasWorkloads') return base.hasWorkloads;
  return (base.cluster as unknown as Record<string, unknown>)[key];
}

function sameReads(reads: ReadonlyMap<string, unknown>, base: LintContext, engine: object): boolean {
  for (const [key, before] of reads) if (!sameInput(before, inputOf(base, engine, key))) return false;
  return true;
}

/** Arrays and maps: the same elements in the same order; anything else: the same value. */
function sameInput(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    const left = a.entries();
    const right = b.entries();
    for (let l = left.next(), r = right.next(); !l.done && !r.done; l = left.next(), r = right.next())
      if (l.value[0] !== r.value[0] || l.value[1] !== r.value[1]) return false;
    return true;
  }
  return false;
}

/**
 * A context over `base` that records each input a rule reads. One per rule run, so that a
 * cache keyed on the cluster object (built while one rule reads) is never shared with a rule
 * that would then not be seen reading its inputs.
 */
function trackedContext(
  base: LintContext,
  engine: object,
): { ctx: LintContext; reads: Map<string, unknown> } {
  const reads = new Map<string, unknown>();
  const cluster = new Proxy(base.cluster, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key);
      if (typeof key === 'string' && key !== 'locator') reads.set(key, value);
      return value;
    },
  });
  const ctx: LintContext = {
    cluster,
    get cni() {
      reads.set('cni', base.cni);
      return base.cni;
    },
    get compiled() {
      reads.set('engine', engine);
      return base.compiled;
    },
    get reachability() {
      reads.set('engine', engine);
      return base.reachability;
    },
    get effects() {
      reads.set('engine', engine);
      return base.effects;
    },
    get hasWorkloads() {
      reads.set('hasWorkloads', base.hasWorkloads);
      return base.hasWorkloads;
    },
    finding: (subject, path, what, hint) => base.finding(subject, path, what, hint),
  };
  return { ctx, reads };
}
