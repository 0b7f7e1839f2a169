import type { CheckResult, ProbeResult } from '../engine/check.js';
import type { DirectionEvaluation, Party } from '../engine/evaluate.js';
import { connsAllow, connsToJson } from '../engine/port-set.js';
import { formatTarget } from '../engine/targets.js';
import type { CheckExplanation, DirectionExplanation } from '../explain/types.js';
import type { Exclusions } from '../model/exclusions.js';
import type { SourceLocator, SourceRef } from '../model/source.js';
import { formatPath } from '../model/source.js';
import { exclusionsToJson } from './exclusions.js';
import { reasonText } from './explain-words.js';
import { API_VERSION } from './json.js';

function sourceJson(locator: SourceLocator, ref: SourceRef, path?: readonly (string | number)[]) {
  const pos = locator.locate(ref, path);
  return { file: pos.file, line: pos.line, column: pos.column };
}

function partyName(p: Party): string {
  return p.type === 'endpoint' ? p.endpoint.id : p.label;
}

/** One direction of a probe with the deciding policies and rules (the contract's summary). */
export function directionToJson(d: DirectionEvaluation, locator: SourceLocator) {
  return {
    subject: partyName(d.subject),
    state: d.state,
    policies: d.policies.map((p) => ({
      ...(p.kind === 'NetworkPolicy' ? { namespace: p.namespace } : { kind: p.kind }),
      name: p.name,
      source: sourceJson(locator, p.source),
    })),
    rules: d.matches.map((m) => {
      const path = ['spec', m.rule.direction, m.rule.rule.index];
      return {
        policy: m.rule.policy.id,
        rule: formatPath(path),
        tier: m.rule.tier,
        action: m.rule.action,
        peer: m.peerIndex,
        conns: connsToJson(m.ports),
        source: sourceJson(locator, m.rule.policy.source, path),
      };
    }),
    // the walk through the tiers: what decided each port range, in evaluation order
    tiers: d.decisions.map((dec) => {
      const rule = dec.hit?.rule;
      const path = rule === undefined ? undefined : ['spec', rule.direction, rule.rule.index];
      return {
        tier: dec.tier,
        action: dec.action,
        cause: dec.cause,
        conns: connsToJson(dec.conns),
        ...(rule === undefined || path === undefined
          ? {}
          : {
              policy: rule.policy.id,
              ...(rule.policy.kind === 'NetworkPolicy' ? {} : { priority: rule.priority }),
              rule: formatPath(path),
              source: sourceJson(locator, rule.policy.source, path),
            }),
      };
    }),
    ...(d.ties.length === 0
      ? {}
      : {
          ties: d.ties.map((t) => ({
            tier: t.tier,
            priority: t.priority,
            applied: t.applied.rule.policy.id,
            others: [...new Set(t.others.map((o) => o.rule.policy.id))],
            conns: connsToJson(t.conns),
          })),
        }),
    allowedConns: connsToJson(d.allowed),
  };
}

/** The explanation of one direction without the parts the summary already holds. */
function directionDetail(d: DirectionExplanation) {
  return {
    code: d.code,
    decidedBy: d.decidedBy,
    explanation: {
      policies: d.policies,
      tieredPolicies: d.tieredPolicies,
      steps: d.tiers,
      nearMisses: d.nearMisses,
      hints: d.hints,
    },
  };
}

/**
 * The `check -o json` document: the contract's fields (`allowed`, `verdict`, `src`, `dst`,
 * `port`, `protocol`, `ingress`, `egress` with the deciding policies and rules) for the first
 * probe, each direction extended with its reason `code` and full `explanation`; then
 * `explanation` for the whole check: the reasons before policies, the hints, and one full
 * explanation per group of probes that read alike.
 */
