import { parseCidr } from '../model/ip.js';
import type {
  AdminPeer,
  AdminPolicy,
  AdminPort,
  AdminRule,
  Cluster,
  Direction,
  IpBlockPeer,
  Labels,
  NetworkPolicy,
  PolicyPort,
  PolicyRule,
} from '../model/types.js';
import { type CiliumNodes, ciliumNodes } from './cilium-match.js';
import { type CompiledCiliumPolicy, compileCiliumPolicy } from './compile-cilium.js';
import { cidrSet, EMPTY_IPS, type IpSet, subtractIps, unionIps } from './ip-set.js';
import { type MatchOptions, selectedNodes } from './match.js';
import {
  type ConnSet,
  connsOf,
  EMPTY_CONNS,
  MAX_PORT,
  MIN_PORT,
  rangeIntervals,
  unionConns,
} from './port-set.js';
import type { CompiledPeer, CompiledPolicy, CompiledRule, NamedPort, Subject, Tier } from './rules.js';

/**
 * How the network plugin treats ipBlock peers for traffic between pods. `upstream`: ipBlock
 * matches pod IPs too (what the upstream e2e suite expects); `cilium`: ipBlock matches only
 * cluster-external addresses.
 */
export type CniProfile = 'upstream' | 'cilium';

export interface EngineOptions {
  /** Left out: `cilium` when the input holds Cilium policies, else `upstream`. */
  readonly cni?: CniProfile;
}

/** A compiled NetworkPolicy rule. */
export interface NetworkPolicyRule extends CompiledRule {
  readonly dialect: 'networkpolicy';
  readonly policy: NetworkPolicy;
  readonly rule: PolicyRule;
}

/** A compiled NetworkPolicy. `ingress`/`egress`: its effective policyTypes. */
export interface CompiledNetworkPolicy extends CompiledPolicy {
  readonly dialect: 'networkpolicy';
  readonly policy: NetworkPolicy;
  readonly ingressRules: readonly NetworkPolicyRule[];
  readonly egressRules: readonly NetworkPolicyRule[];
}

/** A compiled admin policy (AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy). */
export interface CompiledAdminPolicy extends CompiledPolicy {
  readonly dialect: 'admin';
  readonly policy: AdminPolicy;
}

/** A cluster with its policies compiled, ready for any number of evaluations. */
export interface CompiledCluster {
  readonly cluster: Cluster;
  readonly options: Required<EngineOptions>;
  readonly match: MatchOptions;
  /** The NetworkPolicies, in input order. */
  readonly policies: readonly CompiledNetworkPolicy[];
  /** Admin and baseline tier policies, in evaluation order. */
  readonly adminPolicies: readonly CompiledAdminPolicy[];
  /** Every rule of every dialect (`rules[r.id] === r`). */
  readonly rules: readonly CompiledRule[];
  /** NetworkPolicies per namespace, in input order. */
  readonly policiesByNamespace: ReadonlyMap<string, readonly CompiledNetworkPolicy[]>;
  /** Rules of Cilium policies, one compiled policy per rule (namespace tier). */
  readonly ciliumPolicies: readonly CompiledCiliumPolicy[];
  /** Cilium rules per namespace, CiliumClusterwideNetworkPolicies under `null`. */
  readonly ciliumByNamespace: ReadonlyMap<string | null, readonly CompiledCiliumPolicy[]>;
  /** Node and API server addresses (Cilium's reserved identities). */
  readonly nodes: CiliumNodes;
  /** Admin-tier and baseline-tier rules per direction, in evaluation order. */
  readonly tierRules: Readonly<
    Record<'admin' | 'baseline', Readonly<Record<Direction, readonly CompiledRule[]>>>
  >;
  /** Every CIDR boundary the policies mention, for partitioning external address space. */
  readonly ipBlocks: readonly IpSet[];
  /** True when IPv6 appears anywhere in the input (pod IPs, service IPs, policy CIDRs). */
  readonly ipv6: boolean;
  readonly namespaceLabels: (namespace: string) => Labels;
}

/** Order of kinds at equal priority (the APIs leave it undefined; kubereach documents this one). */
const KIND_ORDER: Readonly<Record<AdminPolicy['kind'], number>> = {
  AdminNetworkPolicy: 0,
  BaselineAdminNetworkPolicy: 1,
  ClusterNetworkPolicy: 2,
};

/** The CNI profile when none is given: Cilium's when the input holds Cilium policies. */
export function impliedCni(cluster: Cluster): CniProfile {
  return cluster.ciliumPolicies.length > 0 ? 'cilium' : 'upstream';
}

