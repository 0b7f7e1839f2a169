import { type IpAddress, parseCidr, parseIp } from '../model/ip.js';
import type {
  Cluster,
  Direction,
  Endpoint,
  IpBlockPeer,
  Labels,
  NetworkPolicy,
  PodPeer,
  PolicyRule,
} from '../model/types.js';
import { cidrSet, EMPTY_IPS, type IpSet, ipsContain, subtractIps } from './ip-set.js';
import { matchesSelector } from './label-selector.js';
import {
  ALL_CONNS,
  type ConnSet,
  connsOf,
  EMPTY_CONNS,
  MAX_PORT,
  MIN_PORT,
  rangeIntervals,
  unionConns,
} from './port-set.js';

/**
 * How the network plugin treats ipBlock peers for traffic between pods. `upstream`: ipBlock
 * matches pod IPs too (what the upstream e2e suite expects); `cilium`: ipBlock matches only
 * cluster-external addresses.
 */
export type CniProfile = 'upstream' | 'cilium';

export interface EngineOptions {
  readonly cni?: CniProfile;
}

/** A NetworkPolicy rule ready to evaluate. */
export interface CompiledRule {
  /** Index in `CompiledCluster.rules`. */
  readonly id: number;
  readonly policy: NetworkPolicy;
  readonly direction: Direction;
  readonly rule: PolicyRule;
  /** `null`: every peer. */
  readonly peers: readonly CompiledPeer[] | null;
  /** Ports fixed by number or range; `null` when the rule has no ports (every port). */
  readonly fixedPorts: ConnSet | null;
  /** Named ports, resolved per destination. */
  readonly namedPorts: readonly { readonly protocol: 'TCP' | 'UDP' | 'SCTP'; readonly name: string }[];
}

export type CompiledPeer =
  | { readonly type: 'pods'; readonly peer: PodPeer; readonly namespace: string }
  | { readonly type: 'ipBlock'; readonly peer: IpBlockPeer; readonly ips: IpSet };

export interface CompiledPolicy {
  readonly policy: NetworkPolicy;
  readonly ingress: boolean;
  readonly egress: boolean;
  readonly ingressRules: readonly CompiledRule[];
  readonly egressRules: readonly CompiledRule[];
}

/** A cluster with its policies compiled, ready for any number of evaluations. */
export interface CompiledCluster {
  readonly cluster: Cluster;
  readonly options: Required<EngineOptions>;
  readonly policies: readonly CompiledPolicy[];
  readonly rules: readonly CompiledRule[];
  /** Policies per namespace, in input order. */
  readonly policiesByNamespace: ReadonlyMap<string, readonly CompiledPolicy[]>;
  /** Every CIDR boundary the policies mention, for partitioning external address space. */
  readonly ipBlocks: readonly IpSet[];
  /** True when IPv6 appears anywhere in the input (pod IPs, service IPs, policy CIDRs). */
  readonly ipv6: boolean;
  readonly namespaceLabels: (namespace: string) => Labels;
}

/** Compiles every NetworkPolicy of the cluster. */
export function compileCluster(cluster: Cluster, options: EngineOptions = {}): CompiledCluster {
  const rules: CompiledRule[] = [];
  const policies: CompiledPolicy[] = [];
  const byNamespace = new Map<string, CompiledPolicy[]>();
  const ipBlocks: IpSet[] = [];
  let ipv6 = false;
  for (const policy of cluster.policies) {
    const compileRules = (direction: Direction, list: readonly PolicyRule[]) =>
      list.map((rule) => {
        const compiled = compileRule(rules.length, policy, direction, rule);
        rules.push(compiled);
        for (const p of compiled.peers ?? []) {
          if (p.type === 'ipBlock') {
            ipBlocks.push(p.ips);
            if (p.ips.v6.length > 0) ipv6 = true;
          }
        }
        return compiled;
      });
    const compiled: CompiledPolicy = {
      policy,
      ingress: policy.policyTypes.includes('Ingress'),
      egress: policy.policyTypes.includes('Egress'),
      // Rules of a direction the policy does not declare in policyTypes have no effect.
      ingressRules: policy.policyTypes.includes('Ingress') ? compileRules('ingress', policy.ingress) : [],
      egressRules: policy.policyTypes.includes('Egress') ? compileRules('egress', policy.egress) : [],
    };
    policies.push(compiled);
    const list = byNamespace.get(policy.namespace) ?? [];
    list.push(compiled);
    byNamespace.set(policy.namespace, list);
  }
  if (!ipv6) {
    ipv6 =
      cluster.endpoints.some((e) => e.ips.some((ip) => ip.includes(':'))) ||
      cluster.services.some((s) => s.clusterIPs.some((ip) => ip.includes(':')));
  }
  const empty: Labels = {};
  return {
    cluster,
    options: { cni: options.cni ?? 'upstream' },
    policies,
    rules,
    policiesByNamespace: byNamespace,
    ipBlocks,
    ipv6,
    namespaceLabels: (ns) => cluster.namespaces.get(ns)?.labels ?? empty,
  };
}

