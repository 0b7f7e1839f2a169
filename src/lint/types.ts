import type { CniProfile, CompiledCluster } from '../engine/compile.js';
import type { Reachability } from '../engine/reachability.js';
import type { ObjectRef, Severity } from '../model/diagnostics.js';
import type { PathSegment, SourcePosition, SourceRef } from '../model/source.js';
import type { Cluster } from '../model/types.js';
import type { PolicyEffects } from './analysis/effects.js';

/**
 * One lint finding: which rule, how much it matters, what is wrong (naming the object and
 * field), where it is written, and how to fix it. Messages never carry file positions:
 * renderers add `source` in one place.
 */
export interface Finding {
  /** Kebab-case rule id, e.g. `egress-blocks-dns`. */
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  readonly object?: ObjectRef;
  /** Field path inside the object, e.g. `spec.ingress[0].from[1]`. */
  readonly path?: string;
  readonly source?: SourcePosition;
  readonly hint?: string;
}

/** What a rule reports; the runner adds the rule id and the effective severity. */
export type RuleFinding = Omit<Finding, 'rule' | 'severity'>;

/** An object a finding is about: anything with a kind, a name and a position. */
export interface Subject {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly source?: SourceRef;
}

/** A lint rule: one file under src/lint/rules/, registered in src/lint/registry.ts. */
export interface LintRule {
  /** Kebab-case id used on the command line, in config files and in SARIF. */
  readonly id: string;
  /** Severity when neither the config nor `--strict` says otherwise. */
  readonly severity: Severity;
  /** Severity under `--strict`, when it differs. */
  readonly strictSeverity?: Severity;
  /** False for rules that run only when enabled (`--enable`, config, or `--strict`). */
  readonly enabledByDefault?: boolean;
  /** One line: what the rule catches. */
  readonly summary: string;
  /** Why it matters and how to fix it, a short paragraph (SARIF help text). */
  readonly description: string;
  check(ctx: LintContext): readonly RuleFinding[];
}

/** Everything a rule may look at; engine results are computed once, on first use. */
export interface LintContext {
  readonly cluster: Cluster;
  readonly cni: CniProfile;
  readonly compiled: CompiledCluster;
  readonly reachability: Reachability;
  /** Engine-proved effects of policies and rules (redundancy, no effect, one-sided). */
  readonly effects: PolicyEffects;
  /**
   * True when the input describes workloads (pods or pod templates): rules that judge
   * selectors against the cluster state stay quiet on policy-only input.
   */
  readonly hasWorkloads: boolean;
  /** A finding about `subject` at `path` (relative to the object), positioned by the locator. */
  finding(subject: Subject, path: readonly PathSegment[], what: string, hint: string): RuleFinding;
}
