import type { CompiledCluster } from '../engine/compile.js';
import type { DirectionEvaluation, Party } from '../engine/evaluate.js';
import { connsAllow, isEmptyConns } from '../engine/port-set.js';
import { assertNever } from '../model/assert-never.js';
import { nearMisses } from './near-miss.js';
import { compiledPolicyOf, locate, partyRef, policyRef, portRanges } from './refs.js';
import { explainRule, type RuleResult } from './rule.js';
import type {
  DirectionCode,
  DirectionExplanation,
  Hint,
  PolicyExplanation,
  PortQuery,
  RuleExplanation,
} from './types.js';

/**
 * Explains one direction of an evaluated connection: egress of the source or ingress of the
 * destination. `peer` is the other side. For an isolated direction every selecting policy and
 * each of its rules is explained; policies that look meant but do not take part are listed
 * as near misses.
 */
export function explainDirection(
  compiled: CompiledCluster,
  evaluation: DirectionEvaluation,
  peer: Party,
  query: PortQuery | null,
): DirectionExplanation {
  const { direction } = evaluation;
  const destination = direction === 'ingress' ? evaluation.subject : peer;
  const allowed =
    query === null
      ? !isEmptyConns(evaluation.allowed)
      : connsAllow(evaluation.allowed, query.protocol, query.port);
  const results: RuleResult[] = [];
  const policies: PolicyExplanation[] = evaluation.policies.map((policy) => {
    const cp = compiledPolicyOf(compiled, policy);
    const rules: RuleExplanation[] = [];
    for (const rule of direction === 'ingress' ? cp.ingressRules : cp.egressRules) {
      const r = explainRule(compiled, rule, peer, destination, query);
      rules.push(r.explanation);
      results.push(r);
    }
    return {
      policy: policyRef(compiled, policy),
      code:
        rules.length === 0
          ? 'POLICY_NO_RULES'
          : rules.some((r) => r.allows)
            ? 'POLICY_ALLOWS'
            : 'POLICY_NO_RULE_ALLOWS',
      podSelector: policy.podSelector,
      at: locate(compiled, policy, ['spec', 'podSelector']),
      rules,
    };
  });
  const code = directionCode(evaluation, allowed, policies);
  return {
    direction,
    subject: partyRef(evaluation.subject),
    peer: partyRef(peer),
    state: evaluation.state,
    code,
    allowed,
    allowedConns: portRanges(evaluation.allowed),
    policies,
    nearMisses: nearMisses(compiled, evaluation, peer, query, allowed),
    hints: dedupeHints(relevantHints(results, allowed, code)),
  };
}

/**
 * The hints worth showing: from the allowing rules when the direction allows; when rules match
 * the peer but not the port, from those rules only (the peer is clearly addressed there);
 * otherwise from every rule.
 */
function relevantHints(results: readonly RuleResult[], allowed: boolean, code: DirectionCode): Hint[] {
  return results
    .filter((r) =>
      allowed ? r.explanation.allows : code === 'NO_PORT_MATCH' ? r.explanation.peers.matched : true,
    )
    .flatMap((r) => r.hints);
}

function directionCode(
  evaluation: DirectionEvaluation,
  allowed: boolean,
  policies: readonly PolicyExplanation[],
): DirectionCode {
  switch (evaluation.state) {
    case 'not-isolated':
      return 'NOT_ISOLATED';
    case 'host-network':
      return 'HOST_NETWORK';
    case 'external':
      return 'EXTERNAL';
    case 'isolated':
      if (allowed) return 'RULE_ALLOWS';
      if (policies.every((p) => p.rules.length === 0)) return 'NO_RULES';
      return policies.some((p) => p.rules.some((r) => r.peers.matched)) ? 'NO_PORT_MATCH' : 'NO_PEER_MATCH';
    default:
      return assertNever(evaluation.state);
  }
}

/** Hints in first-seen order without repeats (one mistake may show in several rules). */
export function dedupeHints(hints: readonly Hint[]): Hint[] {
  const seen = new Set<string>();
  return hints.filter((h) => {
    const key = JSON.stringify(h);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
