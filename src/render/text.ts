import type { CheckResult, ProbeResult } from '../engine/check.js';
import type { DirectionEvaluation, Party } from '../engine/evaluate.js';
import { connsAllow, formatConns } from '../engine/port-set.js';
import { formatTarget } from '../engine/targets.js';
import { assertNever } from '../model/assert-never.js';
import type { SourceLocator } from '../model/source.js';
import { formatPath, formatPosition } from '../model/source.js';
import { type Style, sanitize } from './style.js';

function partyName(p: Party): string {
  return sanitize(p.type === 'endpoint' ? p.endpoint.id : p.label);
}

/** The verdict of `check` with the deciding policies and rules per direction. */
export function renderCheckText(
  result: CheckResult,
  locator: SourceLocator,
  style: Style,
  verbose = false,
): string {
  const lines: string[] = [];
  const head = `${formatTarget(result.src)} → ${formatTarget(result.dst)} ${result.port}/${result.protocol}`;
  const mark =
    result.verdict === 'allowed'
      ? style.good('✓ allowed')
      : result.verdict === 'denied'
        ? style.bad('✗ denied')
        : result.verdict === 'partial'
          ? style.warn('◐ partially allowed')
          : style.bad(`✗ ${result.verdict}`);
  lines.push(`${mark}  ${sanitize(head)}`);
  if (result.service !== undefined) {
    const svc = result.service.service;
    const sp = result.service.servicePort;
    if (sp === undefined) {
      lines.push(
        `  service ${svc.namespace}/${svc.name} has no ${result.protocol} port ${result.port}: ${result.reason ?? ''}`,
      );
      lines.push(style.dim('  the connection fails before any NetworkPolicy is consulted'));
      return `${lines.join('\n')}\n`;
    }
    const targets = result.service.endpoints
      .map((e) => `${e.endpoint.id}:${e.targetPort ?? `${sp.targetPort} (not declared)`}`)
      .join(', ');
    lines.push(
      `  ${sp.port}/${sp.protocol} is service ${svc.namespace}/${svc.name} port ${sp.port} → ${targets === '' ? 'no endpoints' : sanitize(targets)}`,
    );
  }
  if (result.probes.length === 0) {
    if (result.reason !== undefined) lines.push(`  ${result.reason}`);
    return `${lines.join('\n')}\n`;
  }
  const shown = verbose ? result.probes : distinctProbes(result.probes);
  for (const probe of shown) {
    if (result.probes.length > 1)
      lines.push(
        `  ${partyName(probe.src)} → ${partyName(probe.dst)}:${probe.port}: ${probe.allowed ? style.good('allowed') : style.bad('denied')}`,
      );
    const indent = result.probes.length > 1 ? '    ' : '  ';
    for (const d of [probe.evaluation.egress, probe.evaluation.ingress]) {
      lines.push(...renderDirection(d, probe, result, locator, style, indent));
    }
  }
  if (!verbose && shown.length < result.probes.length)
    lines.push(
      style.dim(`  (${result.probes.length - shown.length} more probes with the same outcome; -v shows all)`),
    );
  return `${lines.join('\n')}\n`;
}

function distinctProbes(probes: readonly ProbeResult[]): ProbeResult[] {
  const seen = new Set<string>();
  return probes.filter((p) => {
    const key = `${p.allowed}|${p.evaluation.egress.matches.map((m) => m.rule.id).join(',')}|${p.evaluation.ingress.matches.map((m) => m.rule.id).join(',')}|${p.evaluation.egress.state}|${p.evaluation.ingress.state}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function renderDirection(
  d: DirectionEvaluation,
  probe: ProbeResult,
  result: CheckResult,
  locator: SourceLocator,
  style: Style,
  indent: string,
): string[] {
  const subject = partyName(d.subject);
  const allowed = connsAllow(d.allowed, result.protocol, probe.port);
  const verdict = allowed ? style.good('allowed') : style.bad('denied');
  const where = (
    p: { source: Parameters<SourceLocator['locate']>[0] },
    path?: readonly (string | number)[],
  ) => {
    const pos = locator.locate(p.source, path);
    return style.dim(formatPosition(pos, false));
  };
  switch (d.state) {
    case 'external':
      return [
        `${indent}${d.direction} of ${subject}: ${verdict} — outside the cluster, no NetworkPolicy applies`,
      ];
    case 'host-network':
      return [
        `${indent}${d.direction} of ${subject}: ${verdict} — a hostNetwork pod is not selected by NetworkPolicies`,
      ];
    case 'not-isolated':
      return [
        `${indent}${d.direction} of ${subject}: ${verdict} — no NetworkPolicy selects ${subject} for ${d.direction}`,
      ];
    case 'isolated': {
      const lines = [
        `${indent}${d.direction} of ${subject}: ${verdict} — isolated by ${d.policies.map((p) => `${sanitize(`${p.namespace}/${p.name}`)} (${where(p)})`).join(', ')}`,
      ];
      const deciding = d.matches.filter((m) => connsAllow(m.ports, result.protocol, probe.port));
      if (deciding.length > 0) {
        for (const m of deciding) {
          const path = ['spec', m.rule.direction, m.rule.rule.index];
          lines.push(
            `${indent}  allowed by ${sanitize(`${m.rule.policy.namespace}/${m.rule.policy.name}`)} ${formatPath(path)} (${where(m.rule.policy, path)})`,
          );
        }
      } else if (d.matches.length > 0) {
        for (const m of d.matches) {
          const path = ['spec', m.rule.direction, m.rule.rule.index];
          lines.push(
            `${indent}  ${sanitize(`${m.rule.policy.namespace}/${m.rule.policy.name}`)} ${formatPath(path)} matches the peer but allows only ${formatConns(m.ports)} (${where(m.rule.policy, path)})`,
          );
        }
      } else {
        const other = d.direction === 'ingress' ? partyName(probe.src) : partyName(probe.dst);
        lines.push(`${indent}  no ${d.direction} rule of these policies matches ${other}`);
      }
      return lines;
    }
    default:
      return assertNever(d.state);
  }
}
