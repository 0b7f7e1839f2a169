import type {
  CheckExplanation,
  CheckReason,
  ConnectionExplanation,
  DirectionExplanation,
  PartyRef,
  PolicyExplanation,
  RuleExplanation,
} from '../explain/types.js';
import { assertNever } from '../model/assert-never.js';
import type { Exclusions } from '../model/exclusions.js';
import { exclusionNotes } from './exclusions.js';
import {
  ciliumDenyPhrase,
  directionNotes,
  directionSummary,
  directionWarnings,
  formatPortRanges,
  hintPhrase,
  nearMissPhrase,
  peerLocation,
  peerPhrase,
  portPhrase,
  ruleAtText,
  ruleSteps,
  tierStepPhrase,
  where,
} from './explain-words.js';
import { type Style, sanitize } from './style.js';

/**
 * The verdict of `check` explained: the Service hop, then per direction whether the pod is
 * isolated and by which policies, each rule of those policies and which peer or port made it
 * fail (with `file:line`), policies that look meant but do not apply, and hints for classic
 * mistakes. `verbose` shows every probe and every rule, also where a direction allows.
 */
export function renderCheckText(
  explanation: CheckExplanation,
  style: Style,
  verbose = false,
  excluded?: Exclusions,
): string {
  const lines: string[] = [];
  const head = `${explanation.src} → ${explanation.dst} ${explanation.port}/${explanation.protocol}`;
  const runTime = !explanation.decidable;
  // an L7 rule or an FQDN rule decides at run time: the verdict is the static (L3/L4) answer
  const tail = runTime ? style.warn('  (at L3/L4; decided at run time, see the notes)') : '';
  lines.push(`${verdictMark(explanation, style)}  ${sanitize(head)}${tail}`);
  for (const r of explanation.reasons) lines.push(...reasonLines(r, style));
  const multi = explanation.probes.length > 1;
  const shown = verbose
    ? explanation.probes.map((_, i) => ({ probes: [i] }))
    : explanation.groups.map((g) => ({ probes: g.probes }));
  for (const group of shown) {
    const probe = explanation.probes[group.probes[0]!]!;
    const indent = multi ? '    ' : '  ';
    if (multi) {
      const more = group.probes.length - 1;
      lines.push(
        `  ${probeHead(probe)}: ${probe.allowed ? style.good('allowed') : style.bad('denied')}` +
          (more > 0 ? style.dim(` (and ${more} more probe${more === 1 ? '' : 's'} alike)`) : ''),
      );
    }
    lines.push(...probeLines(probe, style, indent, verbose));
  }
  for (const h of explanation.hints) lines.push(`  ${style.warn('hint:')} ${hintPhrase(h)}`);
  // what the verdict was computed without (objects the API server would reject)
  if (excluded !== undefined)
    for (const n of exclusionNotes(excluded)) lines.push(`  ${style.warn('note:')} ${n}`);
  return `${lines.join('\n')}\n`;
}

function verdictMark(e: CheckExplanation, style: Style): string {
  switch (e.verdict) {
    case 'allowed':
      return style.good('✓ allowed');
    case 'denied':
      return style.bad('✗ denied');
    case 'partial':
      return style.warn('◐ partially allowed');
    case 'no-such-port':
    case 'no-endpoints':
    case 'no-such-named-port':
      return style.bad(`✗ ${e.verdict}`);
    default:
      return assertNever(e.verdict);
  }
}

function reasonLines(r: CheckReason, style: Style): string[] {
  const policiesNotConsulted = style.dim('  the connection fails before any NetworkPolicy is consulted');
  switch (r.code) {
    case 'SERVICE_HOP': {
      const targets = r.endpoints
        .map(
          (e) =>
            `pod ${sanitize(e.pod)}:${e.targetPort ?? `${sanitize(String(r.targetPort))} (not declared)`}`,
        )
        .join(', ');
      return [
        `  ${sanitize(r.address)}:${r.port} is service ${sanitize(r.service)} port ${r.port}${r.portName === null ? '' : ` (${sanitize(r.portName)})`} → ${targets === '' ? 'no endpoints' : targets}  ${style.dim(where(r.at))}`,
      ];
    }
    case 'NO_SUCH_SERVICE_PORT': {
      const ports =
        r.ports.length === 0
          ? 'it exposes no ports'
          : `it exposes ${r.ports.map((p) => `${p.port}/${p.protocol}${p.name === null ? '' : ` (${sanitize(p.name)})`}`).join(', ')}`;
      return [
        `  service ${sanitize(r.service)} has no ${r.protocol} port ${sanitize(String(r.port))}: ${ports}  ${style.dim(where(r.at))}`,
        policiesNotConsulted,
      ];
    }
    case 'NO_ENDPOINTS':
      return [
        r.selector === null
          ? `  service ${sanitize(r.service)} has no selector: its endpoints are managed by hand and are not in the input`
          : `  no pod of the input matches the selector of service ${sanitize(r.service)} (${sanitize(
              Object.entries(r.selector)
                .map(([k, v]) => `${k}=${v}`)
                .join(','),
            )})  ${style.dim(where(r.at))}`,
        policiesNotConsulted,
      ];
    case 'TARGET_PORT_NOT_DECLARED':
      return [
        `  targetPort ${sanitize(r.targetPort)} is not a ${r.protocol} port name declared by ${r.pods.map(sanitize).join(', ')}  ${style.dim(where(r.at))}`,
        policiesNotConsulted,
      ];
    case 'NO_SOURCE_PODS':
      return [
        `  ${sanitize(r.source)} stands for no pod (a Service that selects none): nothing sends`,
        policiesNotConsulted,
      ];
    case 'NO_SUCH_NAMED_PORT':
      return [
        `  no destination pod declares a ${r.protocol} port named ${sanitize(r.name)}${r.pods.length === 0 ? '' : ` (${r.pods.map(sanitize).join(', ')})`}`,
        policiesNotConsulted,
      ];
    default:
      return assertNever(r);
  }
}

