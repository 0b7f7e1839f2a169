import { ciliumRelation, isApiServer, nodeOfParty } from '../engine/cilium-match.js';
import type { CompiledCluster } from '../engine/compile.js';
import type { DirectionEvaluation, Party } from '../engine/evaluate.js';
import { applicableRules } from '../engine/isolation.js';
import { type ConnSet, connsAllow, countIntervals, isEmptyConns } from '../engine/port-set.js';
import type { Decision } from '../engine/resolve.js';
import { type CompiledPolicy, rulesOf } from '../engine/rules.js';
import { assertNever } from '../model/assert-never.js';
import { nearMisses } from './near-miss.js';
import { compiledPolicyOf, locate, partyRef, policyRef, portRanges, ruleItemPath } from './refs.js';
import { explainRule, type RuleResult } from './rule.js';
import type {
  CiliumIdentityRef,
  DirectionCode,
  DirectionExplanation,
  FqdnRule,
  Hint,
  PolicyExplanation,
  PortQuery,
  RuleExplanation,
  SelectorNamespaceNote,
  TierStep,
  UnmodelledField,
} from './types.js';
import { unmodelledFor } from './unmodelled.js';

const EMPTY_SELECTOR = { matchLabels: {}, matchExpressions: [] };

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
  const self = evaluation.subject.type === 'endpoint' ? evaluation.subject.endpoint : null;
  const results: RuleResult[] = [];
  const policies: PolicyExplanation[] = evaluation.policies.map((policy) => {
    const cp = compiledPolicyOf(compiled, policy);
    const rules: RuleExplanation[] = [];
    for (const rule of rulesOf(cp, direction)) {
      const r = explainRule(compiled, rule, peer, destination, query, self);
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
      podSelector: cp.subject.podSelector ?? EMPTY_SELECTOR,
      at: locate(compiled, policy, ['spec', 'podSelector']),
      rules,
    };
  });
  const tieredPolicies = tieredPoliciesOf(compiled, evaluation).map((cp) => {
    const rules = rulesOf(cp, direction).map(
      (rule) => explainRule(compiled, rule, peer, destination, query, self).explanation,
    );
    return {
      policy: policyRef(compiled, cp.policy),
      code: rules.some((r) => r.allows)
        ? ('POLICY_RULE_MATCHES' as const)
        : ('POLICY_NO_RULE_MATCHES' as const),
      podSelector: cp.subject.podSelector ?? EMPTY_SELECTOR,
      at: locate(compiled, cp.policy, ['spec', 'subject']),
      rules,
    };
  });
  const deciding = decidingStep(evaluation.decisions, query);
  const code =
    deciding !== undefined && deciding.cause === 'rule' && deciding.tier !== 'default'
      ? tierCode(deciding)
      : directionCode(evaluation, allowed, policies);
  return {
    direction,
    subject: partyRef(evaluation.subject),
    peer: partyRef(peer),
    state: evaluation.state,
    code,
    allowed,
    allowedConns: portRanges(evaluation.allowed),
    policies,
    tieredPolicies,
    tiers: evaluation.decisions.map((d) => tierStep(compiled, d, query)),
    decidedBy: deciding?.tier ?? 'default',
    ties: evaluation.ties.map((t) => ({
      tier: t.tier === 'baseline' ? 'baseline' : 'admin',
      priority: t.priority,
      conns: portRanges(t.conns),
      applied: policyRef(compiled, t.applied.rule.policy),
      others: [...new Set(t.others.map((o) => o.rule.policy))].map((p) => policyRef(compiled, p)),
    })),
    undecidable: holds(evaluation.undecidable, query) || l7Of(evaluation, query).length > 0,
    l7: l7Of(evaluation, query),
    ...fqdnOf(compiled, evaluation, query),
    ...unmodelledOf(compiled, evaluation),
    ...ciliumOf(compiled, evaluation, peer),
    nearMisses: nearMisses(compiled, evaluation, peer, query, allowed),
    hints: dedupeHints(relevantHints(results, allowed, code)),
  };
}

/** Admin and baseline policies whose subject selects the subject endpoint, in evaluation order. */
function tieredPoliciesOf(compiled: CompiledCluster, evaluation: DirectionEvaluation): CompiledPolicy[] {
  if (evaluation.subject.type !== 'endpoint' || compiled.adminPolicies.length === 0) return [];
  const applicable = applicableRules(compiled, evaluation.subject.endpoint, evaluation.direction);
  const out: CompiledPolicy[] = [];
  for (const rule of [...applicable.admin, ...applicable.baseline]) {
    const cp = compiledPolicyOf(compiled, rule.policy);
    if (!out.includes(cp)) out.push(cp);
  }
  return out;
}

/**
 * Under the Cilium profile: what each side is to Cilium, seen from the subject pod (or, for an
 * address subject, from the pod on the other side), and the CNP endpointSelectors naming a
 * namespace that concern the subject's namespace.
 */
function ciliumOf(
  compiled: CompiledCluster,
  evaluation: DirectionEvaluation,
  peer: Party,
): Pick<DirectionExplanation, 'cilium'> {
  const nodes = compiled.match.cilium;
  if (nodes === null) return {};
  const subject = evaluation.subject;
  const pod =
    subject.type === 'endpoint' ? subject.endpoint : peer.type === 'endpoint' ? peer.endpoint : null;
  const identity = (party: Party): CiliumIdentityRef => {
    const node = nodeOfParty(nodes, party);
    return {
      relation: ciliumRelation(nodes, party === subject && party.type === 'endpoint' ? null : pod, party),
      ...(node === undefined || node === '' ? {} : { node }),
      apiServer: isApiServer(nodes, party),
    };
  };
  return {
    cilium: {
      subject: identity(subject),
      peer: identity(peer),
      selectorNamespaces:
        subject.type === 'endpoint' ? selectorNamespaceNotes(compiled, subject.endpoint.namespace) : [],
    },
  };
}

