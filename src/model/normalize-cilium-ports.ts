import {
  checkKnownFields,
  describeValue,
  type ObjectContext,
  readList,
  readRecord,
  readString,
} from './fields.js';
import type { PathSegment } from './source.js';
import type { CiliumL7, CiliumPort, CiliumPortRule, Protocol } from './types.js';
import { checkPortName } from './validation.js';

/**
 * `toPorts` of Cilium rules (pkg/policy/api l4.go, and PortRule.sanitize in
 * rule_validation.go): ports as strings, protocols with `ANY`, L7 rules.
 */

/** Protocols of `ANY` (or no protocol): every transport protocol, SCTP included (Cilium enables it). */
const ANY: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

/** The protocol enum of the CRD; the last four are not transport protocols kubereach evaluates. */
const PROTOCOL_ENUM = ['TCP', 'UDP', 'SCTP', 'ANY', 'ICMP', 'ICMPv6', 'VRRP', 'IGMP'];

/** Cilium's limit on ports in one port rule (`maxPorts`). */
const MAX_PORTS = 40;

/** The port rules of one item; `null` when `toPorts` is absent or empty (every port). */
export function readCiliumPortRules(
  ctx: ObjectContext,
  value: unknown,
  path: readonly PathSegment[],
  options: { readonly deny: boolean; readonly ingress: boolean; readonly hostPolicy: boolean },
  unmodelled: string[],
): CiliumPortRule[] | null {
  const items = readList(ctx, value, path);
  if (items.length === 0) return null;
  const rules: CiliumPortRule[] = [];
  items.forEach((item, index) => {
    const p = [...path, index];
    const rec = readRecord(ctx, item, p) ?? {};
    const known = options.deny
      ? ['ports']
      : ['ports', 'rules', 'originatingTLS', 'terminatingTLS', 'serverNames', 'listener'];
    checkKnownFields(ctx, rec, p, known);
    for (const f of ['originatingTLS', 'terminatingTLS', 'serverNames', 'listener'])
      if (rec[f] !== undefined && rec[f] !== null) unmodelled.push(f);
    const portItems = readList(ctx, rec.ports, [...p, 'ports']);
    if (portItems.length > MAX_PORTS)
      ctx.invalid(
        'INVALID_PORT',
        [...p, 'ports'],
        `too many ports (${portItems.length}); Cilium allows at most ${MAX_PORTS}`,
      );
    const ports = portItems.flatMap((port, j) =>
      readCiliumPort(ctx, port, [...p, 'ports', j], j, unmodelled),
    );
    const l7 = options.deny ? null : readL7(ctx, rec.rules, [...p, 'rules'], options);
    if (l7 !== null) checkL7Ports(ctx, l7, portItems, ports, [...p, 'ports']);
    rules.push({ index, ports: portItems.length === 0 ? null : ports, l7 });
  });
  return rules;
}

function readCiliumPort(
  ctx: ObjectContext,
  value: unknown,
  path: readonly PathSegment[],
  index: number,
  unmodelled: string[],
): CiliumPort[] {
  const rec = readRecord(ctx, value, path);
  if (rec === undefined) return [];
  checkKnownFields(ctx, rec, path, ['port', 'endPort', 'protocol']);
  const protocols = readCiliumProtocol(ctx, rec.protocol, [...path, 'protocol'], unmodelled);
  const text = typeof rec.port === 'number' ? String(rec.port) : readString(ctx, rec.port, [...path, 'port']);
  if (text === undefined || text === '') {
    ctx.invalid(
      'INVALID_PORT',
      [...path, 'port'],
      'port must be specified',
      'write a number, a range start or a port name',
    );
    return [];
  }
  let port: number | string | null;
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    if (n > 65535) {
      ctx.invalid('INVALID_PORT', [...path, 'port'], `port ${text} must be between 0 and 65535`);
      return [];
    }
    // "0" is Cilium's wildcard port: every port of the protocol
    port = n === 0 ? null : n;
  } else {
    // Port names are IANA service names, compared case-insensitively (PortProtocol.sanitize)
    const name = text.toLowerCase();
    const err = checkPortName(name);
    if (err !== undefined) {
      ctx.invalid('INVALID_PORT', [...path, 'port'], `port name ${JSON.stringify(text)} ${err}`);
      return [];
    }
    port = name;
  }
  let endPort: number | undefined;
  if (rec.endPort !== undefined && rec.endPort !== null) {
    if (
      typeof rec.endPort !== 'number' ||
      !Number.isInteger(rec.endPort) ||
      rec.endPort < 0 ||
      rec.endPort > 65535
    ) {
      ctx.invalid(
        'INVALID_END_PORT',
        [...path, 'endPort'],
        `must be a port number, not ${describeValue(rec.endPort)}`,
      );
      return [];
    }
    // EndPort is ignored for a named port and when it is not above port (l4.go, PortProtocol)
    if (typeof port === 'number' && rec.endPort > port) endPort = rec.endPort;
    else if (typeof port === 'number' && rec.endPort < port)
      ctx.report(
        'INVALID_END_PORT',
        'warning',
        [...path, 'endPort'],
        `endPort ${rec.endPort} is below port ${port}; Cilium ignores it and matches port ${port} only`,
      );
  }
  return [{ protocols, port, ...(endPort === undefined ? {} : { endPort }), index }];
}

