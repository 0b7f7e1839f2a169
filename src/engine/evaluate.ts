import type { Direction, Endpoint } from '../model/types.js';
import { ciliumRelation } from './cilium-match.js';
import type { CompiledCluster } from './compile.js';
import { type ApplicableRules, applicableRules } from './isolation.js';
import { hasUndecidablePeer, isPolicySubject, matchingPeer, type Party, rulePortsFor } from './match.js';
import {
  ALL_CONNS,
  type ConnSet,
  EMPTY_CONNS,
  intersectConns,
  isEmptyConns,
  subtractConns,
  unionConns,
} from './port-set.js';
import { type Decision, deniedOf, type RuleHit, resolveTiers, type TierHits } from './resolve.js';
import type { AnyPolicy, CompiledRule, Tier } from './rules.js';

export type { Party } from './match.js';

/** Why a direction is not isolated, or that it is. */
export type IsolationState =
  /** At least one namespace-tier policy selects the subject for this direction. */
  | 'isolated'
  /** No namespace-tier policy selects the subject for this direction. */
  | 'not-isolated'
  /** The subject is a hostNetwork pod: pod selectors never select it. */
  | 'host-network'
  /** The subject is outside the cluster: no policy applies to it. */
  | 'external'
  /** Ingress from the subject's own node, which Cilium always admits (allow-localhost). */
  | 'own-node';

/** A rule whose peers include the other side of the connection. */
export type RuleMatch = RuleHit;

/**
 * Two or more policies of one tier with the same priority whose rules match the same ports with
 * different actions: the APIs leave the outcome undefined; kubereach applies its documented order
 * (kind, then name) and says so.
 */
export interface PriorityTie {
  readonly tier: Tier;
  readonly priority: number;
  readonly conns: ConnSet;
  /** The rule kubereach applied, then the rules it tied with. */
  readonly applied: RuleHit;
  readonly others: readonly RuleHit[];
}

/** The evaluation of one direction: egress of the source or ingress of the destination. */
export interface DirectionEvaluation {
  readonly direction: Direction;
  /** The endpoint whose policies apply (source for egress, destination for ingress). */
  readonly subject: Party;
  /** Namespace-tier isolation of the subject. */
  readonly state: IsolationState;
  /** Namespace-tier policies that isolate the subject for this direction. */
  readonly policies: readonly AnyPolicy[];
  /** Rules of every tier that apply to the subject and whose peers include the other side. */
  readonly matches: readonly RuleMatch[];
  /** What decided each port, in evaluation order (admin, namespace, baseline, default). */
  readonly decisions: readonly Decision[];
  /** Same-priority ties among the deciding admin or baseline rules. */
  readonly ties: readonly PriorityTie[];
  /**
   * Ports whose verdict a rule with FQDN peers could change (decided at run time, by DNS): the
   * verdict on these ports is not statically decidable.
   */
  readonly undecidable: ConnSet;
  /** The FQDN rules behind `undecidable`, each with the ports whose verdict it could change. */
  readonly undecidableBy: readonly UndecidableRule[];
  readonly allowed: ConnSet;
  readonly denied: ConnSet;
}

/** A rule with FQDN peers and the ports whose verdict it would change if its names matched. */
export interface UndecidableRule {
  readonly rule: CompiledRule;
  readonly conns: ConnSet;
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
 * egress allows it and the destination's ingress allows it; each direction records the rules
 * that decided each port, tier by tier.
 */
export function evaluateConnection(compiled: CompiledCluster, src: Party, dst: Party): ConnectionEvaluation {
  const egress = evaluateDirection(compiled, 'egress', src, dst);
  const ingress = evaluateDirection(compiled, 'ingress', dst, src);
  return { src, dst, egress, ingress, allowed: intersectConns(egress.allowed, ingress.allowed) };
}

const OPEN_DECISION: readonly Decision[] = [
  { tier: 'default', action: 'allow', cause: 'default', conns: ALL_CONNS, hit: null },
];

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
  const unconstrained = (state: IsolationState): DirectionEvaluation => ({
    direction,
    subject,
    state,
    policies: [],
    matches: [],
    decisions: OPEN_DECISION,
    ties: [],
    undecidable: EMPTY_CONNS,
    undecidableBy: [],
    allowed: ALL_CONNS,
    denied: EMPTY_CONNS,
  });
  if (subject.type === 'external') return unconstrained('external');
  if (!isPolicySubject(subject.endpoint)) return unconstrained('host-network');
  // Cilium's allow-localhost default: the pod's own node always gets in.
  if (
    direction === 'ingress' &&
    compiled.match.cilium !== null &&
    ciliumRelation(compiled.match.cilium, subject.endpoint, peer) === 'host'
  )
    return unconstrained('own-node');