function partyName(p: PartyRef): string {
  return sanitize(p.id);
}

function probeHead(p: ConnectionExplanation): string {
  return `${partyName(p.src)} → ${partyName(p.dst)}:${p.query?.port ?? ''}`;
}

function probeLines(p: ConnectionExplanation, style: Style, indent: string, verbose: boolean): string[] {
  if (p.self) return [`${indent}a pod may always reach itself, whatever the policies say`];
  return [
    ...directionLines(p.egress, p, style, indent, verbose),
    ...directionLines(p.ingress, p, style, indent, verbose),
  ];
}

function directionLines(
  d: DirectionExplanation,
  probe: ConnectionExplanation,
  style: Style,
  indent: string,
  verbose: boolean,
): string[] {
  const subject = partyName(d.subject);
  const verdict = d.allowed ? style.good('allowed') : style.bad('denied');
  const head = `${indent}${d.direction} of ${subject}: ${verdict} — `;
  const port = probe.query === null ? 'these ports' : `${probe.query.port}/${probe.query.protocol}`;
  const lines: string[] = [`${head}${directionSummary(d, port, style.dim)}`];
  for (const t of ruleSteps(d))
    lines.push(
      t.action === 'deny' && t.policy?.kind.startsWith('Cilium') === true
        ? `${indent}  ${ciliumDenyPhrase(t, port)}  ${style.dim(where(t.rule!.at))}`
        : `${indent}  ${tierStepPhrase(t, d.direction, [])} ${t.action === 'pass' ? `hands ${port} to the next tier` : `decides ${port}`}  ${style.dim(where(t.rule!.at))}`,
    );
  const namespaceTier =
    d.code === 'RULE_ALLOWS' ||
    d.code === 'NO_RULES' ||
    d.code === 'NO_PEER_MATCH' ||
    d.code === 'NO_PORT_MATCH';
  if (namespaceTier)
    for (const p of d.policies) lines.push(...policyLines(p, d, style, `${indent}  `, verbose));
  if (verbose)
    for (const p of d.tieredPolicies) lines.push(...policyLines(p, d, style, `${indent}  `, verbose));
  for (const note of directionNotes(d)) lines.push(`${indent}  ${style.warn('note:')} ${note}`);
  (d.unmodelled ?? []).forEach((u, i) => {
    const at = u.source === undefined ? '' : `  ${style.dim(where({ source: u.source }))}`;
    lines.push(`${indent}  ${style.warn(`${u.severity}:`)} ${directionWarnings(d)[i]}${at}`);
  });
  for (const n of d.nearMisses)
    lines.push(`${indent}  ${style.warn('note:')} ${nearMissPhrase(n, d.direction)}`);
  return lines;
}

function policyLines(
  p: PolicyExplanation,
  d: DirectionExplanation,
  style: Style,
  indent: string,
  verbose: boolean,
): string[] {
  const name = sanitize(p.policy.id);
  if (p.code === 'POLICY_NO_RULES') {
    // The direction's head line already says it when no policy has rules.
    if ((d.allowed || d.code === 'NO_RULES') && !verbose) return [];
    return [`${indent}${name} has no ${d.direction} rules: it only isolates  ${style.dim(where(p.policy))}`];
  }
  const lines: string[] = [];
  // Rules that match the peer or the port are the ones to fix; when some exist, rules that
  // match neither get one line (-v details them).
  const near = d.policies.some((x) =>
    x.rules.some((r) => r.code === 'RULE_PEER_MISMATCH' || r.code === 'RULE_PORT_MISMATCH'),
  );
  for (const r of p.rules) {
    if (d.allowed && !r.allows && !verbose) continue;
    // a deny rule that matches denies (Cilium: deny beats every allow)
    const denies = r.allows && r.action === 'deny';
    const mark = r.allows && !denies ? style.good('✓') : style.bad('✗');
    const verb = denies
      ? 'denies it: deny beats every allow'
      : r.cilium?.empty === true
        ? "is `- {}`: in Cilium it allows nothing (NetworkPolicy's `- {}` allows everything)"
        : r.allows
          ? 'allows it'
          : ruleFailure(r);
    const l7 = r.cilium?.l7 === undefined ? '' : ` (its ${sanitize(r.cilium.l7)} ports)`;
    lines.push(`${indent}${mark} ${name} ${ruleAtText(r)}${l7} ${verb}  ${style.dim(where(r.at))}`);
    if (verbose || !near || r.code !== 'RULE_MISMATCH')
      lines.push(...ruleDetail(r, style, `${indent}    `, verbose));
  }
  return lines;
}