function readCiliumProtocol(
  ctx: ObjectContext,
  value: unknown,
  path: readonly PathSegment[],
  unmodelled: string[],
): readonly Protocol[] {
  if (value === undefined || value === null || value === '') return ANY;
  const s = readString(ctx, value, path);
  if (s === undefined) return [];
  if (!PROTOCOL_ENUM.includes(s)) {
    const close = PROTOCOL_ENUM.find((p) => p.toLowerCase() === s.toLowerCase());
    ctx.invalid(
      'INVALID_PROTOCOL',
      path,
      `unsupported protocol ${JSON.stringify(s)}`,
      close === undefined ? `supported values: ${PROTOCOL_ENUM.join(', ')}` : `write ${close}`,
    );
    return [];
  }
  if (s === 'ANY') return ANY;
  if (s === 'TCP' || s === 'UDP' || s === 'SCTP') return [s];
  unmodelled.push(`protocol ${s}`);
  return [];
}

/** Reads `rules` (L7Rules): at most one of http, kafka, dns, l7proto. */
function readL7(
  ctx: ObjectContext,
  value: unknown,
  path: readonly PathSegment[],
  options: { readonly ingress: boolean; readonly hostPolicy: boolean },
): CiliumL7 | null {
  const rec = readRecord(ctx, value, path);
  if (rec === undefined) return null;
  checkKnownFields(ctx, rec, path, ['http', 'kafka', 'dns', 'l7proto', 'l7']);
  const found: CiliumL7[] = [];
  if (rec.http !== undefined && rec.http !== null)
    found.push({ type: 'http', matches: describeItems(ctx, rec.http, [...path, 'http'], httpMatch) });
  if (rec.kafka !== undefined && rec.kafka !== null)
    found.push({ type: 'kafka', matches: describeItems(ctx, rec.kafka, [...path, 'kafka'], kafkaMatch) });
  if (rec.dns !== undefined && rec.dns !== null) {
    if (options.ingress)
      ctx.invalid('INVALID_CILIUM_RULE', [...path, 'dns'], 'DNS rules are not allowed on ingress');
    found.push({ type: 'dns', matches: describeItems(ctx, rec.dns, [...path, 'dns'], dnsMatch) });
  }
  if (rec.l7 !== undefined && rec.l7 !== null && (rec.l7proto === undefined || rec.l7proto === ''))
    ctx.invalid(
      'INVALID_CILIUM_RULE',
      [...path, 'l7'],
      "'l7' may only be specified when a 'l7proto' is also specified",
    );
  if (typeof rec.l7proto === 'string' && rec.l7proto !== '')
    found.push({ type: 'l7proto', matches: [rec.l7proto] });
  if (found.length > 1)
    ctx.invalid('INVALID_CILIUM_RULE', path, 'multiple L7 protocol rule types specified in single rule');
  if (found.length > 0 && options.hostPolicy)
    ctx.invalid('INVALID_CILIUM_RULE', path, 'host policies do not support L7 rules');
  return found[0] ?? null;
}

/** DNS rules need port 53 written out; other L7 rules only apply to TCP (PortRule.sanitize). */
function checkL7Ports(
  ctx: ObjectContext,
  l7: CiliumL7,
  portItems: readonly unknown[],
  ports: readonly CiliumPort[],
  path: readonly PathSegment[],
): void {
  for (const p of ports)
    if (p.port === null)
      ctx.invalid(
        'INVALID_CILIUM_RULE',
        [...path, p.index, 'port'],
        'L7 rules can not be used when a port is 0',
      );
  if (l7.type === 'dns') {
    if (portItems.length === 0)
      ctx.invalid('INVALID_CILIUM_RULE', path, 'Port 53 must be specified for DNS rules');
    for (const p of ports)
      if (p.endPort !== undefined)
        ctx.invalid('INVALID_CILIUM_RULE', [...path, p.index], 'DNS rules do not support port ranges');
    return;
  }
  for (const p of ports)
    if (p.protocols.length !== 1 || p.protocols[0] !== 'TCP')
      ctx.invalid(
        'INVALID_CILIUM_RULE',
        [...path, p.index, 'protocol'],
        `L7 rules can only apply to TCP (not ${p.protocols.length === 1 ? p.protocols[0] : 'ANY'}) except for DNS rules`,
        'write protocol: TCP',
      );
}

function describeItems(
  ctx: ObjectContext,
  value: unknown,
  path: readonly PathSegment[],
  describe: (rec: Record<string, unknown>) => string,
): string[] {
  return readList(ctx, value, path).flatMap((item, i) => {
    const rec = readRecord(ctx, item, [...path, i]);
    return rec === undefined ? [] : [describe(rec)];
  });
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function httpMatch(rec: Record<string, unknown>): string {
  const parts = [text(rec.method) ?? 'any method', text(rec.path) ?? 'any path'];
  const host = text(rec.host);
  if (host !== undefined) parts.push(`host ${host}`);
  if (Array.isArray(rec.headers) && rec.headers.length > 0) parts.push(`headers ${rec.headers.join(', ')}`);
  return parts.join(' ');
}

function dnsMatch(rec: Record<string, unknown>): string {
  return text(rec.matchName) ?? text(rec.matchPattern) ?? '*';
}

function kafkaMatch(rec: Record<string, unknown>): string {
  const parts = [text(rec.role) ?? text(rec.apiKey) ?? 'any request'];
  const topic = text(rec.topic);
  if (topic !== undefined) parts.push(`topic ${topic}`);
  return parts.join(' ');
}
