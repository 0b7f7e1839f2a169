import type { Diagnostic } from '../model/diagnostics.js';
import type { LintContext, RuleFinding } from './types.js';

/**
 * The lint rule that reports an input diagnostic, or undefined for diagnostics lint leaves to
 * the usual diagnostics output. The model validates policies exactly as the API server does;
 * lint reports what it found instead of validating again.
 */
export function diagnosticRule(d: Diagnostic): string | undefined {
  switch (d.code) {
    case 'DEFAULT_NAMESPACE':
      return 'missing-namespace';
    case 'NON_CANONICAL_CIDR':
      return 'non-canonical-cidr';
    case 'EXCEPT_OUTSIDE_CIDR':
      return 'except-outside-cidr';
    case 'INVALID_END_PORT':
      return 'invalid-end-port';
    case 'DUPLICATE_OBJECT':
      return d.object?.kind === 'NetworkPolicy' ? 'duplicate-policy' : undefined;
    case 'UNEVALUATED_POLICY':
      return 'unevaluated-policy';
    case 'OBSOLETE_ISOLATION_ANNOTATION':
      return 'obsolete-isolation-annotation';
    default:
      if (d.severity !== 'error') return undefined;
      return d.object !== undefined && POLICY_KINDS.has(d.object.kind)
        ? 'invalid-policy'
        : 'invalid-manifest';
  }
}

/** The policy kinds of every dialect kubereach evaluates: their rejections are `invalid-policy`. */
const POLICY_KINDS: ReadonlySet<string> = new Set([
  'NetworkPolicy',
  'AdminNetworkPolicy',
  'BaselineAdminNetworkPolicy',
  'ClusterNetworkPolicy',
  'CiliumNetworkPolicy',
  'CiliumClusterwideNetworkPolicy',
]);

/** Suffix for findings about fields the API server rejects. */
export const REJECTED = ' (the API server rejects this)';

/**
 * Findings for the diagnostics `rule` reports, in input order. Errors say that the API server
 * rejects them; `fallbackHint` is used where the diagnostic has none; `keep` filters further.
 */
export function diagnosticFindings(
  ctx: LintContext,
  rule: string,
  fallbackHint: string,
  keep: (d: Diagnostic) => boolean = () => true,
): RuleFinding[] {
  return ctx.cluster.diagnostics
    .filter((d) => diagnosticRule(d) === rule && keep(d))
    .map((d) => ({
      message:
        d.severity === 'error' && d.object !== undefined && POLICY_KINDS.has(d.object.kind)
          ? `${d.message}${REJECTED}`
          : d.message,
      ...(d.object === undefined ? {} : { object: d.object }),
      ...(d.path === undefined ? {} : { path: d.path }),
      ...(d.source === undefined ? {} : { source: d.source }),
      hint: d.hint ?? fallbackHint,
    }));
}
