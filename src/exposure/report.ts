import {
  ALL_CONNS,
  type ConnSet,
  connsKey,
  EMPTY_CONNS,
  intersectConns,
  isEmptyConns,
  unionConns,
} from '../engine/port-set.js';
import type { Reachability } from '../engine/reachability.js';
import type { Cluster, Endpoint, Service, Workload } from '../model/types.js';
import { mergeCidrs } from './cidrs.js';
import { protectedState, workloadIsolation, workloadRef } from './isolation.js';
import type {
  ExposureReport,
  ExternalExposure,
  ExternalPeer,
  NamespaceWideExposure,
  PublishingService,
} from './types.js';

export interface ExposureOptions {
  /** Report only the workloads of this namespace (the whole cluster is still evaluated). */
  readonly namespace?: string;
}

/**
 * The cluster-wide exposure of every workload: which are not isolated, which outside
 * addresses may reach them (and which Services publish them), which outside addresses they may
 * reach, and which admit every other namespace. Pure; computed from the engine's reachability.
 */
export function analyzeExposure(reach: Reachability, options: ExposureOptions = {}): ExposureReport {
  const { cluster } = reach.compiled;
  const workloads = workloadsWithEndpoints(cluster).filter(
    (w) => options.namespace === undefined || w.workload.namespace === options.namespace,
  );
  const notIsolated = workloads
    .map(({ workload, endpoints }) => workloadIsolation(reach.compiled, workload, endpoints))
    // a baseline default deny or a Cilium deny of everything protects as isolation does
    .filter((i) => !protectedState(i.ingress) || !protectedState(i.egress));
  const externalIngress: ExternalExposure[] = [];
  const externalEgress: ExternalExposure[] = [];
  for (const { workload, endpoints } of workloads) {
    const classes = classesOf(reach, endpoints);
    const inbound = externalPeers(reach, classes, 'in');
    if (inbound.length > 0) {
      externalIngress.push({
        workload: workloadRef(workload),
        peers: inbound,
        conns: unionAll(inbound.map((p) => p.conns)),
        services: publishingServices(cluster.services, endpoints),
      });
    }
    const outbound = externalPeers(reach, classes, 'out');
    if (outbound.length > 0) {
      externalEgress.push({
        workload: workloadRef(workload),
        peers: outbound,
        conns: unionAll(outbound.map((p) => p.conns)),
        services: [],
      });
    }
  }
  return {
    workloads: workloads.length,
    notIsolated,
    externalIngress,
    externalEgress,
    allNamespaces: namespaceWide(reach, workloads),
  };
}

interface WorkloadEndpoints {
  readonly workload: Workload;
  readonly endpoints: readonly Endpoint[];
}

/** Workloads with at least one endpoint, sorted by namespace, name and kind. */
export function workloadsWithEndpoints(cluster: Cluster): WorkloadEndpoints[] {
  const byId = new Map(cluster.endpoints.map((e) => [e.id, e]));
  return [...cluster.workloads]
    .sort((a, b) => cmp(a.namespace, b.namespace) || cmp(a.name, b.name) || cmp(a.kind, b.kind))
    .map((workload) => ({
      workload,
      endpoints: workload.endpoints.map((id) => byId.get(id)).filter((e): e is Endpoint => e !== undefined),
    }))
    .filter((w) => w.endpoints.length > 0);
}

function classesOf(reach: Reachability, endpoints: readonly Endpoint[]): number[] {
  return [...new Set(endpoints.map((e) => reach.classOf(e)).filter((c) => c >= 0))];
}

/** External nodes with something allowed to (`in`) or from (`out`) the classes, grouped by ports. */
function externalPeers(
  reach: Reachability,
  classes: readonly number[],
  direction: 'in' | 'out',
): ExternalPeer[] {
  const groups = new Map<string, { cidrs: string[]; conns: ConnSet }>();
  reach.external.nodes.forEach((node, x) => {
    const party = reach.externalParty(x);
    let conns = EMPTY_CONNS;
    for (const c of classes)
      conns = unionConns(
        conns,
        direction === 'in' ? reach.connsBetween(party, c) : reach.connsBetween(c, party),
      );
    if (isEmptyConns(conns)) return;
    const key = connsKey(conns);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { cidrs: [...node.cidrs], conns });
    else group.cidrs.push(...node.cidrs);
  });
  return [...groups.values()].map((g) => ({ cidrs: mergeCidrs(g.cidrs), conns: g.conns }));
}

/**
 * Services that publish the endpoints outside the cluster: NodePort and LoadBalancer types,
 * and any Service with externalIPs, whose selector selects one of them.
 */
function publishingServices(
  services: readonly Service[],
  endpoints: readonly Endpoint[],
): PublishingService[] {
  return services
    .filter(
      (s) =>
        (s.type === 'NodePort' || s.type === 'LoadBalancer' || s.externalIPs.length > 0) &&
        s.selector !== null &&
        Object.keys(s.selector).length > 0 &&
        endpoints.some((e) => e.namespace === s.namespace && selects(s.selector!, e)),
    )
    .map((s) => ({
      namespace: s.namespace,
      name: s.name,
      type: s.type,
      externalIPs: s.externalIPs,
      ports: s.ports.map((p) => ({
        port: p.port,
        protocol: p.protocol,
        ...(p.nodePort === undefined ? {} : { nodePort: p.nodePort }),
      })),
    }));
}

function selects(selector: Readonly<Record<string, string>>, e: Endpoint): boolean {
  return Object.entries(selector).every(([k, v]) => e.labels[k] === v);
}

/**
 * Workloads whose ingress admits some pod of every other namespace that has pods. Only the
 * destination's ingress counts: the sources' egress policies are ignored, since any namespace
 * without them (or created later) would get through.
 */
function namespaceWide(
  reach: Reachability,
  workloads: readonly WorkloadEndpoints[],
): NamespaceWideExposure[] {
  const classesByNamespace = new Map<string, number[]>();
  for (const c of reach.classes) {
    const ns = c.representative.namespace;
    const list = classesByNamespace.get(ns) ?? [];
    list.push(c.index);
    classesByNamespace.set(ns, list);
  }
  const out: NamespaceWideExposure[] = [];
  for (const { workload, endpoints } of workloads) {
    const others = [...classesByNamespace].filter(([ns]) => ns !== workload.namespace);
    if (others.length === 0) continue;
    const targets = classesOf(reach, endpoints);
    let common = ALL_CONNS;
    for (const [, sources] of others) {
      let fromNs = EMPTY_CONNS;
      for (const s of sources)
        for (const t of targets) fromNs = unionConns(fromNs, reach.ingressBetween(s, t));
      common = intersectConns(common, fromNs);
      if (isEmptyConns(common)) break;
    }
    if (!isEmptyConns(common))
      out.push({ workload: workloadRef(workload), conns: common, namespaces: others.length });
  }
  return out;
}

function unionAll(list: readonly ConnSet[]): ConnSet {
  return list.reduce(unionConns, EMPTY_CONNS);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
