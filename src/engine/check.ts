import type { Endpoint, Protocol, Service, ServicePort } from '../model/types.js';
import type { CompiledCluster } from './compile.js';
import { type ConnectionEvaluation, evaluateConnection, type Party } from './evaluate.js';
import { matchesSelector } from './label-selector.js';
import { connsAllow } from './port-set.js';
import type { Target } from './targets.js';

/**
 * The verdict of one probe (what is missing for a non-policy verdict is in the explanation's
 * coded reasons: explain/connection.ts). `no-such-port`, `no-endpoints` and `no-such-named-port` are not
 * policy decisions: the connection fails whatever the policies say.
 */
export type CheckVerdict =
  | 'allowed'
  | 'denied'
  | 'partial'
  | 'no-such-port'
  | 'no-endpoints'
  | 'no-such-named-port';

/** One evaluated pod-to-pod (or pod-to-address) probe. */
export interface ProbeResult {
  readonly src: Party;
  readonly dst: Party;
  /** The destination port after Service translation and named-port resolution. */
  readonly port: number;
  readonly allowed: boolean;
  readonly evaluation: ConnectionEvaluation;
}

/** A Service hop: ClusterIP:port translated to endpoint pods and their target ports. */
export interface ServiceHop {
  readonly service: Service;
  readonly servicePort?: ServicePort;
  /** Endpoint pods selected by the service, with the target port each resolves to. */
  readonly endpoints: readonly { readonly endpoint: Endpoint; readonly targetPort?: number | undefined }[];
}

export interface CheckResult {
  readonly verdict: CheckVerdict;
  readonly allowed: boolean;
  readonly src: Target;
  readonly dst: Target;
  readonly port: number | string;
  readonly protocol: Protocol;
  readonly service?: ServiceHop;
  /** Every probe, one per (source pod, destination pod); empty for non-policy verdicts. */
  readonly probes: readonly ProbeResult[];
}

/**
 * Checks whether `src` can reach `dst` on `port`/`protocol`, translating Services to their
 * endpoint pods and target ports first (as kube-proxy does before policies see the packet).
 */
export function checkConnection(
  compiled: CompiledCluster,
  src: Target,
  dst: Target,
  port: number | string,
  protocol: Protocol,
): CheckResult {
  const base = { src, dst, port, protocol };
  const sources = partiesOf(compiled, src);
  if (sources.length === 0) {
    return {
      ...base,
      verdict: 'no-endpoints',
      allowed: false,
      probes: [],
    };
  }
  if (dst.type === 'service') {
    const svc = dst.service;
    const servicePort = svc.ports.find(
      (p) => p.protocol === protocol && (p.port === port || (p.name !== undefined && p.name === port)),
    );
    const selected = serviceEndpoints(compiled, svc);
    if (servicePort === undefined) {
      return {
        ...base,
        verdict: 'no-such-port',
        allowed: false,
        service: { service: svc, endpoints: selected.map((endpoint) => ({ endpoint })) },
        probes: [],
      };
    }
    const endpoints = selected.map((endpoint) => ({
      endpoint,
      targetPort: resolveTargetPort(servicePort, endpoint),
    }));
    const hop: ServiceHop = { service: svc, servicePort, endpoints };
    if (svc.selector === null || selected.length === 0) {
      return {
        ...base,
        verdict: 'no-endpoints',
        allowed: false,
        service: hop,
        probes: [],
      };
    }
    const ready = endpoints.filter((e) => e.targetPort !== undefined);
    if (ready.length === 0) {
      return {
        ...base,
        verdict: 'no-endpoints',
        allowed: false,
        service: hop,
        probes: [],
      };
    }
    const probes = sources.flatMap((s) =>
      ready.map((e) =>
        probe(compiled, s, { type: 'endpoint', endpoint: e.endpoint }, e.targetPort!, protocol),
      ),
    );
    return { ...base, ...aggregate(probes), service: hop, probes };
  }
  const destinations = partiesOf(compiled, dst);
  const probes: ProbeResult[] = [];
  for (const d of destinations) {
    let number: number | undefined;
    if (typeof port === 'number') number = port;
    else if (d.type === 'endpoint')
      number = d.endpoint.ports.find((p) => p.name === port && p.protocol === protocol)?.port;
    if (number === undefined) continue;
    for (const s of sources) probes.push(probe(compiled, s, d, number, protocol));
  }
  if (probes.length === 0) {
    return {
      ...base,
      verdict: 'no-such-named-port',
      allowed: false,
      probes,
    };
  }
  return { ...base, ...aggregate(probes), probes };
}

function probe(
  compiled: CompiledCluster,
  src: Party,
  dst: Party,
  port: number,
  protocol: Protocol,
): ProbeResult {
  const evaluation = evaluateConnection(compiled, src, dst);
  // A pod may always talk to itself, whatever the policies say.
  const self = src.type === 'endpoint' && dst.type === 'endpoint' && src.endpoint === dst.endpoint;
  return { src, dst, port, allowed: self || connsAllow(evaluation.allowed, protocol, port), evaluation };
}

function aggregate(probes: readonly ProbeResult[]): { verdict: CheckVerdict; allowed: boolean } {
  const allowed = probes.filter((p) => p.allowed).length;
  if (allowed === probes.length) return { verdict: 'allowed', allowed: true };
  if (allowed === 0) return { verdict: 'denied', allowed: false };
  return { verdict: 'partial', allowed: false };
}

/** The target port on one endpoint pod: a number, or a name that pod declares for the protocol. */
export function resolveTargetPort(port: ServicePort, endpoint: Endpoint): number | undefined {
  if (typeof port.targetPort === 'number') return port.targetPort;
  return endpoint.ports.find((p) => p.name === port.targetPort && p.protocol === port.protocol)?.port;
}

/** The pods a Service selects (none without a selector: its endpoints are managed by hand). */
export function serviceEndpoints(compiled: CompiledCluster, svc: Service): Endpoint[] {
  const selector = svc.selector;
  if (selector === null) return [];
  const labels = { matchLabels: selector, matchExpressions: [] };
  return compiled.cluster.endpoints.filter(
    (e) => e.namespace === svc.namespace && matchesSelector(labels, e.labels),
  );
}

/**
 * The parties a target stands for. A Service as a source stands for the pods behind it: a
 * Service sends nothing itself, its pods do.
 */
function partiesOf(compiled: CompiledCluster, t: Target): Party[] {
  switch (t.type) {
    case 'endpoint':
      return [{ type: 'endpoint', endpoint: t.endpoint }];
    case 'workload':
      return t.endpoints.map((endpoint) => ({ type: 'endpoint', endpoint }));
    case 'external':
      return [{ type: 'external', address: t.address, label: t.text }];
    case 'service':
      return serviceEndpoints(compiled, t.service).map((endpoint) => ({ type: 'endpoint', endpoint }));
  }
}
