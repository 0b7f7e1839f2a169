import type { CheckResult } from '../engine/check.js';
import type { CompiledCluster } from '../engine/compile.js';
import { checkDecidable } from '../engine/decidable.js';
import type { ConnectionEvaluation } from '../engine/evaluate.js';
import { connsAllow, isEmptyConns } from '../engine/port-set.js';
import { formatTarget } from '../engine/targets.js';
import { dedupeHints, explainDirection } from './direction.js';
import { locate, partyRef, portRanges } from './refs.js';
import type {
  CheckExplanation,
  CheckReason,
  ConnectionExplanation,
  DirectionExplanation,
  Hint,
  PortQuery,
  ProbeGroup,
} from './types.js';

/**
 * Explains an evaluated connection, both directions, down to each rule, peer and port. With a
 * query the reasons are about that port; without one they say which ports each rule opens.
 */
export function explainEvaluation(
  compiled: CompiledCluster,
  evaluation: ConnectionEvaluation,
  query: PortQuery | null = null,
): ConnectionExplanation {
  const { src, dst } = evaluation;
  const self = src.type === 'endpoint' && dst.type === 'endpoint' && src.endpoint === dst.endpoint;
  const egress = explainDirection(compiled, evaluation.egress, dst, query);
  const ingress = explainDirection(compiled, evaluation.ingress, src, query);
  const allowed =
    self ||
    (query === null
      ? !isEmptyConns(evaluation.allowed)
      : connsAllow(evaluation.allowed, query.protocol, query.port));
  return {
    src: partyRef(src),
    dst: partyRef(dst),
    query,
    allowed,
    self,
    allowedConns: portRanges(evaluation.allowed),
    egress,
    ingress,
  };
}

/**
 * Explains a `check`: the Service hop or the reason no policy was consulted (no such service
 * port, no endpoints, an undeclared named port), then every probe, grouped where the
 * explanations read the same, and every hint once.
 */
export function explainCheck(compiled: CompiledCluster, result: CheckResult): CheckExplanation {
  const probes = result.probes.map((p) =>
    explainEvaluation(compiled, p.evaluation, { port: p.port, protocol: result.protocol }),
  );
  const reasons = checkReasons(compiled, result);
  const hints: Hint[] = [];
  if (result.verdict === 'no-such-port' && result.service !== undefined) {
    const same = result.service.service.ports.filter((p) => p.protocol === result.protocol);
    // the port asked for may be the pods' port behind one of the Service's ports
    const target = same.find((p) => p.targetPort === result.port && p.port !== result.port);
    if (same.length > 0)
      hints.push({
        code: 'SERVICE_PORT_CHOICE',
        service: serviceId(result.service.service),
        port: result.port,
        ports: same.map((p) => p.port),
        ...(target === undefined ? {} : { targetOf: target.port }),
      });
  }
  for (const p of probes) hints.push(...p.egress.hints, ...p.ingress.hints);
  return {
    verdict: result.verdict,
    allowed: result.allowed,
    src: formatTarget(result.src),
    dst: formatTarget(result.dst),
    port: result.port,
    protocol: result.protocol,
    reasons,
    decidable: checkDecidable(result),
    probes,
    groups: groupProbes(probes),
    hints: dedupeHints(hints),
  };
}

function serviceId(svc: { namespace: string; name: string }): string {
  return `${svc.namespace}/${svc.name}`;
}

function checkReasons(compiled: CompiledCluster, result: CheckResult): CheckReason[] {
  const hop = result.service;
  const reasons: CheckReason[] = [];
  if (result.verdict === 'no-endpoints' && hop === undefined)
    return [{ code: 'NO_SOURCE_PODS', source: formatTarget(result.src) }];
  if (hop !== undefined) {
    const svc = hop.service;
    const sp = hop.servicePort;
    if (sp === undefined) {
      return [
        {
          code: 'NO_SUCH_SERVICE_PORT',
          service: serviceId(svc),
          port: result.port,
          protocol: result.protocol,
          ports: svc.ports.map((p) => ({ port: p.port, protocol: p.protocol, name: p.name ?? null })),
          at: locate(compiled, svc, ['spec', 'ports']),
        },
      ];
    }
    const portIndex = svc.ports.indexOf(sp);
    reasons.push({
      code: 'SERVICE_HOP',
      service: serviceId(svc),
      address: formatTarget(result.dst),
      port: sp.port,
      protocol: sp.protocol,
      portName: sp.name ?? null,
      targetPort: sp.targetPort,
      endpoints: hop.endpoints.map((e) => ({ pod: e.endpoint.id, targetPort: e.targetPort ?? null })),
      at: locate(compiled, svc, ['spec', 'ports', portIndex]),
    });
    if (result.verdict === 'no-endpoints') {
      if (svc.selector === null || hop.endpoints.length === 0)
        reasons.push({
          code: 'NO_ENDPOINTS',
          service: serviceId(svc),
          selector: svc.selector,
          at: locate(compiled, svc, ['spec', 'selector']),
        });
      else
        reasons.push({
          code: 'TARGET_PORT_NOT_DECLARED',
          service: serviceId(svc),
          targetPort: String(sp.targetPort),
          protocol: sp.protocol,
          pods: hop.endpoints.map((e) => e.endpoint.id),
          at: locate(compiled, svc, ['spec', 'ports', portIndex, 'targetPort']),
        });
    }
  }
  if (result.verdict === 'no-such-named-port') {
    const dst = result.dst;
    const pods =
      dst.type === 'endpoint'
        ? [dst.endpoint.id]
        : dst.type === 'workload'
          ? dst.endpoints.map((e) => e.id)
          : [];
    reasons.push({ code: 'NO_SUCH_NAMED_PORT', name: String(result.port), protocol: result.protocol, pods });
  }
  return reasons;
}

/**
 * Groups probes whose explanations read the same once the parties are left out: same verdict,
 * same policies, same rule outcomes, same reason codes. The pods of one workload usually form
 * one group.
 */
export function groupProbes(probes: readonly ConnectionExplanation[]): ProbeGroup[] {
  const groups = new Map<string, number[]>();
  probes.forEach((p, i) => {
    const key = JSON.stringify([p.allowed, p.self, shape(p.egress), shape(p.ingress)]);
    const list = groups.get(key) ?? [];
    list.push(i);
    groups.set(key, list);
  });
  return [...groups.values()].map((list) => ({ probes: list }));
}

function shape(d: DirectionExplanation): unknown {
  return [
    d.code,
    d.allowed,
    d.policies.map((p) => [
      p.policy.id,
      p.code,
      p.rules.map((r) => [
        r.index,
        r.code,
        r.peers.peers.map((x) => x.reasons.map((c) => c.code)),
        r.ports.ports.map((x) => x.reason.code),
      ]),
    ]),
    d.nearMisses.map((n) => [n.code, n.policy.id]),
    d.hints.map((h) => h.code),
  ];
}
