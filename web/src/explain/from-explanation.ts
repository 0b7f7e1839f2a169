import type { CheckResult } from '../../../src/engine/check.js';
import type {
  CheckExplanation,
  CheckReason,
  ConnectionExplanation,
  DirectionExplanation,
  Hint,
  Location,
  NearMiss,
  PolicyExplanation,
  RuleExplanation,
} from '../../../src/explain/types.js';
import { assertNever } from '../../../src/model/assert-never.js';
import type { SourcePosition } from '../../../src/model/source.js';
import {
  directionNotes,
  directionSummary,
  formatPortRanges,
  hintPhrase,
  nearMissPhrase,
  peerLocation,
  peerPhrase,
  portPhrase,
  rulePathText,
  ruleSteps,
  tierStepPhrase,
} from '../../../src/render/explain-words.js';
import type { SourceLink } from '../view/types.js';
import type { ExplainLine, ExplanationView, Tone } from './types.js';

/** A link to a source position; live objects (line 0) have none to link. */
function link(pos: SourcePosition | undefined): SourceLink | undefined {
  if (pos === undefined || pos.line <= 0) return undefined;
  return { file: pos.file, line: pos.line, column: pos.column };
}

function line(
  text: string,
  tone: Tone,
  depth: number,
  at?: Location | { readonly source: SourcePosition },
): ExplainLine {
  const source = link(at?.source);
  return source === undefined ? { text, tone, depth } : { text, tone, depth, source };
}

const NOT_CONSULTED = 'the connection fails before any NetworkPolicy is consulted';

function reasonLines(r: CheckReason): ExplainLine[] {
  switch (r.code) {
    case 'SERVICE_HOP': {
      const targets = r.endpoints
        .map((e) => `pod ${e.pod}:${e.targetPort ?? `${r.targetPort} (not declared)`}`)
        .join(', ');
      return [
        line(
          `${r.address}:${r.port} is Service ${r.service} port ${r.port}${r.portName === null ? '' : ` (${r.portName})`} → ${targets === '' ? 'no endpoints' : targets}`,
          'neutral',
          0,
          r.at,
        ),
      ];
    }
    case 'NO_SUCH_SERVICE_PORT': {
      const ports =
        r.ports.length === 0
          ? 'it exposes no ports'
          : `it exposes only ${r.ports.map((p) => `${p.port}/${p.protocol}${p.name === null ? '' : ` (${p.name})`}`).join(', ')}`;
      return [
        line(`Service ${r.service} has no ${r.protocol} port ${r.port}: ${ports}`, 'denied', 0, r.at),
        line(`${NOT_CONSULTED}: kube-proxy has nothing to forward it to`, 'neutral', 1),
      ];
    }
    case 'NO_ENDPOINTS':
      return [
        line(
          r.selector === null
            ? `Service ${r.service} has no selector: its endpoints are managed by hand and are not in the input`
            : `no pod matches the selector of Service ${r.service} (${Object.entries(r.selector)
                .map(([k, v]) => `${k}=${v}`)
                .join(',')})`,
          'denied',
          0,
          r.at,
        ),
        line(NOT_CONSULTED, 'neutral', 1),
      ];
    case 'TARGET_PORT_NOT_DECLARED':
      return [
        line(
          `targetPort ${r.targetPort} is not a ${r.protocol} port name declared by ${r.pods.join(', ')}`,
          'denied',
          0,
          r.at,
        ),
        line(NOT_CONSULTED, 'neutral', 1),
      ];
    case 'NO_SOURCE_PODS':
      return [
        line(`${r.source} stands for no pod (a Service that selects none): nothing sends`, 'denied', 0),
        line(NOT_CONSULTED, 'neutral', 1),
      ];
    case 'NO_SUCH_NAMED_PORT':
      return [
        line(
          `no destination pod declares a ${r.protocol} port named ${r.name}${r.pods.length === 0 ? '' : ` (${r.pods.join(', ')})`}`,
          'denied',
          0,
        ),
        line(NOT_CONSULTED, 'neutral', 1),
      ];
    default:
      return assertNever(r);
  }
}

function ruleFailure(r: RuleExplanation): string {
  const side = r.direction === 'ingress' ? 'source' : 'destination';
  switch (r.code) {
    case 'RULE_PEER_MISMATCH':
      return `does not match the ${side}`;
    case 'RULE_PORT_MISMATCH':
      return 'does not open the port';
    case 'RULE_MISMATCH':
      return `matches neither the ${side} nor the port`;
    case 'RULE_ALLOWS':
      return 'allows it';
    default:
      return assertNever(r.code);
  }
}

