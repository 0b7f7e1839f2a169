import { resolveTargetPort } from '../../engine/check.js';
import { matchesSelector } from '../../engine/label-selector.js';
import type { Endpoint, PolicyPort, PolicyRule, Service } from '../../model/types.js';
import { listWorkloads } from '../analysis/describe.js';
import { peerEndpoints, type RuleAt, rulesOf, selectedEndpoints } from '../analysis/policies.js';
import type { LintContext, LintRule, RuleFinding } from '../types.js';

/**
 * A rule port that is a Service's `port` whose `targetPort` differs: Services are translated to
 * pod IPs and target ports before policies apply, so the policy must name the target port.
 * Reported when the destination pods do not also listen on the service port and no port of the
 * rule covers the target port.
 */
export const servicePortNotTargetPort: LintRule = {
  id: 'service-port-not-target-port',
  severity: 'warning',
  summary: "a rule names a Service's port instead of its targetPort",
  description:
    "kube-proxy rewrites ClusterIP:port to podIP:targetPort before NetworkPolicies see the packet. A rule allowing the Service's port (80) where the pods receive on the targetPort (8080) allows nothing that reaches them.",
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const policy of ctx.cluster.policies) {
      for (const at of rulesOf(policy)) {
        const ports = (at.rule.ports ?? []).filter(
          (p): p is PolicyPort & { port: number } => typeof p.port === 'number' && p.endPort === undefined,
        );
        if (ports.length === 0) continue;
        const pods = destinations(ctx, at);
        if (pods.length === 0) continue;
        for (const port of ports) {
          const hit = findMismatch(ctx.cluster.services, pods, port, at.rule);
          if (hit === undefined) continue;
          findings.push(
            ctx.finding(
              policy,
              ['spec', at.direction, at.rule.index, 'ports', port.index, 'port'],
              `port ${port.port} is the port of Service ${hit.service.namespace}/${hit.service.name}, but its pods (${listWorkloads(hit.pods)}) receive that traffic on ${hit.target}, which is what policies see`,
              `write port: ${hit.target} (the targetPort)${typeof hit.named === 'string' ? ` or the container port name ${hit.named}` : ''}`,
            ),
          );
        }
      }
    }
    return findings;
  },
};

function destinations(ctx: LintContext, at: RuleAt): Endpoint[] {
  if (at.direction === 'ingress') return selectedEndpoints(ctx, at.policy);
  const out = new Set<Endpoint>();
  for (const peer of at.rule.peers ?? [])
    if (peer.type === 'pods') for (const e of peerEndpoints(ctx, at.policy, peer)) out.add(e);
  return [...out];
}

function findMismatch(
  services: readonly Service[],
  pods: readonly Endpoint[],
  port: PolicyPort & { port: number },
  rule: PolicyRule,
): { service: Service; pods: Endpoint[]; target: number; named: string | number } | undefined {
  // Pods that listen on the port itself make the rule right for direct pod traffic.
  if (pods.some((e) => e.ports.some((p) => p.port === port.port && p.protocol === port.protocol)))
    return undefined;
  for (const service of services) {
    if (service.selector === null) continue;
    const selector = { matchLabels: service.selector, matchExpressions: [] };
    const behind = pods.filter(
      (e) => e.namespace === service.namespace && matchesSelector(selector, e.labels),
    );
    if (behind.length === 0) continue;
    for (const sp of service.ports) {
      if (sp.port !== port.port || sp.protocol !== port.protocol) continue;
      const targets = behind.map((e) => resolveTargetPort(sp, e));
      const target = targets.find((t): t is number => t !== undefined && t !== port.port);
      if (target === undefined || ruleCovers(rule, port.protocol, target, sp.targetPort)) continue;
      return { service, pods: behind, target, named: sp.targetPort };
    }
  }
  return undefined;
}

function ruleCovers(
  rule: PolicyRule,
  protocol: string,
  target: number,
  targetPort: number | string,
): boolean {
  return (rule.ports ?? []).some(
    (p) =>
      p.protocol === protocol &&
      (p.port === null ||
        p.port === targetPort ||
        (typeof p.port === 'number' && p.port <= target && target <= (p.endPort ?? p.port))),
  );
}