  const applicable = applicableRules(compiled, subject.endpoint, direction);
  const destination = direction === 'ingress' ? subject : peer;
  const destinationPorts = destination.type === 'endpoint' ? destination.endpoint.ports : null;
  const hitsOf = (rules: readonly CompiledRule[]): RuleHit[] => {
    const out: RuleHit[] = [];
    for (const rule of rules) {
      const peerIndex = matchingPeer(rule, peer, compiled.namespaceLabels, compiled.match, subject.endpoint);
      if (peerIndex !== undefined) out.push({ rule, peerIndex, ports: rulePortsFor(rule, destinationPorts) });
    }
    return out;
  };
  const hits: TierHits = {
    admin: hitsOf(applicable.admin),
    isolated: applicable.isolating.length > 0,
    namespace: hitsOf(applicable.namespace),
    baseline: hitsOf(applicable.baseline),
  };
  const decisions: Decision[] = [];
  const allowed = resolveTiers(hits, decisions);
  const undecidableBy = fqdnCandidate(compiled, subject.endpoint, peer)
    ? undecidableRules(applicable, hits, allowed, destinationPorts)
    : [];
  return {
    direction,
    subject,
    state: hits.isolated ? 'isolated' : 'not-isolated',
    policies: applicable.isolating.map((cp) => cp.policy),
    matches: [...hits.admin, ...hits.namespace, ...hits.baseline],
    decisions,
    ties: findTies(decisions, hits),
    undecidable: undecidableBy.reduce((out, u) => unionConns(out, u.conns), EMPTY_CONNS),
    undecidableBy,
    allowed,
    denied: deniedOf(decisions),
  };
}

/** Ties: other policies of the deciding rule's tier and priority that match the same ports differently. */
function findTies(decisions: readonly Decision[], hits: TierHits): PriorityTie[] {
  const ties: PriorityTie[] = [];
  for (const d of decisions) {
    if (d.hit === null || d.tier === 'namespace' || d.tier === 'default') continue;
    const applied = d.hit;
    const tierHits = d.tier === 'admin' ? hits.admin : hits.baseline;
    const others = tierHits.filter(
      (h) =>
        h.rule.policy !== applied.rule.policy &&
        h.rule.priority === applied.rule.priority &&
        h.rule.action !== applied.rule.action &&
        !isEmptyConns(intersectConns(h.ports, d.conns)),
    );
    if (others.length > 0)
      ties.push({ tier: d.tier, priority: applied.rule.priority, conns: d.conns, applied, others });
  }
  return ties;
}

/**
 * Whether a rule with FQDN peers could match the other side: an address, and under Cilium one
 * outside the cluster (`toFQDNs` selects the world identities of the addresses DNS returned,
 * never a node or the API server's in-cluster address).
 */
function fqdnCandidate(compiled: CompiledCluster, self: Endpoint, peer: Party): boolean {
  if (peer.type !== 'external') return false;
  const nodes = compiled.match.cilium;
  return nodes === null || ciliumRelation(nodes, self, peer) === 'world';
}

/**
 * The rules with FQDN peers (admin `domainNames`, Cilium `toFQDNs`) that would change the
 * verdict of some port if their names resolved to this address, with those ports: such rules
 * are decided at run time (DNS), so the verdict on those ports is not static.
 */
function undecidableRules(
  applicable: ApplicableRules,
  hits: TierHits,
  allowed: ConnSet,
  destinationPorts:
    | null
    | readonly { readonly name?: string; readonly port: number; readonly protocol: 'TCP' | 'UDP' | 'SCTP' }[],
): UndecidableRule[] {
  const out: UndecidableRule[] = [];
  // Admin domainNames and, in the namespace tier, Cilium toFQDNs.
  const tiers = [
    ['admin', applicable.admin],
    ['namespace', applicable.namespace],
    ['baseline', applicable.baseline],
  ] as const;
  for (const [tier, rules] of tiers) {
    for (const rule of rules) {
      if (!hasUndecidablePeer(rule)) continue;
      const hit: RuleHit = { rule, peerIndex: null, ports: rulePortsFor(rule, destinationPorts) };
      const merged = [...hits[tier], hit].sort((a, b) => a.rule.order - b.rule.order);
      const alt = resolveTiers({ ...hits, [tier]: merged });
      const conns = unionConns(subtractConns(alt, allowed), subtractConns(allowed, alt));
      if (!isEmptyConns(conns)) out.push({ rule, conns });
    }
  }
  return out;
}
