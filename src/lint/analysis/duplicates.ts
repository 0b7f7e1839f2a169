import { selectorKey } from '../../engine/label-selector.js';
import type { NetworkPolicy, PolicyPeer, PolicyPort, PolicyRule } from '../../model/types.js';

/**
 * A key two policies share exactly when they select the same pods and allow the same traffic
 * as written: same namespace, podSelector, effective policyTypes and rules, in any order (rules,
 * peers and ports are unions, so their order never matters). Rules of a direction missing from
 * policyTypes are left out: they have no effect.
 */
export function policyKey(policy: NetworkPolicy): string {
  const rules = (list: readonly PolicyRule[]) => list.map(ruleKey).sort();
  return JSON.stringify([
    policy.namespace,
    selectorKey(policy.podSelector),
    policy.policyTypes,
    policy.policyTypes.includes('Ingress') ? rules(policy.ingress) : [],
    policy.policyTypes.includes('Egress') ? rules(policy.egress) : [],
  ]);
}

function ruleKey(rule: PolicyRule): string {
  return JSON.stringify([
    rule.peers === null ? null : [...new Set(rule.peers.map(peerKey))].sort(),
    rule.ports === null ? null : [...new Set(rule.ports.map(portKey))].sort(),
  ]);
}

function peerKey(peer: PolicyPeer): string {
  if (peer.type === 'ipBlock') return JSON.stringify(['ip', peer.cidr, [...peer.except].sort()]);
  return JSON.stringify([
    'pods',
    peer.namespaceSelector === null ? null : selectorKey(peer.namespaceSelector),
    peer.podSelector === null ? null : selectorKey(peer.podSelector),
  ]);
}

function portKey(port: PolicyPort): string {
  return JSON.stringify([port.protocol, port.port, port.endPort ?? null]);
}

/** Policies that repeat an earlier one (by `policyKey`), each mapped to the first it repeats. */
export function findDuplicatePolicies(
  policies: readonly NetworkPolicy[],
): ReadonlyMap<NetworkPolicy, NetworkPolicy> {
  const first = new Map<string, NetworkPolicy>();
  const duplicates = new Map<NetworkPolicy, NetworkPolicy>();
  for (const policy of policies) {
    const key = policyKey(policy);
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, policy);
    else duplicates.set(policy, earlier);
  }
  return duplicates;
}
