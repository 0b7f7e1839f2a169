import { type CniProfile, type CompiledCluster, compileCluster } from '../engine/compile.js';
import { computeReachability, type Reachability } from '../engine/reachability.js';
import { formatObjectRef, type ObjectRef } from '../model/diagnostics.js';
import {
  formatPath,
  type PathSegment,
  type SourceLocator,
  type SourcePosition,
  type SourceRef,
} from '../model/source.js';
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
      const finding = {
        message: `${formatObjectRef(object)}${field === '' ? '' : ` ${field}`}: ${what}`,
        object,
        ...(field === '' ? {} : { path: field }),
        // placed by placeFindings, with the other findings of its file (the key keeps its place)
        ...(subject.source === undefined ? {} : { source: UNPLACED }),
        hint,
      };
      if (subject.source !== undefined)
        unplaced.set(finding, { ref: subject.source, path, locator: cluster.locator });
      return finding;
    },
  };
  return ctx;
}

/** The position of a finding `finding` made, until placeFindings finds it. */
const UNPLACED: SourcePosition = { file: '', line: 0, column: 0 };

/** What placeFindings needs to place each finding made by `finding`. */
const unplaced = new WeakMap<
  RuleFinding,
  { readonly ref: SourceRef; readonly path: readonly PathSegment[]; readonly locator: SourceLocator }
>();

/**
 * Gives the findings `finding` made their positions, file by file and document by document:
 * placing a field re-reads a part of its file and the locator keeps only a few parts read, so
 * the findings of one part are placed together rather than rule after rule (each rule's findings
 * go through the files again). Findings placed already are left as they are.
 */
export function placeFindings(findings: readonly RuleFinding[]): void {
  const pending = findings.flatMap((finding) => {
    const at = unplaced.get(finding);
    return at === undefined ? [] : [{ finding, at }];
  });
  pending.sort(
    (a, b) =>
      (a.at.ref.file < b.at.ref.file ? -1 : a.at.ref.file > b.at.ref.file ? 1 : 0) ||
      a.at.ref.doc - b.at.ref.doc,
  );
  for (const { finding, at } of pending) {
    (finding as { source?: SourcePosition }).source = at.locator.locate(at.ref, at.path);
    unplaced.delete(finding);
  }
}

/** Whether `path` is written in the object (the locator finds it rather than an ancestor). */
export function fieldWritten(cluster: Cluster, subject: Subject, path: readonly PathSegment[]): boolean {
  if (subject.source === undefined || path.length === 0) return false;
  const at = cluster.locator.locate(subject.source, path);
  const parent = cluster.locator.locate(subject.source, path.slice(0, -1));
  return at.line !== parent.line || at.column !== parent.column;
}
