import { ciliumSubject } from '../../../src/engine/compile-cilium.js';
import { subjectSelects } from '../../../src/engine/match.js';
import type { CiliumPolicy, Cluster, PolicyType } from '../../../src/model/types.js';
import { sourceLink } from './links.js';
import type { PolicyInfo } from './types.js';

/**
 * The directions a Cilium policy has rules or a default deny for: Ingress when some rule of it
 * has an `ingress` or `ingressDeny` section (or `enableDefaultDeny.ingress`), likewise Egress.
 */
export function ciliumPolicyTypes(policy: CiliumPolicy): PolicyType[] {
  const has = (d: 'ingress' | 'egress') =>
    policy.specs.some(
      (s) =>
        s.defaultDeny[d] || s[d].length > 0 || s[d === 'ingress' ? 'ingressDeny' : 'egressDeny'].length > 0,
    );
  return [...(has('ingress') ? (['Ingress'] as const) : []), ...(has('egress') ? (['Egress'] as const) : [])];
}

/**
 * The policy list's entries for CiliumNetworkPolicies and CiliumClusterwideNetworkPolicies:
 * namespace tier, with the pods their rules select now (a host policy, `nodeSelector`, selects
 * no pod), switched off or not.
 */
export function ciliumPolicyInfos(
  policies: readonly CiliumPolicy[],
  cluster: Cluster,
  disabled: ReadonlySet<string>,
): PolicyInfo[] {
  const labels = (ns: string) => cluster.namespaces.get(ns)?.labels ?? {};
  return policies.map((p) => {
    const subjects = p.specs.map((s) => ciliumSubject(p, s, labels)).filter((s) => s !== null);
    const selects = cluster.endpoints.filter((e) =>
      subjects.some((s) => subjectSelects(s, e, labels)),
    ).length;
    return {
      id: p.id,
      namespace: p.namespace ?? '',
      name: p.name,
      kind: p.kind,
      tier: 'namespace',
      policyTypes: ciliumPolicyTypes(p),
      enabled: !disabled.has(p.id),
      selects,
      source: sourceLink(cluster.locator, p.source),
    };
  });
}
