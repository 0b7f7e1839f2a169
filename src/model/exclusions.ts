import type { Diagnostic, DiagnosticCode, ObjectRef } from './diagnostics.js';
import type { SourcePosition } from './source.js';

/** An object left out of the evaluation because the API server would reject it. */
export interface ExcludedObject extends ObjectRef {
  /** Where the object starts (for a NetworkPolicy) or its first error. */
  readonly source?: SourcePosition;
  /** The codes of the errors that exclude it, in the order they were found. */
  readonly codes: readonly DiagnosticCode[];
}

/** What the input held that verdicts were computed without. */
export interface Exclusions {
  readonly objects: readonly ExcludedObject[];
  /** Policies of kinds kubereach reads but cannot evaluate (other plugins' policies): any verdict may depend on them. */
  readonly unevaluated: readonly ExcludedObject[];
  /** Files and documents that could not be read at all (syntax errors, binary input, …). */
  readonly unreadable: number;
}

/**
 * Collects the objects left out of a cluster from its diagnostics: every object with an error is
 * left out whole (normalizeObjects applies nothing of an object the API server would reject),
 * and every error that names no object cost a file or a document.
 */
export function summarizeExclusions(diagnostics: readonly Diagnostic[]): Exclusions {
  const byObject = new Map<string, ExcludedObject>();
  const unevaluated: ExcludedObject[] = [];
  let unreadable = 0;
  for (const d of diagnostics) {
    if (d.code === 'UNEVALUATED_POLICY' && d.object !== undefined) {
      const { kind, namespace, name } = d.object;
      unevaluated.push({
        kind,
        ...(namespace === undefined ? {} : { namespace }),
        name,
        ...(d.source === undefined ? {} : { source: d.source }),
        codes: [d.code],
      });
      continue;
    }
    if (d.severity !== 'error') continue;
    if (d.object === undefined) {
      unreadable++;
      continue;
    }
    const { kind, namespace, name } = d.object;
    const key = `${kind}\u0000${namespace ?? ''}\u0000${name}`;
    const known = byObject.get(key);
    // the policy summary points at the object itself: prefer it to a field's position
    const source = d.code === 'POLICY_REJECTED' ? d.source : (known?.source ?? d.source);
    const codes = d.code === 'POLICY_REJECTED' ? [] : [d.code];
    byObject.set(key, {
      kind,
      ...(namespace === undefined ? {} : { namespace }),
      name,
      ...(source === undefined ? {} : { source }),
      codes: [...(known?.codes ?? []), ...codes],
    });
  }
  return { objects: [...byObject.values()], unevaluated, unreadable };
}
