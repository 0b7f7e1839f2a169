/**
 * Service translation against an independent model (the Service and EndpointSlice docs): the
 * verdict of `check` to every Service of a cluster, from every pod, on every service port
 * number and name plus two ports the Service does not have, for all three protocols.
 */
import { expect } from 'vitest';
import { checkConnection } from '../../src/engine/check.js';
import { type CniProfile, compileCluster } from '../../src/engine/compile.js';
import type { Cluster, Endpoint, Protocol, Service } from '../../src/model/types.js';
import { PROTOCOLS } from '../../src/model/types.js';
import { naiveAllowed } from '../reference/naive.js';
import { naiveCiliumAllowed } from '../reference/naive-cilium.js';
import type { GeneratedCluster } from './arbitraries.js';
import { writtenObjects } from './cluster.js';
import { loadGenerated } from './differential.js';

/** The verdict from the Service and Endpoints API documentation, pod by pod. */
export function expectedVerdict(
  cluster: Cluster,
  cni: CniProfile,
  src: Endpoint,
  svc: Service,
  port: number | string,
  protocol: Protocol,
): string {
  const sp = svc.ports.find((p) => p.protocol === protocol && (p.port === port || p.name === port));
  if (sp === undefined) return 'no-such-port';
  const selector = svc.selector ?? {};
  if (Object.keys(selector).length === 0) return 'no-endpoints';
  const selected = cluster.endpoints.filter(
    (e) => e.namespace === svc.namespace && Object.entries(selector).every(([k, v]) => e.labels[k] === v),
  );
  const targets = selected.flatMap((e) => {
    const n =
      typeof sp.targetPort === 'number'
        ? sp.targetPort
        : e.ports.find((cp) => cp.name === sp.targetPort && cp.protocol === protocol)?.port;
    return n === undefined ? [] : [{ e, n }];
  });
  if (targets.length === 0) return 'no-endpoints';
  // NetworkPolicy as Cilium enforces it (every rule whatever policyTypes says) is the Cilium
  // reference's to model, as in probe.ts's cross-check.
  const results = targets.map(({ e, n }) =>
    cni === 'cilium'
      ? naiveCiliumAllowed(cluster, writtenObjects(cluster), src, e, n, protocol)
      : naiveAllowed(cluster, src, e, n, protocol, cni),
  );
  if (results.every(Boolean)) return 'allowed';
  if (!results.some(Boolean)) return 'denied';
  return 'partial';
}

/** Checks every Service of a generated cluster against `expectedVerdict`. */
export function checkServices(gen: GeneratedCluster, cni: CniProfile): void {
  const cluster = loadGenerated(gen);
  const compiled = compileCluster(cluster, { cni });
  for (const svc of cluster.services) {
    const probes: (number | string)[] = [
      ...new Set([...svc.ports.map((p) => p.port), ...svc.ports.flatMap((p) => p.name ?? []), 81, 'nope']),
    ];
    for (const src of cluster.endpoints) {
      for (const protocol of PROTOCOLS) {
        for (const port of probes) {
          const result = checkConnection(
            compiled,
            { type: 'endpoint', endpoint: src },
            { type: 'service', service: svc },
            port,
            protocol,
          );
          const want = expectedVerdict(cluster, cni, src, svc, port, protocol);
          expect(result.verdict, `${src.id} -> ${svc.id} ${port}/${protocol}`).toBe(want);
        }
      }
    }
  }
}
