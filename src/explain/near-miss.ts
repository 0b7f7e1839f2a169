import type { CompiledCluster } from '../engine/compile.js';
import type { DirectionEvaluation, Party } from '../engine/evaluate.js';
import { subjectSelects } from '../engine/match.js';
import { rulesOf } from '../engine/rules.js';
import type { NetworkPolicy } from '../model/types.js';
import { compiledPolicyOf, locate, policyRef } from './refs.js';
import { explainRule } from './rule.js';
import { selectorFailures } from './selector.js';
import type { NearMiss, PortQuery } from './types.js';

/**
 * Policies that do not decide a direction but look meant to:
 * - rules for the direction that policyTypes leaves out (always reported: they are silently ignored);
 * - when the direction denies, a policy of the subject's namespace whose rules would allow but
 *   whose podSelector does not select the subject, and a policy in the peer's namespace that would
 *   select the subject and allow (policies apply only to pods of their own namespace).
 */
export function nearMisses(
  compiled: CompiledCluster,
  evaluation: DirectionEvaluation,
  peer: Party,
  query: PortQuery | null,
  allowed: boolean,
): NearMiss[] {
  if (evaluation.subject.type !== 'endpoint') return [];
  const subject = evaluation.subject.endpoint;
  const { direction } = evaluation;
  const type = direction === 'ingress' ? 'Ingress' : 'Egress';
  const destination = direction === 'ingress' ? evaluation.subject : peer;
  const out: NearMiss[] = [];
  for (const cp of compiled.policies) {
    const policy = cp.policy;
    const written = policy[direction];
    // the policy's selector as if it were in the subject's namespace
    const selects = subjectSelects(
      { ...cp.subject, namespace: subject.namespace },
      subject,
      compiled.namespaceLabels,
    );
    const sameNamespace = policy.namespace === subject.namespace;
    if (sameNamespace && selects && !policy.policyTypes.includes(type) && written.length > 0) {
      out.push({
        code: 'POLICY_TYPES_EXCLUDE',
        policy: policyRef(compiled, policy),
        direction,
        policyTypes: policy.policyTypes,
        ruleCount: written.length,
        at: locate(compiled, policy, ['spec', 'policyTypes']),
      });
    }
    if (allowed || evaluation.state !== 'isolated' || !policy.policyTypes.includes(type)) continue;
    if (sameNamespace && selects) continue;
    // The classic misplacement: a policy written in the peer's namespace instead of the subject's.
    const inPeerNamespace = peer.type === 'endpoint' && policy.namespace === peer.endpoint.namespace;
    if (!sameNamespace && !(selects && inPeerNamespace)) continue;
    const rules = wouldAllow(compiled, policy, direction, peer, destination, query);
    if (rules.length === 0) continue;
    if (sameNamespace) {
      out.push({
        code: 'POLICY_DOES_NOT_SELECT',
        policy: policyRef(compiled, policy),
        selector: policy.podSelector,
        pod: subject.id,
        labels: subject.labels,
        failures: selectorFailures(
          compiled,
          policy,
          policy.podSelector,
          ['spec', 'podSelector'],
          subject.labels,
        ),
        rules,
        at: locate(compiled, policy, ['spec', 'podSelector']),
      });
    } else {
      out.push({
        code: 'POLICY_IN_OTHER_NAMESPACE',
        policy: policyRef(compiled, policy),
        namespace: subject.namespace,
        rules,
        at: locate(compiled, policy, ['metadata', 'namespace']),
      });
    }
  }
  return out;
}

/**
 * Indices of the rules of `policy` for `direction` that name the peer (they have `from`/`to`)
 * and would allow the connection. A rule open to every peer says nothing about intent.
 */
function wouldAllow(
  compiled: CompiledCluster,
  policy: NetworkPolicy,
  direction: 'ingress' | 'egress',
  peer: Party,
  destination: Party,
  query: PortQuery | null,
): number[] {
  const cp = compiledPolicyOf(compiled, policy);
  return rulesOf(cp, direction)
    .filter(
      (rule) =>
        rule.peers !== null && explainRule(compiled, rule, peer, destination, query).explanation.allows,
    )
    .map((rule) => rule.rule.index);
}