/** Compiles every policy of the cluster, of every dialect. */
export function compileCluster(cluster: Cluster, options: EngineOptions = {}): CompiledCluster {
  const cni = options.cni ?? impliedCni(cluster);
  const rules: CompiledRule[] = [];
  const ipBlocks: IpSet[] = [];
  const register = <R extends CompiledRule>(rule: R): R => {
    rules.push(rule);
    for (const p of rule.peers ?? []) if (p.type === 'ips') ipBlocks.push(p.ips);
    return rule;
  };

  const policies: CompiledNetworkPolicy[] = [];
  const byNamespace = new Map<string, CompiledNetworkPolicy[]>();
  for (const policy of cluster.policies) {
    const compiled = compileNetworkPolicy(policy, cni, () => rules.length, register);
    policies.push(compiled);
    const list = byNamespace.get(policy.namespace) ?? [];
    list.push(compiled);
    byNamespace.set(policy.namespace, list);
  }

  const labelsOf = (ns: string): Labels => cluster.namespaces.get(ns)?.labels ?? {};
  const ciliumPolicies = cluster.ciliumPolicies.flatMap((p) =>
    compileCiliumPolicy(p, labelsOf, () => rules.length, register),
  );
  const ciliumByNamespace = new Map<string | null, CompiledCiliumPolicy[]>();
  for (const cp of ciliumPolicies) {
    const list = ciliumByNamespace.get(cp.policy.namespace) ?? [];
    list.push(cp);
    ciliumByNamespace.set(cp.policy.namespace, list);
  }

  const sortedAdmin = [...cluster.adminPolicies].sort(
    (a, b) =>
      a.priority - b.priority ||
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  const adminPolicies = sortedAdmin.map((policy) =>
    compileAdminPolicy(policy, cluster, () => rules.length, register),
  );
  const tierRules = {
    admin: { ingress: [] as CompiledRule[], egress: [] as CompiledRule[] },
    baseline: { ingress: [] as CompiledRule[], egress: [] as CompiledRule[] },
  };
  for (const cp of adminPolicies) {
    const tier = cp.tier === 'admin' ? tierRules.admin : tierRules.baseline;
    tier.ingress.push(...cp.ingressRules);
    tier.egress.push(...cp.egressRules);
  }

  const ipv6 =
    ipBlocks.some((b) => b.v6.length > 0) ||
    cluster.endpoints.some((e) => e.ips.some((ip) => ip.includes(':'))) ||
    cluster.services.some((s) => s.clusterIPs.some((ip) => ip.includes(':')));
  const empty: Labels = {};
  const nodes = ciliumNodes(cluster);
  return {
    cluster,
    options: { cni },
    match: { ipBlockMatchesPods: cni === 'upstream', cilium: cni === 'cilium' ? nodes : null },
    policies,
    adminPolicies,
    rules,
    policiesByNamespace: byNamespace,
    ciliumPolicies,
    ciliumByNamespace,
    nodes,
    tierRules,
    ipBlocks,
    ipv6,
    namespaceLabels: (ns) => cluster.namespaces.get(ns)?.labels ?? empty,
  };
}

type Register = <R extends CompiledRule>(rule: R) => R;

/** A NetworkPolicy: one namespace-tier policy whose rules all allow (a union). */
function compileNetworkPolicy(
  policy: NetworkPolicy,
  cni: CniProfile,
  nextId: () => number,
  register: Register,
): CompiledNetworkPolicy {
  const subject: Subject = {
    namespace: policy.namespace,
    namespaceSelector: null,
    podSelector: policy.podSelector,
  };
  // Cilium translates every rule whatever policyTypes says, and policyTypes only adds an empty
  // (deny-all) section to a direction without rules (pkg/k8s network_policy.go ParseNetworkPolicy).
  const cilium = cni === 'cilium';
  const ingress = policy.policyTypes.includes('Ingress') || (cilium && policy.ingress.length > 0);
  const egress = policy.policyTypes.includes('Egress') || (cilium && policy.egress.length > 0);
  const compileRules = (direction: Direction, list: readonly PolicyRule[]): NetworkPolicyRule[] =>
    list.map((rule) =>
      register<NetworkPolicyRule>({
        id: nextId(),
        dialect: 'networkpolicy',
        policy,
        tier: 'namespace',
        priority: 0,
        order: nextId(),
        direction,
        action: 'allow',
        subject,
        rule,
        peers:
          rule.peers === null
            ? null
            : rule.peers.map(
                (peer): CompiledPeer =>
                  peer.type === 'pods'
                    ? {
                        type: 'pods',
                        namespace: policy.namespace,
                        namespaceSelector: peer.namespaceSelector,
                        podSelector: peer.podSelector,
                        index: peer.index,
                        source: peer,
                      }
                    : { type: 'ips', ips: ipBlockSet(peer), podIps: 'cni', index: peer.index, source: peer },
              ),
        ...compilePorts(rule.ports),
      }),
    );
  return {
    dialect: 'networkpolicy',
    policy,
    tier: 'namespace',
    priority: 0,
    subject,
    ingress,
    egress,
    // Rules of a direction the policy does not declare in policyTypes have no effect.
    ingressRules: ingress ? compileRules('ingress', policy.ingress) : [],
    egressRules: egress ? compileRules('egress', policy.egress) : [],
  };
}

/** An admin or baseline policy: first-match rules with allow, deny or pass. */
function compileAdminPolicy(
  policy: AdminPolicy,
  cluster: Cluster,
  nextId: () => number,
  register: Register,
): CompiledAdminPolicy {
  const subject: Subject =
    policy.subject.type === 'namespaces'
      ? { namespace: null, namespaceSelector: policy.subject.namespaceSelector, podSelector: null }
      : {
          namespace: null,
          namespaceSelector: policy.subject.namespaceSelector,
          podSelector: policy.subject.podSelector,
        };
  const tier: Tier = policy.tier;
  const compileRules = (direction: Direction, list: readonly AdminRule[]): CompiledRule[] =>
    list.map((rule) => {
      // network-policy-api: a peer with no field the implementation knows fails closed; a Deny or
      // Pass rule holding one is "treated as a 'Deny all' rule" — every peer, every port.
      const failClosed = rule.action !== 'allow' && rule.peers.some((p) => p.type === 'unknown');
      return register<CompiledRule>({
        id: nextId(),
        dialect: 'admin',
        policy,
        tier,
        priority: policy.priority,
        order: nextId(),
        direction,
        action: failClosed ? 'deny' : rule.action,
        subject,
        rule,
        peers: rule.peers.map((peer) => compileAdminPeer(peer, cluster)),
        ...(failClosed ? { fixedPorts: null, namedPorts: [] } : compilePorts(rule.ports)),
      });
    });
  return {
    dialect: 'admin',
    policy,
    tier,
    priority: policy.priority,
    subject,
    ingress: false,
    egress: false,
    ingressRules: compileRules('ingress', policy.ingress),
    egressRules: compileRules('egress', policy.egress),
  };
}

function compileAdminPeer(peer: AdminPeer, cluster: Cluster): CompiledPeer {
  switch (peer.type) {
    case 'namespaces':
      return {
        type: 'pods',
        namespace: '',
        namespaceSelector: peer.namespaceSelector,
        podSelector: null,
        index: peer.index,
        source: peer,
      };
    case 'pods':
      return {
        type: 'pods',
        namespace: '',
        namespaceSelector: peer.namespaceSelector,
        podSelector: peer.podSelector,
        index: peer.index,
        source: peer,
      };
    case 'networks':
      return { type: 'ips', ips: cidrsSet(peer.cidrs), podIps: 'always', index: peer.index, source: peer };
    case 'nodes': {
      // The addresses of the selected Node objects (status.addresses) — a static snapshot.
      const addresses = selectedNodes(cluster.nodes, peer.nodeSelector).flatMap((n) =>
        n.addresses.map((a) => (a.includes(':') ? `${a}/128` : `${a}/32`)),
      );
      return { type: 'ips', ips: cidrsSet(addresses), podIps: 'always', index: peer.index, source: peer };
    }
    case 'domainNames':
      return { type: 'domains', names: peer.domainNames, index: peer.index, source: peer };
    case 'unknown':
      return { type: 'unknown', index: peer.index, source: peer };
  }
}

function compilePorts(ports: readonly (PolicyPort | AdminPort)[] | null): {
  fixedPorts: ConnSet | null;
  namedPorts: NamedPort[];
} {
  if (ports === null) return { fixedPorts: null, namedPorts: [] };
  let fixedPorts = EMPTY_CONNS;
  const namedPorts: NamedPort[] = [];
  for (const p of ports) {
    if (p.port === null) {
      // NetworkPolicy port with only a protocol: every port of it
      if (p.protocol !== null)
        fixedPorts = unionConns(fixedPorts, connsOf(p.protocol, rangeIntervals(MIN_PORT, MAX_PORT)));
    } else if (typeof p.port === 'number') {
      if (p.protocol !== null)
        fixedPorts = unionConns(fixedPorts, connsOf(p.protocol, rangeIntervals(p.port, p.endPort ?? p.port)));
    } else namedPorts.push({ protocol: p.protocol, name: p.port });
  }
  return { fixedPorts, namedPorts };
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

function cidrsSet(cidrs: readonly string[]): IpSet {
  let set = EMPTY_IPS;
  for (const c of cidrs) {
    const parsed = parseCidr(c);
    if (parsed !== undefined) set = unionIps(set, cidrSet(parsed));
  }
  return set;
}
