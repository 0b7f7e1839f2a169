import { editDistance } from './analysis/selectors.js';
import { adminAllowOverridesPolicy } from './rules/admin-allow-overrides-policy.js';
import { adminPriorityTie } from './rules/admin-priority-tie.js';
import { ciliumEmptyRule } from './rules/cilium-empty-rule.js';
import { ciliumEndpointSelectorNamespace } from './rules/cilium-endpoint-selector-namespace.js';
import { ciliumFqdnWithoutDnsRule } from './rules/cilium-fqdn-without-dns-rule.js';
import { ciliumMixedWithNetworkpolicy } from './rules/cilium-mixed-with-networkpolicy.js';
import { ciliumNamespaceLabelInEndpoints } from './rules/cilium-namespace-label-in-endpoints.js';
import { ciliumPortOnlyDeny } from './rules/cilium-port-only-deny.js';
import { duplicatePolicy } from './rules/duplicate-policy.js';
import { egressBlocksDns } from './rules/egress-blocks-dns.js';
import { egressRulesIsolateIngress } from './rules/egress-rules-isolate-ingress.js';
import { emptyEgressWithoutPolicyTypes } from './rules/empty-egress-without-policy-types.js';
import { exceptOutsideCidr } from './rules/except-outside-cidr.js';
import { invalidEndPort } from './rules/invalid-end-port.js';
import { invalidManifest } from './rules/invalid-manifest.js';
import { invalidPolicy } from './rules/invalid-policy.js';
import { ipblockAllAddresses } from './rules/ipblock-all-addresses.js';
import { ipblockCoversPods } from './rules/ipblock-covers-pods.js';
import { missingNamespace } from './rules/missing-namespace.js';
import { missingPolicyType } from './rules/missing-policy-type.js';
import { namedPortUndeclared } from './rules/named-port-undeclared.js';
import { namespaceNotIsolated } from './rules/namespace-not-isolated.js';
import { nonCanonicalCidr } from './rules/non-canonical-cidr.js';
import { obsoleteIsolationAnnotation } from './rules/obsolete-isolation-annotation.js';
import { oneSidedAllow } from './rules/one-sided-allow.js';
import { passDecidesNothing } from './rules/pass-decides-nothing.js';
import { peerSelectsNothing } from './rules/peer-selects-nothing.js';
import { peersOrNotAnd } from './rules/peers-or-not-and.js';
import { podSelectorOtherNamespace } from './rules/pod-selector-other-namespace.js';
import { policyNoEffect } from './rules/policy-no-effect.js';
import { policySelectsNothing } from './rules/policy-selects-nothing.js';
import { portsWithoutPeers } from './rules/ports-without-peers.js';
import { redundantRule } from './rules/redundant-rule.js';
import { servicePortNotTargetPort } from './rules/service-port-not-target-port.js';
import { shadowedAdminRule } from './rules/shadowed-admin-rule.js';
import { unevaluatedPolicy } from './rules/unevaluated-policy.js';
import { workloadNotIsolated } from './rules/workload-not-isolated.js';
import type { LintRule } from './types.js';

/** Every lint rule, most serious first: API-invalid input, then mistakes, then hygiene. */
export const LINT_RULES: readonly LintRule[] = [
  invalidPolicy,
  exceptOutsideCidr,
  invalidEndPort,
  invalidManifest,
  unevaluatedPolicy,
  adminPriorityTie,
  passDecidesNothing,
  shadowedAdminRule,
  missingNamespace,
  nonCanonicalCidr,
  missingPolicyType,
  emptyEgressWithoutPolicyTypes,
  egressRulesIsolateIngress,
  obsoleteIsolationAnnotation,
  portsWithoutPeers,
  peersOrNotAnd,
  policySelectsNothing,
  peerSelectsNothing,
  podSelectorOtherNamespace,
  namedPortUndeclared,
  servicePortNotTargetPort,
  egressBlocksDns,
  ipblockCoversPods,
  ciliumEndpointSelectorNamespace,
  ciliumNamespaceLabelInEndpoints,
  ciliumPortOnlyDeny,
  ciliumFqdnWithoutDnsRule,
  ciliumEmptyRule,
  ciliumMixedWithNetworkpolicy,
  oneSidedAllow,
  duplicatePolicy,
  policyNoEffect,
  redundantRule,
  namespaceNotIsolated,
  workloadNotIsolated,
  adminAllowOverridesPolicy,
  ipblockAllAddresses,
];

/** The rule with this id, if any. */
export function findRule(id: string, rules: readonly LintRule[] = LINT_RULES): LintRule | undefined {
  return rules.find((r) => r.id === id);
}

/** The rule id closest to a mistyped one, for "did you mean" hints. */
export function suggestRuleId(id: string, rules: readonly LintRule[] = LINT_RULES): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const r of rules) {
    const d = editDistance(r.id, id);
    if (d < bestDistance) {
      best = r.id;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(3, Math.floor(id.length / 3)) ? best : undefined;
}
