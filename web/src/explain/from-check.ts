import type { CheckResult, ProbeResult } from '../../../src/engine/check.js';
import type { CompiledCluster } from '../../../src/engine/compile.js';
import type { DirectionEvaluation, Party } from '../../../src/engine/evaluate.js';
import { formatSelector, matchesSelector } from '../../../src/engine/label-selector.js';
import { connsAllow, formatConns } from '../../../src/engine/port-set.js';
import { formatTarget } from '../../../src/engine/targets.js';
import { formatPath, type SourceLocator } from '../../../src/model/source.js';
import type { NetworkPolicy, PolicyPeer } from '../../../src/model/types.js';
import { sourceLink } from '../view/links.js';
import type { ExplainLine, ExplanationView } from './types.js';

function partyName(p: Party): string {
  return p.type === 'endpoint' ? p.endpoint.id : p.label;
}

function policyName(p: NetworkPolicy): string {
  return `${p.namespace}/${p.name}`;
}

function labelsText(labels: Readonly<Record<string, string>>): string {
  const entries = Object.entries(labels);
  return entries.length === 0 ? '{}' : `{${entries.map(([k, v]) => `${k}: ${v}`).join(', ')}}`;
}

/** Why one peer of a rule does not match the other side of the connection. */
function peerMismatch(
  peer: PolicyPeer,
  policy: NetworkPolicy,
  other: Party,
  compiled: CompiledCluster,
): string {
  if (peer.type === 'ipBlock') {
    return `ipBlock ${peer.cidr}${peer.except.length > 0 ? ` except ${peer.except.join(', ')}` : ''} does not hold ${partyName(other)}`;
  }
  if (other.type === 'external')
    return `a pod selector never matches ${other.label}, an address outside the cluster`;
  const e = other.endpoint;
  if (e.hostNetwork) return `${e.id} is a hostNetwork pod: selectors never match it`;
  if (peer.namespaceSelector === null) {
    if (e.namespace !== policy.namespace) {
      return `a podSelector without namespaceSelector only selects pods in ${policy.namespace}; ${e.id} is in ${e.namespace}`;
    }
  } else {
    const labels = compiled.namespaceLabels(e.namespace);
    if (!matchesSelector(peer.namespaceSelector, labels)) {
      return `namespaceSelector ${formatSelector(peer.namespaceSelector)} does not match namespace ${e.namespace}, whose labels are ${labelsText(labels)}`;
    }
  }
  if (peer.podSelector !== null && !matchesSelector(peer.podSelector, e.labels)) {
    return `podSelector ${formatSelector(peer.podSelector)} does not match ${e.id}, whose labels are ${labelsText(e.labels)}`;
  }
  return `does not match ${partyName(other)}`;
}

function directionLines(
  d: DirectionEvaluation,
  probe: ProbeResult,
  result: CheckResult,
  compiled: CompiledCluster,
): ExplainLine[] {
  const locator = compiled.cluster.locator;
  const subject = partyName(d.subject);
  const other = d.direction === 'ingress' ? probe.src : probe.dst;
  const allowed = connsAllow(d.allowed, result.protocol, probe.port);
  const tone = allowed ? ('allowed' as const) : ('denied' as const);
  const head = `${d.direction === 'egress' ? 'Egress' : 'Ingress'} of ${subject}: ${allowed ? 'allowed' : 'denied'}`;
  switch (d.state) {
    case 'external':
      return [{ text: `${head} — outside the cluster, no NetworkPolicy applies`, tone, depth: 0 }];
    case 'host-network':
      return [{ text: `${head} — a hostNetwork pod is never selected by NetworkPolicies`, tone, depth: 0 }];
    case 'not-isolated':
      return [
        {
          text: `${head} — no NetworkPolicy selects ${subject} for ${d.direction}, so all ${d.direction} is allowed`,
          tone,
          depth: 0,
        },
      ];
    case 'isolated':
      break;
  }
  const lines: ExplainLine[] = [
    {
      text: `${head} — isolated by ${d.policies.length} polic${d.policies.length === 1 ? 'y' : 'ies'}`,
      tone,
      depth: 0,
    },
  ];
  for (const policy of d.policies) {
    const rules = d.direction === 'ingress' ? policy.ingress : policy.egress;
    const key = d.direction === 'ingress' ? 'ingress' : 'egress';
    lines.push({
      text: `${policyName(policy)} selects ${subject} (podSelector ${formatSelector(policy.podSelector)})${rules.length === 0 ? ` and has no ${key} rules: it only isolates` : ''}`,
      tone: 'neutral',
      depth: 1,
      source: sourceLink(locator, policy.source),
    });
    for (const rule of rules) {
      const path = ['spec', key, rule.index];
      const match = d.matches.find((m) => m.rule.policy === policy && m.rule.rule === rule);
      const at = sourceLink(locator, policy.source, path);
      if (match === undefined) {
        const peers = rule.peers ?? [];
        const why = peers.map((p) => peerMismatch(p, policy, other, compiled));
        lines.push({
          text: `${formatPath(path)} does not match ${partyName(other)}`,
          tone: 'denied',
          depth: 2,
          source: at,
        });
        peers.forEach((p, i) => {
          const peerPath = [...path, key === 'ingress' ? 'from' : 'to', p.index];
          lines.push({
            text: `${formatPath(peerPath.slice(3))}: ${why[i]}`,
            tone: 'neutral',
            depth: 3,
            source: sourceLink(locator, policy.source, peerPath),
          });
        });
      } else if (connsAllow(match.ports, result.protocol, probe.port)) {
        lines.push({
          text: `${formatPath(path)} allows ${partyName(other)} on ${probe.port}/${result.protocol}${rule.ports === null ? ' (the rule has no ports: every port)' : ''}`,
          tone: 'allowed',
          depth: 2,
          source: at,
        });
      } else {
        lines.push({
          text: `${formatPath(path)} matches ${partyName(other)} but opens only ${formatConns(match.ports)}, not ${probe.port}/${result.protocol}`,
          tone: 'denied',
          depth: 2,
          source: rule.ports === null ? at : sourceLink(locator, policy.source, [...path, 'ports']),
        });
      }
    }
  }
  return lines;
}