function compileRule(
  id: number,
  policy: NetworkPolicy,
  direction: Direction,
  rule: PolicyRule,
): CompiledRule {
  const peers =
    rule.peers === null
      ? null
      : rule.peers.map((peer): CompiledPeer => {
          if (peer.type === 'pods') return { type: 'pods', peer, namespace: policy.namespace };
          return { type: 'ipBlock', peer, ips: ipBlockSet(peer) };
        });
  let fixedPorts: ConnSet | null = null;
  const namedPorts: { protocol: 'TCP' | 'UDP' | 'SCTP'; name: string }[] = [];
  if (rule.ports !== null) {
    fixedPorts = EMPTY_CONNS;
    for (const p of rule.ports) {
      if (p.port === null)
        fixedPorts = unionConns(fixedPorts, connsOf(p.protocol, rangeIntervals(MIN_PORT, MAX_PORT)));
      else if (typeof p.port === 'number')
        fixedPorts = unionConns(fixedPorts, connsOf(p.protocol, rangeIntervals(p.port, p.endPort ?? p.port)));
      else namedPorts.push({ protocol: p.protocol, name: p.port });
    }
  }
  return { id, policy, direction, rule, peers, fixedPorts, namedPorts };
}

/** The addresses an ipBlock peer selects: cidr minus every except. */
export function ipBlockSet(peer: IpBlockPeer): IpSet {
  const cidr = parseCidr(peer.cidr);
  if (cidr === undefined) return EMPTY_IPS;
  let set = cidrSet(cidr);
  for (const e of peer.except) {
    const ex = parseCidr(e);
    if (ex !== undefined) set = subtractIps(set, cidrSet(ex));
  }
  return set;
}

/** Whether a policy selects an endpoint (hostNetwork pods are never selected). */
export function policySelects(policy: NetworkPolicy, endpoint: Endpoint): boolean {
  return (
    !endpoint.hostNetwork &&
    endpoint.namespace === policy.namespace &&
    matchesSelector(policy.podSelector, endpoint.labels)
  );
}

/** Whether a pod peer matches an endpoint, given the namespace labels. */
export function podPeerMatches(
  peer: PodPeer,
  policyNamespace: string,
  endpoint: Endpoint,
  namespaceLabels: (ns: string) => Labels,
): boolean {
  if (endpoint.hostNetwork) return false;
  if (peer.namespaceSelector === null) {
    if (endpoint.namespace !== policyNamespace) return false;
  } else if (!matchesSelector(peer.namespaceSelector, namespaceLabels(endpoint.namespace))) return false;
  return peer.podSelector === null || matchesSelector(peer.podSelector, endpoint.labels);
}

/** Parsed IPs of an endpoint. */
export function endpointAddresses(endpoint: Endpoint): IpAddress[] {
  const out: IpAddress[] = [];
  for (const ip of endpoint.ips) {
    const a = parseIp(ip);
    if (a !== undefined) out.push(a);
  }
  return out;
}

/** Whether an ipBlock set holds any address of the list. */
export function ipsHoldAny(ips: IpSet, addresses: readonly IpAddress[]): boolean {
  return addresses.some((a) => ipsContain(ips, a));
}

/**
 * The ports a rule opens towards a destination: numbers and ranges as written, named ports
 * resolved against the destination's containers (same name and protocol). An external
 * destination has no named ports.
 */
export function rulePortsFor(rule: CompiledRule, destinationPorts: Endpoint['ports'] | null): ConnSet {
  if (rule.fixedPorts === null) return ALL_CONNS;
  if (rule.namedPorts.length === 0 || destinationPorts === null) return rule.fixedPorts;
  let out = rule.fixedPorts;
  for (const named of rule.namedPorts) {
    for (const cp of destinationPorts) {
      if (cp.name === named.name && cp.protocol === named.protocol)
        out = unionConns(out, connsOf(cp.protocol, rangeIntervals(cp.port, cp.port)));
    }
  }
  return out;
}
