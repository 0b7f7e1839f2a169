import { connsToJson } from '../../engine/port-set.js';
import { protectedState } from '../../exposure/isolation.js';
import type { ExposureReport, ExternalExposure, PeerReport } from '../../exposure/types.js';
import type { Diagnostic } from '../../model/diagnostics.js';
import { API_VERSION, diagnosticToJson } from '../json.js';

/**
 * `exposure -o json`: the `ExposureReport` document. Port sets use the matrix contract's form
 * (`{protocol, ports?}`), workloads are `namespace/name` ids with their kind.
 */
export function exposureToJson(
  report: ExposureReport,
  diagnostics: readonly Diagnostic[],
): Record<string, unknown> {
  const external = (e: ExternalExposure, key: 'from' | 'to') => ({
    workload: e.workload.id,
    kind: e.workload.kind,
    [key]: e.peers.map((p) => ({ cidrs: p.cidrs, conns: connsToJson(p.conns) })),
    ...(key === 'from' ? { services: e.services } : {}),
  });
  return {
    apiVersion: API_VERSION,
    kind: 'ExposureReport',
    summary: {
      workloads: report.workloads,
      // a baseline default deny or a Cilium deny of everything protects as isolation does
      notIsolatedForIngress: report.notIsolated.filter((i) => !protectedState(i.ingress)).length,
      notIsolatedForEgress: report.notIsolated.filter((i) => !protectedState(i.egress)).length,
      reachableFromOutside: report.externalIngress.length,
      reachingOutside: report.externalEgress.length,
      openToAllNamespaces: report.allNamespaces.length,
    },
    notIsolated: report.notIsolated.map((i) => ({
      workload: i.workload.id,
      kind: i.workload.kind,
      ingress: i.ingress,
      egress: i.egress,
    })),
    reachableFromOutside: report.externalIngress.map((e) => external(e, 'from')),
    reachingOutside: report.externalEgress.map((e) => external(e, 'to')),
    openToAllNamespaces: report.allNamespaces.map((a) => ({
      workload: a.workload.id,
      kind: a.workload.kind,
      namespaces: a.namespaces,
      conns: connsToJson(a.conns),
    })),
    diagnostics: diagnostics.map(diagnosticToJson),
  };
}

/** `exposure NS/NAME -o json`: the `WorkloadPeers` document. */
export function peersToJson(report: PeerReport, diagnostics: readonly Diagnostic[]): Record<string, unknown> {
  return {
    apiVersion: API_VERSION,
    kind: 'WorkloadPeers',
    workload: report.workload.id,
    workloadKind: report.workload.kind,
    granularity: report.granularity,
    ...Object.fromEntries(
      report.lists.map((l) => [
        l.direction,
        {
          isolation: l.isolation,
          policies: l.policies,
          peers: l.peers.map((p) => ({
            id: p.id,
            kind: p.kind,
            ...(p.namespace === undefined ? {} : { namespace: p.namespace }),
            ...(p.name === undefined ? {} : { name: p.name }),
            ...(p.cidrs === undefined ? {} : { cidrs: p.cidrs }),
            conns: connsToJson(p.conns),
          })),
        },
      ]),
    ),
    diagnostics: diagnostics.map(diagnosticToJson),
  };
}
