import type { CompiledCluster } from '../engine/compile.js';
import type { Party } from '../engine/evaluate.js';
import { rulePortsFor } from '../engine/match.js';
import { connsAllow, isEmptyConns } from '../engine/port-set.js';
import type { CompiledRule } from '../engine/rules.js';
import type { PathSegment } from '../model/source.js';
import type { AdminPort, PolicyPort } from '../model/types.js';
import { locate, portRanges } from './refs.js';
import type { Hint, PortExplanation, PortOutcome, PortQuery, PortReason } from './types.js';

/**
 * Explains which `ports` items of a rule open the probed port towards `destination` (named
 * ports resolved against the destination pod's containers), with every way each one fails.
 * Without a query, lists what each item opens.
 */
export function explainPorts(
  compiled: CompiledCluster,
  rule: CompiledRule,
  rulePath: readonly PathSegment[],
  destination: Party,
  query: PortQuery | null,
): { outcome: PortOutcome; hints: Hint[] } {
  const opensSet = rulePortsFor(rule, destination.type === 'endpoint' ? destination.endpoint.ports : null);
  const opens = portRanges(opensSet);
  const matched = query === null ? !isEmptyConns(opensSet) : connsAllow(opensSet, query.protocol, query.port);
  if (rule.dialect === 'cilium' || !('ports' in rule.rule))
    return { outcome: { matched, all: rule.fixedPorts === null, opens, ports: [] }, hints: [] };
  if (rule.rule.ports === null) return { outcome: { matched, all: true, opens, ports: [] }, hints: [] };
  const hints: Hint[] = [];
  // ClusterNetworkPolicy (v1alpha2) lists `protocols`; the other dialects `ports`.
  const listField = rule.policy.kind === 'ClusterNetworkPolicy' ? 'protocols' : 'ports';
  const items: readonly (PolicyPort | AdminPort)[] = rule.rule.ports;
  const ports = items.map((p): PortExplanation => {
    const itemPath = [...rulePath, listField, p.index];
    const at = locate(compiled, rule.policy, itemPath);
    // Point at the field that decides: the protocol when it differs, otherwise the port.
    const field =
      query !== null && p.protocol !== null && p.protocol !== query.protocol ? 'protocol' : 'port';
    const fieldPath = rule.policy.kind === 'NetworkPolicy' ? [...itemPath, field] : itemPath;
    const reason = portReason(p, destination, query, locate(compiled, rule.policy, fieldPath));
    if (reason.code === 'NAMED_PORT_NOT_DECLARED') {
      const other = reason.declared.find((c) => c.name === reason.name);
      if (other !== undefined)
        hints.push({
          code: 'NAMED_PORT_OTHER_PROTOCOL',
          name: reason.name,
          protocol: reason.protocol,
          declaredProtocol: other.protocol,
          pod: reason.pod,
          at,
        });
    }
    const ok = query === null ? null : reason.code === 'PORT_MATCHES';
    return { index: p.index, at, matched: ok, reason };
  });
  return { outcome: { matched, all: false, opens, ports }, hints };
}

function portReason(
  p: PolicyPort | AdminPort,
  destination: Party,
  query: PortQuery | null,
  at: PortExplanation['at'],
): PortReason {
  const endPort = p.endPort === undefined ? {} : { endPort: p.endPort };
  if (p.protocol === null) return namedPortReason(String(p.port), null, destination, query, at);
  if (query !== null && p.protocol !== query.protocol) {
    return {
      code: 'PROTOCOL_MISMATCH',
      port: query.port,
      protocol: query.protocol,
      ruleProtocol: p.protocol,
      rulePort: p.port,
      ...endPort,
      at,
    };
  }
  if (typeof p.port === 'string') return namedPortReason(p.port, p.protocol, destination, query, at);
  if (query === null) return { code: 'PORT_LISTED', protocol: p.protocol, rulePort: p.port, ...endPort, at };
  if (p.port === null || (query.port >= p.port && query.port <= (p.endPort ?? p.port)))
    return {
      code: 'PORT_MATCHES',
      port: query.port,
      protocol: query.protocol,
      rulePort: p.port,
      ...endPort,
      at,
    };
  return {
    code: 'PORT_MISMATCH',
    port: query.port,
    protocol: query.protocol,
    rulePort: p.port,
    ...endPort,
    at,
  };
}

/**
 * A named port against the destination: declared with that name (and protocol, when the rule
 * names one; an admin named port takes the protocol the pod declares), and for which number.
 */
function namedPortReason(
  name: string,
  ruleProtocol: PolicyPort['protocol'] | null,
  destination: Party,
  query: PortQuery | null,
  at: PortExplanation['at'],
): PortReason {
  const protocol = ruleProtocol ?? query?.protocol ?? 'TCP';
  if (destination.type === 'external')
    return { code: 'NAMED_PORT_EXTERNAL', name, protocol, address: destination.label, at };
  const ep = destination.endpoint;
  const declared = ep.ports.find(
    (c) =>
      c.name === name &&
      (ruleProtocol === null ? query === null || c.protocol === query.protocol : c.protocol === ruleProtocol),
  );
  if (declared === undefined)
    return { code: 'NAMED_PORT_NOT_DECLARED', name, protocol, pod: ep.id, declared: ep.ports, at };
  if (query === null)
    return {
      code: 'NAMED_PORT_RESOLVES',
      name,
      protocol: declared.protocol,
      pod: ep.id,
      resolved: declared.port,
      at,
    };
  if (declared.port !== query.port)
    return {
      code: 'NAMED_PORT_OTHER_NUMBER',
      name,
      protocol: declared.protocol,
      pod: ep.id,
      resolved: declared.port,
      port: query.port,
      at,
    };
  return { code: 'PORT_MATCHES', port: query.port, protocol: query.protocol, rulePort: name, pod: ep.id, at };
}
