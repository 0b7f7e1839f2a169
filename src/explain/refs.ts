import type { CompiledCluster, CompiledNetworkPolicy } from '../engine/compile.js';
import type { Party } from '../engine/evaluate.js';
import { type ConnSet, connsToJson } from '../engine/port-set.js';
import type { AnyPolicy, CompiledPeer, CompiledPolicy, CompiledRule } from '../engine/rules.js';
import type { PathSegment, SourceRef } from '../model/source.js';
import type { Endpoint, NetworkPolicy } from '../model/types.js';
import type { Location, PartyRef, PolicyRef, PortRanges } from './types.js';

/** The position of a field of an object, resolved through the cluster's locator. */
export function locate(
  compiled: CompiledCluster,
  object: { readonly source: SourceRef },
  path: readonly PathSegment[],
): Location {
  return { path, source: compiled.cluster.locator.locate(object.source, path) };
}

/**
 * A policy named in an explanation, with the position of its first key. Cluster-scoped
 * policies (admin tiers) have no namespace; they carry their tier and priority.
 */
export function policyRef(compiled: CompiledCluster, policy: AnyPolicy): PolicyRef {
  const source = compiled.cluster.locator.locate(policy.source);
  if (policy.kind === 'NetworkPolicy')
    return { id: policy.id, kind: policy.kind, namespace: policy.namespace, name: policy.name, source };
  if (!('tier' in policy))
    return {
      id: policy.id,
      kind: policy.kind,
      ...(policy.namespace === null ? {} : { namespace: policy.namespace }),
      name: policy.name,
      source,
    };
  return {
    id: policy.id,
    kind: policy.kind,
    name: policy.name,
    tier: policy.tier,
    priority: policy.priority,
    source,
  };
}

/** A pod (or pod template) as a party of an explanation. */
export function endpointRef(endpoint: Endpoint): PartyRef {
  return {
    type: 'pod',
    id: endpoint.id,
    kind: endpoint.kind,
    namespace: endpoint.namespace,
    name: endpoint.name,
    labels: endpoint.labels,
    hostNetwork: endpoint.hostNetwork,
    ips: endpoint.ips,
  };
}

/** A side of an evaluated connection as a party of an explanation. */
export function partyRef(party: Party): PartyRef {
  return party.type === 'endpoint'
    ? endpointRef(party.endpoint)
    : { type: 'external', id: party.label, address: party.label };
}

/** The id of a party: `namespace/name` or the address. */
export function partyId(party: Party): string {
  return party.type === 'endpoint' ? party.endpoint.id : party.label;
}

/** A port set in the matrix contract's JSON form. */
export function portRanges(conns: ConnSet): PortRanges {
  return connsToJson(conns);
}

/** The path of a rule: `spec.ingress[i]` or `spec.egress[i]`. */
export function rulePath(direction: 'ingress' | 'egress', index: number): PathSegment[] {
  return ['spec', direction, index];
}

/**
 * Where a compiled rule is written: `spec.ingress[i]` for NetworkPolicy and the admin dialects;
 * for a Cilium rule its own section and rule (`spec.egressDeny[1]`, `specs[2].ingress[0]`).
 */
export function ruleItemPath(rule: CompiledRule): PathSegment[] {
  if (rule.dialect === 'cilium' && 'section' in rule.rule && 'specs' in rule.policy) {
    const item = rule.rule;
    const spec = rule.policy.specs.find((s) => s[item.section].includes(item));
    return [...(spec?.path ?? ['spec']), item.section, item.index];
  }
  return rulePath(rule.direction, rule.rule.index);
}

/** Where one peer of a compiled rule is written (`…from[0]`, or Cilium's `…toEntities[0]`). */
export function peerItemPath(rule: CompiledRule, peer: CompiledPeer): PathSegment[] {
  const source = peer.source;
  if (rule.dialect === 'cilium' && 'field' in source)
    return [...ruleItemPath(rule), source.field, source.index];
  return [...ruleItemPath(rule), peersField(rule.direction), peer.index];
}

/** The field holding a rule's peers: `from` for ingress, `to` for egress. */
export function peersField(direction: 'ingress' | 'egress'): 'from' | 'to' {
  return direction === 'ingress' ? 'from' : 'to';
}

const compiledPolicies = new WeakMap<CompiledCluster, Map<AnyPolicy, CompiledPolicy>>();

/** The compiled form of a policy of any dialect, looked up once per compiled cluster. */
export function compiledPolicyOf(compiled: CompiledCluster, policy: AnyPolicy): CompiledPolicy {
  let map = compiledPolicies.get(compiled);
  if (map === undefined) {
    map = new Map<AnyPolicy, CompiledPolicy>([
      ...compiled.policies.map((p) => [p.policy, p] as const),
      ...compiled.adminPolicies.map((p) => [p.policy, p] as const),
    ]);
    // A Cilium policy compiles to one policy per rule (spec, specs[i]); explanations show them as one.
    for (const cp of compiled.ciliumPolicies) {
      const seen = map.get(cp.policy);
      map.set(
        cp.policy,
        seen === undefined
          ? cp
          : {
              ...seen,
              ingress: seen.ingress || cp.ingress,
              egress: seen.egress || cp.egress,
              ingressRules: [...seen.ingressRules, ...cp.ingressRules],
              egressRules: [...seen.egressRules, ...cp.egressRules],
            },
      );
    }
    compiledPolicies.set(compiled, map);
  }
  const cp = map.get(policy);
  if (cp === undefined) throw new Error(`policy ${policy.id} is not part of this compiled cluster`);
  return cp;
}

/** The compiled form of a NetworkPolicy. */
export function compiledNetworkPolicyOf(
  compiled: CompiledCluster,
  policy: NetworkPolicy,
): CompiledNetworkPolicy {
  return compiledPolicyOf(compiled, policy) as CompiledNetworkPolicy;
}
