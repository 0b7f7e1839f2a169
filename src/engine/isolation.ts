import type { Direction, Endpoint } from '../model/types.js';
import type { CompiledCluster } from './compile.js';
import { matchesSelector, selectorKey } from './label-selector.js';
import { isPolicySubject, subjectAdmitsNamespace, subjectSelects } from './match.js';
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
  if (!isPolicySubject(endpoint)) return [];
  return namespaceTierPolicies(compiled, endpoint.namespace).filter(
    (cp) => isolatesIn(cp, direction) && subjectSelects(cp.subject, endpoint, compiled.namespaceLabels),
  );
}

/** Namespace-tier policies that select the endpoint at all (whatever their policyTypes). */
export function selectingPolicies(compiled: CompiledCluster, endpoint: Endpoint): CompiledPolicy[] {
  if (!isPolicySubject(endpoint)) return [];
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
  if (!isPolicySubject(endpoint)) return { admin: [], isolating: [], namespace: [], baseline: [] };
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
type Lists = { admin: Record<Direction, CompiledRule[]>; baseline: Record<Direction, CompiledRule[]> };
const tierRulesByNamespace = new WeakMap<CompiledCluster, Map<string, TierRules>>();

/**
 * The admin and baseline rules whose subject admits a namespace (`subjectAdmitsNamespace`), in
 * evaluation order: what is left for `applicableRules` is each subject's pod selector. Built
 * once per compiled cluster for all its namespaces, subject by subject (the rules of one policy
 * are a run sharing its subject): each subject is appended to the namespaces it admits, and
 * subjects with the same namespace selector are matched against the namespaces once.
 */
function tierRulesOfNamespace(compiled: CompiledCluster, namespace: string): TierRules {
  let cache = tierRulesByNamespace.get(compiled);
  if (cache === undefined) {
    cache = tierRulesOfNamespaces(compiled);
    tierRulesByNamespace.set(compiled, cache);
  }
  let hit = cache.get(namespace);
  if (hit === undefined) {
    // a namespace the cluster does not declare: nothing was built for it
    const keep = (rules: readonly CompiledRule[]) =>
      rules.filter((rule) => subjectAdmitsNamespace(rule.subject, namespace, compiled.namespaceLabels));
    const { admin, baseline } = compiled.tierRules;
    hit = {
      admin: { ingress: keep(admin.ingress), egress: keep(admin.egress) },
      baseline: { ingress: keep(baseline.ingress), egress: keep(baseline.egress) },
    };
    cache.set(namespace, hit);
  }
  return hit;
}

function tierRulesOfNamespaces(compiled: CompiledCluster): Map<string, TierRules> {
  const namespaces = [...compiled.cluster.namespaces.keys()];
  const lists = new Map<string, Lists>();
  for (const ns of namespaces)
    lists.set(ns, { admin: { ingress: [], egress: [] }, baseline: { ingress: [], egress: [] } });
  const admitted = new Map<string, readonly string[]>();
  const admittedBy = (subject: CompiledRule['subject']): readonly string[] => {
    if (subject.namespace !== null) return lists.has(subject.namespace) ? [subject.namespace] : [];
    const key = subject.namespaceSelector === null ? '*' : selectorKey(subject.namespaceSelector);
    let hit = admitted.get(key);
    if (hit === undefined) {
      hit = namespaces.filter((ns) => subjectAdmitsNamespace(subject, ns, compiled.namespaceLabels));
      admitted.set(key, hit);
    }
    return hit;
  };
  for (const tier of ['admin', 'baseline'] as const) {
    for (const direction of ['ingress', 'egress'] as const) {
      const rules = compiled.tierRules[tier][direction];
      for (let start = 0; start < rules.length; ) {
        const { subject } = rules[start]!;
        let end = start + 1;
        while (end < rules.length && rules[end]!.subject === subject) end++;
        for (const ns of admittedBy(subject))
          lists.get(ns)![tier][direction].push(...rules.slice(start, end));
        start = end;
      }
    }
  }
  return lists;
}

/** Whether any admin or baseline policy exists (NetworkPolicy-only clusters skip tier work). */
export function hasTieredPolicies(compiled: CompiledCluster): boolean {
  return compiled.adminPolicies.length > 0;
}
