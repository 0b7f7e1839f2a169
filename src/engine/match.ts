import { type IpAddress, parseIp } from '../model/ip.js';
import type { ClusterNode, ContainerPort, Endpoint, LabelSelector, Labels } from '../model/types.js';
import {
  type CiliumIdentity,
  type CiliumNodes,
  ciliumRelation,
  entityMatches,
  isApiServer,
} from './cilium-match.js';
import { ipsContain } from './ip-set.js';
import { matchesSelector } from './label-selector.js';
import { ALL_CONNS, type ConnSet, connsOf, rangeIntervals, unionConns } from './port-set.js';
import type { CompiledPeer, CompiledRule, Subject } from './rules.js';

/**
 * The one place that decides whether a rule's subject, peers and ports match. Every part of
 * kubereach that asks "does this policy select that pod", "does this peer match that party" or
 * "which ports does this rule open towards that destination" asks these functions (directly,
 * or through the bulk forms in reachability, which call the same primitives per class).
 */

/** One side of a connection: an endpoint (pod or workload), or an address outside the cluster. */
export type Party =
  | { readonly type: 'endpoint'; readonly endpoint: Endpoint }
  | {
      readonly type: 'external';
      readonly address: IpAddress;
      readonly label: string;
      /** Under Cilium: the identity of an entity node of the matrix (see `CiliumIdentity`). */
      readonly identity?: CiliumIdentity;
    };

/** The namespace labels of the cluster, by namespace name. */
export type NamespaceLabels = (namespace: string) => Labels;

/** How the network plugin treats address peers for traffic between pods. */
export interface MatchOptions {
  /**
   * Whether NetworkPolicy ipBlocks match pod IPs: yes upstream (the e2e suite expects it), no
   * under Cilium (CIDR selectors only match addresses outside the cluster).
   */
  readonly ipBlockMatchesPods: boolean;
  /**
   * Under Cilium: node and API server addresses. Entities are matched against them, and address
   * peers never match a node (CIDR selectors do not select in-cluster entities).
   */
  readonly cilium: CiliumNodes | null;
}

/**
 * Whether any policy can have the endpoint as its subject: the one place of the rule that a
 * hostNetwork pod is never one, in any tier or dialect. NetworkPolicy leaves it
 * implementation-defined and no implementation selects them; AdminNetworkPolicy: "host-networked
 * pods are not included in subject selection"; Cilium gives them their node's identity, which
 * pod selectors never select. Every "which policies apply to this pod" asks this first.
 */
export function isPolicySubject(endpoint: Endpoint): boolean {
  return !endpoint.hostNetwork;
}

/** Whether a subject selects an endpoint (never a hostNetwork pod: see `isPolicySubject`). */
export function subjectSelects(
  subject: Subject,
  endpoint: Endpoint,
  namespaceLabels: NamespaceLabels,
): boolean {
  if (!isPolicySubject(endpoint)) return false;
  if (!subjectAdmitsNamespace(subject, endpoint.namespace, namespaceLabels)) return false;
  return subject.podSelector === null || matchesSelector(subject.podSelector, endpoint.labels);
}

/** The namespace part of `subjectSelects`: whether the subject can select pods of a namespace. */
export function subjectAdmitsNamespace(
  subject: Subject,
  namespace: string,
  namespaceLabels: NamespaceLabels,
): boolean {
  if (subject.namespace !== null) return namespace === subject.namespace;
  return (
    subject.namespaceSelector === null ||
    matchesSelector(subject.namespaceSelector, namespaceLabels(namespace))
  );
}

/**
 * Whether a pod peer's namespace part admits a namespace: the policy's own namespace when the
 * peer has no namespaceSelector (NetworkPolicy `podSelector` alone is namespace-local), else the
 * namespaces whose labels the selector matches.
 */
export function peerNamespaceMatches(
  peer: { readonly namespace: string; readonly namespaceSelector: LabelSelector | null },
  namespace: string,
  namespaceLabels: NamespaceLabels,
): boolean {
  if (peer.namespaceSelector === null) return namespace === peer.namespace;
  return matchesSelector(peer.namespaceSelector, namespaceLabels(namespace));
}