/**
 * CiliumNetworkPolicies whose endpointSelector names a namespace (`k8s:io.kubernetes.pod.namespace`)
 * other than their own, where the subject's namespace is the one written or the policy's own:
 * Cilium replaces the label by the policy namespace (ParseToCiliumRule), so what was written
 * there does not select.
 */
function selectorNamespaceNotes(compiled: CompiledCluster, namespace: string): SelectorNamespaceNote[] {
  const out: SelectorNamespaceNote[] = [];
  for (const policy of compiled.cluster.ciliumPolicies) {
    if (policy.namespace === null) continue;
    for (const spec of policy.specs) {
      const selector = spec.endpointSelector;
      if (selector === null) continue;
      for (const [key, value] of Object.entries(selector.matchLabels)) {
        if (key !== 'k8s:io.kubernetes.pod.namespace' && key !== 'io.kubernetes.pod.namespace') continue;
        if (value === policy.namespace || (value !== namespace && policy.namespace !== namespace)) continue;
        out.push({
          policy: policyRef(compiled, policy),
          at: locate(compiled, policy, [...spec.path, 'endpointSelector', 'matchLabels', key]),
          written: value,
          namespace: policy.namespace,
        });
      }
    }
  }
  return out;
}

/** Unmodelled fields of the Cilium rules selecting the subject (`unmodelled`, absent when none). */
function unmodelledOf(
  compiled: CompiledCluster,
  evaluation: DirectionEvaluation,
): { unmodelled?: UnmodelledField[] } {
  if (evaluation.subject.type !== 'endpoint' || compiled.ciliumPolicies.length === 0) return {};
  const unmodelled = unmodelledFor(compiled, evaluation.subject.endpoint, evaluation.direction);
  return unmodelled.length === 0 ? {} : { unmodelled };
}

/** The FQDN rules that could change the probed port's verdict (`fqdn`, absent when none). */
function fqdnOf(
  compiled: CompiledCluster,
  evaluation: DirectionEvaluation,
  query: PortQuery | null,
): { fqdn?: FqdnRule[] } {
  const fqdn: FqdnRule[] = [];
  for (const u of evaluation.undecidableBy) {
    if (!holds(u.conns, query)) continue;
    const names = (u.rule.peers ?? []).flatMap((p) => (p.type === 'domains' ? p.names : []));
    fqdn.push({
      policy: policyRef(compiled, u.rule.policy),
      at: locate(compiled, u.rule.policy, ruleItemPath(u.rule)),
      names,
    });
  }
  return fqdn.length === 0 ? {} : { fqdn };
}

/** The L7 rules among the allowing decisions that hold the probed port. */
function l7Of(
  evaluation: DirectionEvaluation,
  query: PortQuery | null,
): { type: string; matches: readonly string[] }[] {
  const out: { type: string; matches: readonly string[] }[] = [];
  for (const d of evaluation.decisions) {
    const l7 = d.hit?.rule.l7;
    if (d.action !== 'allow' || l7 === undefined || !holds(d.conns, query)) continue;
    out.push({ type: l7.type, matches: l7.matches });
  }
  return out;
}

/** Whether a port set holds the probed port (without one: whether it holds any). */
function holds(conns: ConnSet, query: PortQuery | null): boolean {
  return query === null ? !isEmptyConns(conns) : connsAllow(conns, query.protocol, query.port);
}

/**
 * The decision that stands for the probed port: the final (non-pass) decision holding it. Without
 * a probed port, the final decision covering the most ports.
 */
function decidingStep(decisions: readonly Decision[], query: PortQuery | null): Decision | undefined {
  const finals = decisions.filter((d) => d.action !== 'pass');
  if (query !== null) return finals.find((d) => connsAllow(d.conns, query.protocol, query.port));
  let best: Decision | undefined;
  let size = -1;
  for (const d of finals) {
    const n = countIntervals(d.conns.TCP) + countIntervals(d.conns.UDP) + countIntervals(d.conns.SCTP);
    if (n > size) {
      best = d;
      size = n;
    }
  }
  return best;
}

function tierCode(d: Decision): DirectionCode {
  const allow = d.action === 'allow';
  switch (d.tier) {
    case 'admin':
      return allow ? 'ADMIN_ALLOWS' : 'ADMIN_DENIES';
    case 'baseline':
      return allow ? 'BASELINE_ALLOWS' : 'BASELINE_DENIES';
    case 'namespace':
      return allow ? 'RULE_ALLOWS' : 'NAMESPACE_DENIES';
    case 'default':
      return 'NOT_ISOLATED';
    default:
      return assertNever(d.tier);
  }
}

function tierStep(compiled: CompiledCluster, d: Decision, query: PortQuery | null): TierStep {
  const rule = d.hit?.rule;
  return {
    tier: d.tier,
    action: d.action,
    cause: d.cause,
    conns: portRanges(d.conns),
    holdsQuery: query === null ? null : connsAllow(d.conns, query.protocol, query.port),
    policy: rule === undefined ? null : policyRef(compiled, rule.policy),
    rule:
      rule === undefined
        ? null
        : {
            index: rule.rule.index,
            name: 'name' in rule.rule && rule.rule.name !== undefined ? rule.rule.name : null,
            at: locate(compiled, rule.policy, ruleItemPath(rule)),
          },
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
    case 'own-node':
      return 'OWN_NODE';
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