function ruleDetail(r: RuleExplanation, depth: number): ExplainLine[] {
  const out: ExplainLine[] = [];
  const field = r.direction === 'ingress' ? 'from' : 'to';
  if (r.peers.all)
    out.push(
      line(
        `no ${field}: every ${r.direction === 'ingress' ? 'source' : 'destination'} matches`,
        'allowed',
        depth,
        r.at,
      ),
    );
  else {
    const shown = r.peers.matched ? r.peers.peers.filter((x) => x.matched).slice(0, 1) : r.peers.peers;
    for (const x of shown) {
      const at = x.reasons.map(peerLocation).find((l) => l !== undefined) ?? x.at;
      out.push(
        line(
          `${field}[${x.index}]: ${x.reasons.map(peerPhrase).join('; ')}`,
          x.matched ? 'allowed' : 'denied',
          depth,
          at,
        ),
      );
    }
  }
  if (r.ports.all) out.push(line('no ports: every port matches', 'allowed', depth, r.at));
  else {
    const shown = r.ports.matched
      ? r.ports.ports.filter((x) => x.matched !== false).slice(0, 1)
      : r.ports.ports;
    for (const x of shown) {
      const tone: Tone = x.matched === null ? 'neutral' : x.matched ? 'allowed' : 'denied';
      out.push(line(`ports[${x.index}]: ${portPhrase(x.reason)}`, tone, depth, x.reason.at));
    }
    // No item to point at (Cilium's toPorts, compiled whole): say what the rule opens here.
    if (r.ports.ports.length === 0)
      out.push(
        r.ports.opens.length === 0
          ? line('ports: no valid port item', 'denied', depth, r.at)
          : line(
              `ports: ${r.ports.matched ? '' : 'only '}${formatPortRanges(r.ports.opens)}`,
              r.ports.matched ? 'allowed' : 'denied',
              depth,
              r.at,
            ),
      );
  }
  return out;
}

function policyLines(p: PolicyExplanation, d: DirectionExplanation): ExplainLine[] {
  if (p.code === 'POLICY_NO_RULES') {
    return [
      line(
        `${p.policy.id} selects ${d.subject.id} and has no ${d.direction} rules: it only isolates`,
        'neutral',
        1,
        p.policy,
      ),
    ];
  }
  const out: ExplainLine[] = [line(`${p.policy.id} selects ${d.subject.id}`, 'neutral', 1, p.policy)];
  // With rules that match the peer or the port, those are the ones to fix; the others get one line.
  const near = d.policies.some((x) =>
    x.rules.some((r) => r.code === 'RULE_PEER_MISMATCH' || r.code === 'RULE_PORT_MISMATCH'),
  );
  for (const r of p.rules) {
    if (d.allowed && !r.allows) continue;
    out.push(
      line(
        `${rulePathText(r.direction, r.index)} ${r.allows ? 'allows it' : ruleFailure(r)}`,
        r.allows ? 'allowed' : 'denied',
        2,
        r.at,
      ),
    );
    if (!near || r.code !== 'RULE_MISMATCH') out.push(...ruleDetail(r, 3));
  }
  return out;
}

function directionLines(d: DirectionExplanation, probe: ConnectionExplanation): ExplainLine[] {
  const subject = d.subject.id;
  const tone: Tone = d.allowed ? 'allowed' : 'denied';
  const head = `${d.direction === 'egress' ? 'Egress' : 'Ingress'} of ${subject}: ${d.allowed ? 'allowed' : 'denied'} — `;
  const port = probe.query === null ? 'these ports' : `${probe.query.port}/${probe.query.protocol}`;
  // the same sentence and steps as `kubereach check` (render/explain-words)
  const out: ExplainLine[] = [line(`${head}${directionSummary(d, port)}`, tone, 0)];
  for (const t of ruleSteps(d))
    out.push(
      line(
        `${tierStepPhrase(t, d.direction, [])} ${t.action === 'pass' ? `hands ${port} to the next tier` : `decides ${port}`}`,
        t.action === 'allow' ? 'allowed' : t.action === 'deny' ? 'denied' : 'neutral',
        1,
        t.rule?.at,
      ),
    );
  const namespaceTier =
    d.code === 'RULE_ALLOWS' ||
    d.code === 'NO_RULES' ||
    d.code === 'NO_PEER_MATCH' ||
    d.code === 'NO_PORT_MATCH';
  if (namespaceTier) for (const p of d.policies) out.push(...policyLines(p, d));
  for (const note of directionNotes(d)) out.push(line(`note: ${note}`, 'warning', 1));
  for (const n of d.nearMisses)
    out.push(line(`note: ${nearMissPhrase(n, d.direction)}`, 'warning', 1, nearMissAt(n)));
  return out;
}