/**
 * A Cilium rule's peers and ports, in Cilium's fields: each peer under the field it is written
 * in (`fromEndpoints[0]`, `toEntities[1]`), `toPorts` as the ports it opens, `- {}` as what it is
 * in Cilium (nothing allowed).
 */
function ciliumRuleDetail(
  r: RuleExplanation,
  cilium: NonNullable<RuleExplanation['cilium']>,
  style: Style,
  indent: string,
  verbose: boolean,
): string[] {
  const ok = style.good('✓');
  const no = style.bad('✗');
  const side = r.direction === 'ingress' ? 'source' : 'destination';
  if (cilium.empty)
    return [
      `${indent}${no} \`- {}\`: an empty Cilium rule allows nothing (NetworkPolicy's \`- {}\` allows everything); it only isolates`,
    ];
  const lines: string[] = [];
  if (r.peers.all) lines.push(`${indent}${ok} no peer field: every ${side} matches`);
  else if (r.peers.peers.length === 0) lines.push(`${indent}${no} an empty peer list selects nothing`);
  else {
    const shown =
      r.peers.matched && !verbose ? r.peers.peers.filter((x) => x.matched).slice(0, 1) : r.peers.peers;
    for (const x of shown) {
      const path = x.at.path;
      const field = path.length >= 2 ? `${String(path[path.length - 2])}[${x.index}]` : `[${x.index}]`;
      const loc = x.reasons.map(peerLocation).find((l) => l !== undefined);
      lines.push(
        `${indent}${x.matched ? ok : no} ${sanitize(field)}: ${x.reasons.map(peerPhrase).join('; ')}` +
          (loc === undefined ? '' : `  ${style.dim(where(loc))}`),
      );
    }
  }
  if (r.ports.all) lines.push(`${indent}${ok} no toPorts: every port matches`);
  else
    lines.push(
      `${indent}${r.ports.matched ? ok : no} toPorts: ${r.ports.opens.length === 0 ? 'no TCP, UDP or SCTP port' : formatPortRanges(r.ports.opens)}` +
        (cilium.l7 === undefined ? '' : ` (${sanitize(cilium.l7)} rules judge each request at run time)`),
    );
  return lines;
}

function ruleFailure(r: RuleExplanation): string {
  switch (r.code) {
    case 'RULE_PEER_MISMATCH':
      return `does not match the ${r.direction === 'ingress' ? 'source' : 'destination'}`;
    case 'RULE_PORT_MISMATCH':
      return 'does not open the port';
    case 'RULE_MISMATCH':
      return `matches neither the ${r.direction === 'ingress' ? 'source' : 'destination'} nor the port`;
    case 'RULE_ALLOWS':
      return 'allows it';
    default:
      return assertNever(r.code);
  }
}

function ruleDetail(r: RuleExplanation, style: Style, indent: string, verbose: boolean): string[] {
  if (r.cilium !== undefined) return ciliumRuleDetail(r, r.cilium, style, indent, verbose);
  const lines: string[] = [];
  const field = r.direction === 'ingress' ? 'from' : 'to';
  const ok = style.good('✓');
  const no = style.bad('✗');
  if (r.peers.all)
    lines.push(
      `${indent}${ok} no ${field}: every ${r.direction === 'ingress' ? 'source' : 'destination'} matches`,
    );
  else {
    // When a peer matches, it alone says why; otherwise every item says how it fails.
    const shown =
      r.peers.matched && !verbose ? r.peers.peers.filter((x) => x.matched).slice(0, 1) : r.peers.peers;
    for (const x of shown) {
      const loc = x.reasons.map(peerLocation).find((l) => l !== undefined);
      lines.push(
        `${indent}${x.matched ? ok : no} ${field}[${x.index}]: ${x.reasons.map(peerPhrase).join('; ')}` +
          (loc === undefined ? '' : `  ${style.dim(where(loc))}`),
      );
    }
  }
  if (r.ports.all) lines.push(`${indent}${ok} no ports: every port matches`);
  else {
    const shown =
      r.ports.matched && !verbose
        ? r.ports.ports.filter((x) => x.matched !== false).slice(0, 1)
        : r.ports.ports;
    for (const x of shown) {
      const mark = x.matched === null ? ' ' : x.matched ? ok : no;
      lines.push(
        `${indent}${mark} ports[${x.index}]: ${portPhrase(x.reason)}` +
          (x.matched === false ? `  ${style.dim(where(x.reason.at))}` : ''),
      );
    }
    if (r.ports.ports.length === 0) lines.push(`${indent}${no} ports: no valid port item`);
  }
  return lines;
}