export function checkToJson(
  result: CheckResult,
  explanation: CheckExplanation,
  locator: SourceLocator,
  excluded?: Exclusions,
): Record<string, unknown> {
  const first = result.probes[0];
  const firstExplained = explanation.probes[0];
  const directionAllowed = (d: DirectionEvaluation, probe: ProbeResult) =>
    connsAllow(d.allowed, result.protocol, probe.port);
  const groupOf = new Map<number, number>();
  explanation.groups.forEach((g, gi) => {
    for (const i of g.probes) groupOf.set(i, gi);
  });
  return {
    apiVersion: API_VERSION,
    kind: 'ConnectionCheck',
    allowed: result.allowed,
    verdict: result.verdict,
    src: formatTarget(result.src),
    dst: formatTarget(result.dst),
    port: result.port,
    protocol: result.protocol,
    // false when a rule decided at run time (FQDN peers, or an L7 rule that judges each request)
    // could change the verdict: `allowed` is then the static (L4) answer only
    decidable: explanation.decidable,
    ...(reasonText(explanation) === undefined ? {} : { reason: reasonText(explanation) }),
    ...(result.service === undefined ? {} : { service: serviceJson(result) }),
    egress:
      first === undefined || firstExplained === undefined
        ? null
        : {
            allowed: directionAllowed(first.evaluation.egress, first),
            ...directionToJson(first.evaluation.egress, locator),
            ...directionDetail(firstExplained.egress),
          },
    ingress:
      first === undefined || firstExplained === undefined
        ? null
        : {
            allowed: directionAllowed(first.evaluation.ingress, first),
            ...directionToJson(first.evaluation.ingress, locator),
            ...directionDetail(firstExplained.ingress),
          },
    probes: result.probes.map((p, i) => ({
      src: partyName(p.src),
      dst: partyName(p.dst),
      port: p.port,
      allowed: p.allowed,
      egress: connsAllow(p.evaluation.egress.allowed, result.protocol, p.port),
      ingress: connsAllow(p.evaluation.ingress.allowed, result.protocol, p.port),
      egressCode: explanation.probes[i]?.egress.code ?? null,
      ingressCode: explanation.probes[i]?.ingress.code ?? null,
      group: groupOf.get(i) ?? null,
    })),
    explanation: {
      reasons: explanation.reasons,
      hints: explanation.hints,
      groups: explanation.groups.map((g) => ({
        probes: g.probes,
        connection: explanation.probes[g.probes[0]!],
      })),
    },
    // present only when a Cilium rule holding a field kubereach does not evaluate selects a side
    ...warningsJson(explanation),
    // present only when the verdict was computed without something the input held
    ...(excluded !== undefined &&
    (excluded.objects.length > 0 || excluded.unevaluated.length > 0 || excluded.unreadable > 0)
      ? { excluded: exclusionsToJson(excluded) }
      : {}),
  };
}

/**
 * `warnings`: the fields of Cilium rules selecting either side that kubereach does not evaluate
 * (each with the direction, policy, field path and what kubereach assumed), once each.
 */
function warningsJson(explanation: CheckExplanation): { warnings?: Record<string, unknown>[] } {
  const seen = new Set<string>();
  const warnings: Record<string, unknown>[] = [];
  for (const probe of explanation.probes) {
    for (const d of [probe.egress, probe.ingress]) {
      for (const u of d.unmodelled ?? []) {
        const key = `${d.direction}\u0000${u.policy.id}\u0000${u.path}`;
        if (seen.has(key)) continue;
        seen.add(key);
        warnings.push({
          code: 'NOT_MODELLED',
          severity: u.severity,
          direction: d.direction,
          policy: u.policy.id,
          path: u.path,
          message: u.assumed,
          ...(u.source === undefined ? {} : { source: u.source }),
        });
      }
    }
  }
  return warnings.length === 0 ? {} : { warnings };
}

function serviceJson(result: CheckResult) {
  const hop = result.service!;
  const sp = hop.servicePort;
  return {
    namespace: hop.service.namespace,
    name: hop.service.name,
    ...(sp === undefined
      ? {}
      : {
          port: sp.port,
          targetPort: sp.targetPort,
          ...(sp.name === undefined ? {} : { portName: sp.name }),
        }),
    ports: hop.service.ports.map((p) => ({
      port: p.port,
      protocol: p.protocol,
      targetPort: p.targetPort,
      ...(p.name === undefined ? {} : { name: p.name }),
    })),
    endpoints: hop.endpoints.map((e) => ({
      id: e.endpoint.id,
      ...(e.targetPort === undefined ? {} : { targetPort: e.targetPort }),
    })),
  };
}
