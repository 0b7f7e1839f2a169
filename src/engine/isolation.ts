import type { Direction, Endpoint } from '../model/types.js';
import type { CompiledCluster } from './compile.js';
import { matchesSelector } from './label-selector.js';
import { subjectAdmitsNamespace, subjectSelects } from './match.js';
import { type CompiledPolicy, type CompiledRule, isolatesIn, rulesOf } from './rules.js';

/**
 * The one place that decides which policies apply to a pod, per direction and tier.
 *
 * Namespace tier (NetworkPolicy, API reference "Isolation"): a pod is isolated for a direction
 * when at least one policy of its namespace selects it with that direction among its effective
 * policyTypes; isolation is per direction (an Egress-only policy leaves ingress to the next
 * tier). Admin and baseline tiers isolate nobody: the rules of the policies whose subject
 * selects the pod are tried in order.
 */

/** The namespace-tier policies of one namespace (NetworkPolicies, in input order). */
export function namespaceTierPolicies(
  compiled: CompiledCluster,
  namespace: string,
): readonly CompiledPolicy[] {
  const own = compiled.policiesByNamespace.get(namespace) ?? [];
  if (compiled.ciliumPolicies.length === 0) return own;
  return [
    ...own,
    ...(compiled.ciliumByNamespace.get(namespace) ?? []),
    ...(compiled.ciliumByNamespace.get(null) ?? []),
  ];
}

/** Namespace-tier policies that select the endpoint and isolate it for `direction`. */
export function isolatingPolicies(
  compiled: CompiledCluster,
  endpoint: Endpoint,
  direction: Direction,
): CompiledPolicy[] {
  if (endpoint.hostNetwork) return [];
  return namespaceTierPolicies(compiled, endpoint.namespace).filter(
    (cp) => isolatesIn(cp, direction) && subjectSelects(cp.subject, endpoint, compiled.namespaceLabels),
  );
}

/** Namespace-tier policies that select the endpoint at all (whatever their policyTypes). */
export function selectingPolicies(compiled: CompiledCluster, endpoint: Endpoint): CompiledPolicy[] {
  if (endpoint.hostNetwork) return [];
  return namespaceTierPolicies(compiled, endpoint.namespace).filter((cp) =>
    subjectSelects(cp.subject, endpoint, compiled.namespaceLabels),
  );
}

/** The rules that apply to an endpoint for one direction, tier by tier, in evaluation order. */
export interface ApplicableRules {
  readonly admin: readonly CompiledRule[];
  /** Namespace-tier policies isolating the endpoint (empty: not isolated in this tier). */
  readonly isolating: readonly CompiledPolicy[];
  readonly namespace: readonly CompiledRule[];
  readonly baseline: readonly CompiledRule[];
}

/** Every rule whose subject selects the endpoint for `direction`, per tier. */
export function applicableRules(
  compiled: CompiledCluster,
  endpoint: Endpoint,
  direction: Direction,
): ApplicableRules {
  if (endpoint.hostNetwork) return { admin: [], isolating: [], namespace: [], baseline: [] };
  const tierRules = tierRulesOfNamespace(compiled, endpoint.namespace);
  // Rules of one policy share its subject: its pod selector is matched once.
  let last: CompiledRule['subject'] | null = null;
  let lastSelects = false;
  const selects = (rule: CompiledRule) => {
    if (rule.subject !== last) {
      last = rule.subject;
      lastSelects = last.podSelector === null || matchesSelector(last.podSelector, endpoint.labels);
    }
    return lastSelects;
  };
  const selecting = selectingPolicies(compiled, endpoint);
  return {
    admin: tierRules.admin[direction].filter(selects),
    isolating: selecting.filter((cp) => isolatesIn(cp, direction)),
    // A policy's rules count only for the directions it declares (NetworkPolicy: policyTypes),
    // so the rules of every selecting policy are the tier's rules.
    namespace: selecting.flatMap((cp) => rulesOf(cp, direction)),
    baseline: tierRules.baseline[direction].filter(selects),
  };
}

type TierRules = CompiledCluster['tierRules'];
const tierRulesByNamespace = new WeakMap<CompiledCluster, Map<string, TierRules>>();

/**
 * The admin and baseline rules whose subject admits a namespace (`subjectAdmitsNamespace`), in
 * evaluation order: what is left for `applicableRules` is each subject's pod selector. Cached
 * per compiled cluster, so a namespace's selectors are matched once for all its pods.
 */
function tierRulesOfNamespace(compiled: CompiledCluster, namespace: string): TierRules {
  let cache = tierRulesByNamespace.get(compiled);
  if (cache === undefined) {
    cache = new Map();
    tierRulesByNamespace.set(compiled, cache);
  }
  let hit = cache.get(namespace);
  if (hit === undefined) {
    const admits = new Map<CompiledRule['subject'], boolean>();
    const keep = (rules: readonly CompiledRule[]) =>
      rules.filter((rule) => {
        let ok = admits.get(rule.subject);
        if (ok === undefined) {
          ok = subjectAdmitsNamespace(rule.subject, namespace, compiled.namespaceLabels);
          admits.set(rule.subject, ok);
        }
        return ok;
      });
    const { admin, baseline } = compiled.tierRules;
    hit = {
      admin: { ingress: keep(admin.ingress), egress: keep(admin.egress) },
      baseline: { ingress: keep(baseline.ingress), egress: keep(baseline.egress) },
    };
    cache.set(namespace, hit);
  }
  return hit;
}

/** Whether any admin or baseline policy exists (NetworkPolicy-only clusters skip tier work). */
export function hasTieredPolicies(compiled: CompiledCluster): boolean {
  return compiled.adminPolicies.length > 0;
}