function addressOf(result: CheckResult): string | undefined {
  const dst = result.dst;
  if (dst.type === 'service') return dst.ip ?? dst.service.clusterIPs[0];
  if (dst.type === 'external') return dst.text;
  if (dst.type === 'endpoint') return dst.endpoint.ips[0];
  return dst.endpoints[0]?.ips[0];
}

/**
 * The explanation of a check, from the engine's own provenance: the Service hop, then each
 * direction with the policies that isolate it and, per rule, whether it matched the peer and
 * the port — each line linked to the YAML that decided it.
 */
export function explainFromCheck(result: CheckResult, compiled: CompiledCluster): ExplanationView {
  const locator: SourceLocator = compiled.cluster.locator;
  const lines: ExplainLine[] = [];
  const src = formatTarget(result.src);
  const dst = formatTarget(result.dst);
  const address = addressOf(result);
  const base = {
    src,
    dst,
    port: result.port,
    protocol: result.protocol,
    verdict: result.verdict,
    allowed: result.allowed,
    ...(address === undefined ? {} : { address }),
  };
  const hop = result.service;
  if (hop !== undefined) {
    const svc = hop.service;
    const svcLink = sourceLink(locator, svc.source);
    if (hop.servicePort === undefined) {
      const exposed = svc.ports.map((p) => `${p.port}/${p.protocol}`).join(', ') || 'no ports';
      lines.push({
        text: `${address ?? dst} is Service ${svc.namespace}/${svc.name}, which exposes ${exposed} — not ${result.port}/${result.protocol}`,
        tone: 'denied',
        depth: 0,
        source: sourceLink(locator, svc.source, ['spec', 'ports']),
      });
      lines.push({
        text: 'kube-proxy has nothing to forward the connection to, so it fails before any NetworkPolicy is consulted',
        tone: 'neutral',
        depth: 1,
      });
      if (svc.ports.length > 0) {
        lines.push({
          text: `connect to port ${svc.ports[0]!.port} instead (curl ${address ?? dst}:${svc.ports[0]!.port})`,
          tone: 'warning',
          depth: 1,
        });
      }
      return {
        ...base,
        headline: `No such port: Service ${svc.namespace}/${svc.name} does not expose ${result.port}/${result.protocol}`,
        lines,
      };
    }
    const sp = hop.servicePort;
    const targets = hop.endpoints.map(
      (e) => `${e.endpoint.id}:${e.targetPort ?? `${sp.targetPort} (not declared)`}`,
    );
    lines.push({
      text: `${address ?? dst}:${sp.port} is Service ${svc.namespace}/${svc.name} port ${sp.port} → ${targets.join(', ') || 'no endpoints'}`,
      tone: 'neutral',
      depth: 0,
      source: svcLink,
    });
  }
  if (result.probes.length === 0) {
    lines.push({ text: result.reason ?? result.verdict, tone: 'denied', depth: 0 });
    return { ...base, headline: `${result.verdict}: ${result.reason ?? ''}`, lines };
  }
  const seen = new Set<string>();
  for (const probe of result.probes) {
    const key = `${probe.allowed}|${probe.evaluation.egress.matches.map((m) => m.rule.id).join(',')}|${probe.evaluation.ingress.matches.map((m) => m.rule.id).join(',')}|${probe.evaluation.egress.state}|${probe.evaluation.ingress.state}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (result.probes.length > 1) {
      lines.push({
        text: `${partyName(probe.src)} → ${partyName(probe.dst)}:${probe.port}: ${probe.allowed ? 'allowed' : 'denied'}`,
        tone: probe.allowed ? 'allowed' : 'denied',
        depth: 0,
      });
    }
    lines.push(...directionLines(probe.evaluation.egress, probe, result, compiled));
    lines.push(...directionLines(probe.evaluation.ingress, probe, result, compiled));
  }
  const first = result.probes[0]!;
  const deciding = result.allowed
    ? 'both the egress of the source and the ingress of the destination allow it'
    : !connsAllow(first.evaluation.egress.allowed, result.protocol, first.port)
      ? `the egress of ${partyName(first.src)} does not allow it`
      : `the ingress of ${partyName(first.dst)} does not allow it`;
  const verdictWord =
    result.verdict === 'partial' ? 'Partially allowed' : result.allowed ? 'Allowed' : 'Denied';
  return {
    ...base,
    headline: `${verdictWord}: ${deciding}`,
    lines,
    connectPort: first.port,
  };
}
