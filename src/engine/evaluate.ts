import type { IpAddress } from '../model/ip.js';
import type { Direction, Endpoint, NetworkPolicy } from '../model/types.js';
import {
  type CompiledCluster,
  type CompiledRule,
  endpointAddresses,
  ipsHoldAny,
  podPeerMatches,
  policySelects,
  rulePortsFor,
} from './compile.js';
import { ipsContain } from './ip-set.js';
import {
  ALL_CONNS,
  type ConnSet,
  EMPTY_CONNS,
  intersectConns,
  subtractConns,
  unionConns,
} from './port-set.js';
import { combineTiers, type TierDecision } from './tiers.js';

/** One side of a connection: an endpoint (pod or workload), or an address outside the cluster. */
export type Party =
  | { readonly type: 'endpoint'; readonly endpoint: Endpoint }
  | { readonly type: 'external'; readonly address: IpAddress; readonly label: string };

/** Why a direction is not isolated, or that it is. */
export type IsolationState =
  /** At least one policy selects the subject for this direction. */
  | 'isolated'
  /** No policy selects the subject for this direction. */
  | 'not-isolated'
  /** The subject is a hostNetwork pod: pod selectors never select it. */
  | 'host-network'
  /** The subject is outside the cluster: no NetworkPolicy applies to it. */
  | 'external';

/** A rule whose peers include the other side of the connection. */
export interface RuleMatch {
  readonly rule: CompiledRule;
  /** Index of the matching peer in `from`/`to`; `null` when the rule has no peers (matches all). */
  readonly peerIndex: number | null;
  /** The ports this rule opens towards the destination. */
  readonly ports: ConnSet;
}

/** The evaluation of one direction: egress of the source or ingress of the destination. */
export interface DirectionEvaluation {
  readonly direction: Direction;
  /** The endpoint whose policies apply (source for egress, destination for ingress). */
  readonly subject: Party;
  readonly state: IsolationState;
  /** Policies that select the subject for this direction. */
  readonly policies: readonly NetworkPolicy[];
  /** Rules of those policies whose peers include the other side. */
  readonly matches: readonly RuleMatch[];
  readonly tiers: readonly TierDecision[];
  readonly allowed: ConnSet;
  readonly denied: ConnSet;
}

export interface ConnectionEvaluation {
  readonly src: Party;
  readonly dst: Party;
  readonly egress: DirectionEvaluation;
  readonly ingress: DirectionEvaluation;
  /** Ports allowed by both directions. */
  readonly allowed: ConnSet;
}

/**
 * Evaluates every port of a connection src → dst. A connection is allowed when the source's
 * egress allows it and the destination's ingress allows it; each direction records the
 * policies and rules that decided it.
 */
export function evaluateConnection(compiled: CompiledCluster, src: Party, dst: Party): ConnectionEvaluation {
  const egress = evaluateDirection(compiled, 'egress', src, dst);
  const ingress = evaluateDirection(compiled, 'ingress', dst, src);
  return { src, dst, egress, ingress, allowed: intersectConns(egress.allowed, ingress.allowed) };
}

/**
 * Evaluates one direction. `subject` is the party whose policies apply; `peer` is the other
 * side. Named ports resolve against the destination (`subject` for ingress, `peer` for egress).
 */
export function evaluateDirection(
  compiled: CompiledCluster,
  direction: Direction,
  subject: Party,
  peer: Party,
): DirectionEvaluation {
  const base = { direction, subject };
  if (subject.type === 'external') {
    return {
      ...base,
      state: 'external',
      policies: [],
      matches: [],
      tiers: [],
      allowed: ALL_CONNS,
      denied: EMPTY_CONNS,
    };
  }
  const endpoint = subject.endpoint;
  if (endpoint.hostNetwork) {
    return {
      ...base,
      state: 'host-network',
      policies: [],
      matches: [],
      tiers: [],
      allowed: ALL_CONNS,
      denied: EMPTY_CONNS,
    };
  }
  const destination = direction === 'ingress' ? subject : peer;
  const destinationPorts = destination.type === 'endpoint' ? destination.endpoint.ports : null;
  const peerAddresses = peer.type === 'endpoint' ? endpointAddresses(peer.endpoint) : [peer.address];
  const policies: NetworkPolicy[] = [];
  const matches: RuleMatch[] = [];
  let allow = EMPTY_CONNS;
  for (const cp of compiled.policiesByNamespace.get(endpoint.namespace) ?? []) {
    const applies = direction === 'ingress' ? cp.ingress : cp.egress;
    if (!applies || !policySelects(cp.policy, endpoint)) continue;
    policies.push(cp.policy);
    for (const rule of direction === 'ingress' ? cp.ingressRules : cp.egressRules) {
      const peerIndex = matchingPeer(compiled, rule, peer, peerAddresses);
      if (peerIndex === undefined) continue;
      const ports = rulePortsFor(rule, destinationPorts);
      matches.push({ rule, peerIndex, ports });
      allow = unionConns(allow, ports);
    }
  }
  if (policies.length === 0) {
    return {
      ...base,
      state: 'not-isolated',
      policies,
      matches,
      tiers: [],
      allowed: ALL_CONNS,
      denied: EMPTY_CONNS,
    };
  }
  // An isolated direction allows what its rules allow and denies everything else.
  const tiers: TierDecision[] = [{ tier: 'namespace', allow, deny: subtractConns(ALL_CONNS, allow) }];
  const { allowed, denied } = combineTiers(tiers);
  return { ...base, state: 'isolated', policies, matches, tiers, allowed, denied };
}

/**
 * The index of the first peer of `rule` that matches `party` (`null` for a rule without peers),
 * or undefined when none does.
 */
function matchingPeer(
  compiled: CompiledCluster,
  rule: CompiledRule,
  party: Party,
  addresses: readonly IpAddress[],
): number | null | undefined {
  if (rule.peers === null) return null;
  for (const [i, p] of rule.peers.entries()) {
    if (p.type === 'pods') {
      if (
        party.type === 'endpoint' &&
        podPeerMatches(p.peer, p.namespace, party.endpoint, compiled.namespaceLabels)
      )
        return i;
    } else if (party.type === 'external') {
      if (ipsContain(p.ips, party.address)) return i;
    } else if (compiled.options.cni === 'upstream' && ipsHoldAny(p.ips, addresses)) {
      return i;
    }
  }
  return undefined;
}
