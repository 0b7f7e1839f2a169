import { type CniProfile, type CompiledCluster, compileCluster } from '../engine/compile.js';
import { computeReachability, type Reachability } from '../engine/reachability.js';
import { formatObjectRef, type ObjectRef } from '../model/diagnostics.js';
import { formatPath, type PathSegment } from '../model/source.js';
import type { Cluster } from '../model/types.js';
import { analyseEffects, type PolicyEffects } from './analysis/effects.js';
import type { LintContext, RuleFinding, Subject } from './types.js';

/** The object reference a finding names. */
export function subjectRef(subject: Subject): ObjectRef {
  return {
    kind: subject.kind,
    name: subject.name,
    ...(subject.namespace === undefined ? {} : { namespace: subject.namespace }),
  };
}

/** Engine results already computed for exactly this cluster and CNI profile (the studio's). */
export interface PrecomputedEngine {
  readonly compiled: CompiledCluster;
  readonly reachability: Reachability;
}

/**
 * Builds the context rules run in. The compiled cluster, the reachability and the effects
 * analysis are computed on first use and shared by every rule; `precomputed` gives the first
 * two when the caller has them already (they must be of this very cluster).
 */
export function createLintContext(
  cluster: Cluster,
  cni: CniProfile = 'upstream',
  precomputed?: PrecomputedEngine,
): LintContext {
  let compiled: CompiledCluster | undefined = precomputed?.compiled;
  let reachability: Reachability | undefined = precomputed?.reachability;
  let effects: PolicyEffects | undefined;
  const ctx: LintContext = {
    cluster,
    cni,
    get compiled() {
      compiled ??= compileCluster(cluster, { cni });
      return compiled;
    },
    get reachability() {
      reachability ??= computeReachability(ctx.compiled);
      return reachability;
    },
    get effects() {
      effects ??= analyseEffects(ctx.reachability);
      return effects;
    },
    hasWorkloads: cluster.endpoints.length > 0,
    finding(subject, path, what, hint): RuleFinding {
      const object = subjectRef(subject);
      const field = formatPath(path);
      return {
        message: `${formatObjectRef(object)}${field === '' ? '' : ` ${field}`}: ${what}`,
        object,
        ...(field === '' ? {} : { path: field }),
        ...(subject.source === undefined ? {} : { source: cluster.locator.locate(subject.source, path) }),
        hint,
      };
    },
  };
  return ctx;
}

/** Whether `path` is written in the object (the locator finds it rather than an ancestor). */
export function fieldWritten(cluster: Cluster, subject: Subject, path: readonly PathSegment[]): boolean {
  if (subject.source === undefined || path.length === 0) return false;
  const at = cluster.locator.locate(subject.source, path);
  const parent = cluster.locator.locate(subject.source, path.slice(0, -1));
  return at.line !== parent.line || at.column !== parent.column;
}