function nearMissAt(n: NearMiss): Location {
  return n.code === 'POLICY_DOES_NOT_SELECT' ? (n.failures[0]?.at ?? n.at) : n.at;
}

function hintAt(h: Hint): Location | undefined {
  return h.code === 'SERVICE_PORT_CHOICE' ? undefined : h.at;
}

function headline(e: CheckExplanation): string {
  const reason = e.reasons.find((r) => r.code !== 'SERVICE_HOP');
  if (reason !== undefined) {
    switch (e.verdict) {
      case 'no-such-port':
        return `No such port: ${reason.code === 'NO_SUCH_SERVICE_PORT' ? `Service ${reason.service} does not expose ${e.port}/${e.protocol}` : `${e.port}/${e.protocol} is not exposed`} — no NetworkPolicy is consulted`;
      case 'no-endpoints':
        return 'No endpoints: the Service has no pod to forward to — no NetworkPolicy is consulted';
      case 'no-such-named-port':
        return `No such named port: no destination pod declares ${e.port}`;
      default:
        break;
    }
  }
  const first = e.probes[0];
  if (first === undefined) return e.verdict;
  if (e.allowed) return 'Allowed: the egress of the source and the ingress of the destination both allow it';
  const word = e.verdict === 'partial' ? 'Partially allowed' : 'Denied';
  const blocked = !first.egress.allowed ? `the egress of ${first.src.id}` : `the ingress of ${first.dst.id}`;
  return `${word}: ${blocked} does not allow it`;
}

function addressOf(result: CheckResult): string | undefined {
  const dst = result.dst;
  if (dst.type === 'service') return dst.ip ?? dst.service.clusterIPs[0];
  if (dst.type === 'external') return dst.text;
  if (dst.type === 'endpoint') return dst.endpoint.ips[0];
  return dst.endpoints[0]?.ips[0];
}

/**
 * The explain panel's view of an explanation (src/explain): the Service hop or why no policy
 * was consulted, then per direction the isolating policies, each rule with the peer and port
 * that made it match or fail, near misses and hints — each line linked to its YAML line.
 * Wording comes from render/explain-words, so the studio says what `check` says.
 */
export function explanationView(e: CheckExplanation, result: CheckResult): ExplanationView {
  const lines: ExplainLine[] = [];
  for (const r of e.reasons) lines.push(...reasonLines(r));
  const multi = e.probes.length > 1;
  for (const group of e.groups) {
    const probe = e.probes[group.probes[0]!]!;
    const depth = multi ? 1 : 0;
    if (multi) {
      const more = group.probes.length - 1;
      lines.push(
        line(
          `${probe.src.id} → ${probe.dst.id}:${probe.query?.port ?? ''}: ${probe.allowed ? 'allowed' : 'denied'}${more > 0 ? ` (and ${more} more alike)` : ''}`,
          probe.allowed ? 'allowed' : 'denied',
          0,
        ),
      );
    }
    const own = probe.self
      ? [line('a pod may always reach itself, whatever the policies say', 'allowed', 0)]
      : [...directionLines(probe.egress, probe), ...directionLines(probe.ingress, probe)];
    lines.push(...own.map((l) => ({ ...l, depth: l.depth + depth })));
  }
  for (const h of e.hints) lines.push(line(`hint: ${hintPhrase(h)}`, 'warning', 0, hintAt(h)));
  const address = addressOf(result);
  const first = result.probes[0];
  return {
    src: e.src,
    dst: e.dst,
    port: e.port,
    protocol: e.protocol,
    verdict: e.verdict,
    allowed: e.allowed,
    headline: headline(e),
    lines,
    ...(address === undefined ? {} : { address }),
    ...(typeof e.port === 'number'
      ? { connectPort: e.port }
      : first === undefined
        ? {}
        : { connectPort: first.port }),
  };
}
