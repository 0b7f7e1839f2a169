import type { CompiledCluster } from '../engine/compile.js';
import type { Party } from '../engine/evaluate.js';
import type { CompiledRule } from '../engine/rules.js';
import type { Endpoint } from '../model/types.js';
import { explainPeer } from './peer.js';
import { explainPorts } from './port.js';
import { locate, peerItemPath, peersField, ruleItemPath, rulePath } from './refs.js';
import type { Hint, PeerExplanation, PeerOutcome, PortQuery, RuleCode, RuleExplanation } from './types.js';

/** A rule's explanation and the hints it suggests. */
export interface RuleResult {
  readonly explanation: RuleExplanation;
  readonly hints: readonly Hint[];
}

/**
 * Explains one rule against the other side of a connection (`peer`) and the probed port on
 * `destination`: whether a `from`/`to` item matches and how each fails, whether a `ports` item
 * opens the port and how each fails. Hints come from the parts that fail, or, when the rule
 * allows, from a peer list that reads like a misplaced dash.
 */
export function explainRule(
  compiled: CompiledCluster,
  rule: CompiledRule,
  peer: Party,
  destination: Party,
  query: PortQuery | null,
  self: Endpoint | null = null,
): RuleResult {
  const path = ruleItemPath(rule);
  const at = locate(compiled, rule.policy, path);
  const hints: Hint[] = [];
  let peers: PeerOutcome;
  if (rule.peers === null) peers = { matched: true, all: true, matchedIndex: null, peers: [] };
  else {
    const list: PeerExplanation[] = [];
    const peerHints: Hint[] = [];
    for (const p of rule.peers) {
      const r = explainPeer(compiled, rule, p, peerItemPath(rule, p), peer, self);
      list.push(r.explanation);
      peerHints.push(...r.hints);
    }
    const first = list.find((p) => p.matched);
    peers = { matched: first !== undefined, all: false, matchedIndex: first?.index ?? null, peers: list };
    if (first === undefined) hints.push(...peerHints);
  }
  const ports = explainPorts(compiled, rule, path, destination, query);
  if (peers.matched && !ports.outcome.matched) hints.push(...ports.hints);
  const allows = peers.matched && ports.outcome.matched;
  const code: RuleCode = allows
    ? 'RULE_ALLOWS'
    : peers.matched
      ? 'RULE_PORT_MISMATCH'
      : ports.outcome.matched
        ? 'RULE_PEER_MISMATCH'
        : 'RULE_MISMATCH';
  if (allows) {
    const or = orNotAndHint(compiled, rule, peers, peer);
    if (or !== undefined) hints.push(or);
  }
  return {
    explanation: {
      direction: rule.direction,
      index: rule.rule.index,
      ...('name' in rule.rule && rule.rule.name !== undefined ? { name: rule.rule.name } : {}),
      action: rule.action,
      at,
      allows,
      code,
      peers,
      ports: ports.outcome,
      ...ciliumFacts(rule),
    },
    hints,
  };
}

/** A Cilium rule's section, `- {}` and L7 protocol, for its wording. */
function ciliumFacts(rule: CompiledRule): Pick<RuleExplanation, 'cilium'> {
  if (rule.dialect !== 'cilium' || !('section' in rule.rule)) return {};
  return {
    cilium: {
      section: rule.rule.section,
      empty: rule.rule.empty,
      ...(rule.l7 === undefined ? {} : { l7: rule.l7.type }),
    },
  };
}

/**
 * `- namespaceSelector: …` followed by `- podSelector: …` is two peers (OR); written as one item
 * it is one peer (AND). When the namespace item admits a pod the pod item would not, the
 * author may have meant AND.
 */
function orNotAndHint(
  compiled: CompiledCluster,
  rule: CompiledRule,
  peers: PeerOutcome,
  party: Party,
): Hint | undefined {
  if (rule.peers === null || peers.matchedIndex === null || party.type !== 'endpoint') return undefined;
  if (rule.policy.kind !== 'NetworkPolicy') return undefined;
  const position = rule.peers.findIndex((p) => p.index === peers.matchedIndex);
  const matched = rule.peers[position];
  if (matched?.type !== 'pods' || matched.podSelector !== null || matched.namespaceSelector === null)
    return undefined;
  for (const neighbour of [rule.peers[position - 1], rule.peers[position + 1]]) {
    if (neighbour?.type !== 'pods' || neighbour.podSelector === null) continue;
    if (neighbour.namespaceSelector !== null) continue;
    const explained = peers.peers.find((p) => p.index === neighbour.index);
    if (explained === undefined || explained.matched) continue;
    if (!explained.reasons.some((r) => r.code === 'PEER_POD_MISMATCH')) continue;
    return {
      code: 'PEERS_OR_NOT_AND',
      direction: rule.direction,
      namespacePeer: matched.index,
      podPeer: neighbour.index,
      at: locate(compiled, rule.policy, [
        ...rulePath(rule.direction, rule.rule.index),
        peersField(rule.direction),
        neighbour.index,
      ]),
    };
  }
  return undefined;
}