/** Whether a pod peer's pod part admits an endpoint (hostNetwork pods: never, as above). */
export function peerPodMatches(
  peer: { readonly podSelector: LabelSelector | null },
  endpoint: Endpoint,
): boolean {
  if (endpoint.hostNetwork) return false;
  return peer.podSelector === null || matchesSelector(peer.podSelector, endpoint.labels);
}

/** Whether an address peer matches an endpoint through the endpoint's IPs. */
export function ipsPeerMatchesEndpoint(
  peer: Extract<CompiledPeer, { type: 'ips' }>,
  endpoint: Endpoint,
  options: MatchOptions,
): boolean {
  if (peer.podIps === 'cni' && !options.ipBlockMatchesPods) return false;
  return endpointAddresses(endpoint).some((a) => ipsContain(peer.ips, a));
}

/**
 * Whether one peer matches a party, for a rule with the given action. An `unknown` peer fails
 * closed (network-policy-api: an allow rule treats it as matching nothing, deny and pass as
 * matching everything); `domains` are decided at run time and match nothing here.
 */
export function peerMatches(
  peer: CompiledPeer,
  action: CompiledRule['action'],
  party: Party,
  namespaceLabels: NamespaceLabels,
  options: MatchOptions,
  self: Endpoint | null = null,
): boolean {
  switch (peer.type) {
    case 'pods':
      return (
        party.type === 'endpoint' &&
        peerNamespaceMatches(peer, party.endpoint.namespace, namespaceLabels) &&
        peerPodMatches(peer, party.endpoint)
      );
    case 'ips':
      if (peer.podIps === 'never' || (options.cilium !== null && peer.podIps === 'cni'))
        return (
          party.type === 'external' &&
          (options.cilium === null || ciliumRelation(options.cilium, self, party) === 'world') &&
          ipsContain(peer.ips, party.address)
        );
      return party.type === 'external'
        ? ipsContain(peer.ips, party.address)
        : ipsPeerMatchesEndpoint(peer, party.endpoint, options);
    case 'entity': {
      const nodes = options.cilium ?? ciliumNodesOfNothing;
      return entityMatches(peer.entity, ciliumRelation(nodes, self, party), isApiServer(nodes, party));
    }
    case 'domains':
      return false;
    case 'unknown':
      return action !== 'allow';
    default:
      return assertNeverPeer(peer);
  }
}

/**
 * The index of the first peer of `rule` that matches `party` (`null` for a rule without peers,
 * which matches every party), or undefined when none does.
 */
export function matchingPeer(
  rule: CompiledRule,
  party: Party,
  namespaceLabels: NamespaceLabels,
  options: MatchOptions,
  self: Endpoint | null = null,
): number | null | undefined {
  if (rule.peers === null) return null;
  for (const [i, p] of rule.peers.entries()) {
    if (peerMatches(p, rule.action, party, namespaceLabels, options, self)) return i;
  }
  return undefined;
}

const ciliumNodesOfNothing: CiliumNodes = { nodeByAddress: new Map(), apiServer: new Set() };

/** Whether a rule has a peer that no static analysis can decide (FQDNs). */
export function hasUndecidablePeer(rule: CompiledRule): boolean {
  return rule.peers?.some((p) => p.type === 'domains') ?? false;
}

/**
 * The ports a rule opens towards a destination: numbers and ranges as written, named ports
 * resolved against the destination's containers (same name, and the same protocol when the
 * rule names one). An external destination has no named ports.
 */
export function rulePortsFor(rule: CompiledRule, destinationPorts: readonly ContainerPort[] | null): ConnSet {
  if (rule.fixedPorts === null) return ALL_CONNS;
  if (rule.namedPorts.length === 0 || destinationPorts === null) return rule.fixedPorts;
  let out = rule.fixedPorts;
  for (const named of rule.namedPorts) {
    for (const cp of destinationPorts) {
      if (cp.name === named.name && (named.protocol === null || cp.protocol === named.protocol))
        out = unionConns(out, connsOf(cp.protocol, rangeIntervals(cp.port, cp.port)));
    }
  }
  return out;
}

/** The Node objects a `nodes` peer selects (its addresses are what the peer matches). */
export function selectedNodes(nodes: readonly ClusterNode[], selector: LabelSelector): ClusterNode[] {
  return nodes.filter((n) => matchesSelector(selector, n.labels));
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

function assertNeverPeer(peer: never): never {
  throw new Error(`unknown peer ${JSON.stringify(peer)}`);
}
