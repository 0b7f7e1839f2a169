import type { Reachability } from '../../../src/engine/reachability.js';
import { resolveTarget, type Target } from '../../../src/engine/targets.js';
import type { Cluster, Endpoint } from '../../../src/model/types.js';

export type ResolveResult =
  | { readonly ok: true; readonly target: Target }
  | { readonly ok: false; readonly message: string; readonly hint?: string };

/**
 * Resolves an endpoint as the studio names it: a graph node id (workload or pod id, also
 * `ns/name[Kind]`, or an external node's CIDRs) first, then anything `check` accepts
 * (`ns/name`, `ns/svc/name`, an IP).
 */
export function resolveStudioTarget(cluster: Cluster, reach: Reachability, text: string): ResolveResult {
  const trimmed = text.trim();
  const workload = cluster.workloads.find((w) => w.id === trimmed);
  if (workload !== undefined) {
    const byId = new Map(cluster.endpoints.map((e) => [e.id, e]));
    const endpoints = workload.endpoints
      .map((id) => byId.get(id))
      .filter((e): e is Endpoint => e !== undefined);
    if (endpoints.length === 1) return { ok: true, target: { type: 'endpoint', endpoint: endpoints[0]! } };
    return { ok: true, target: { type: 'workload', workload, endpoints } };
  }
  const endpoint = cluster.endpoints.find((e) => e.id === trimmed);
  if (endpoint !== undefined) return { ok: true, target: { type: 'endpoint', endpoint } };
  const external = reach.external.nodes.find((x) => x.id === trimmed);
  if (external !== undefined) {
    return {
      ok: true,
      target: { type: 'external', address: external.address, text: external.cidrs[0] ?? external.id },
    };
  }
  const r = resolveTarget(cluster, trimmed);
  if (!r.ok) return { ok: false, message: r.message, ...(r.hint === undefined ? {} : { hint: r.hint }) };
  return { ok: true, target: r.target };
}

let lastSuggestions:
  | {
      workloads: Cluster['workloads'];
      endpoints: Cluster['endpoints'];
      services: Cluster['services'];
      names: string[];
    }
  | undefined;

/**
 * Names the picker suggests: workloads, pods, services (`ns/svc/name`) and service IPs. The
 * last answer is reused while the same objects come again (an edit to a policy).
 */
export function targetSuggestions(cluster: Cluster): string[] {
  const last = lastSuggestions;
  if (
    last !== undefined &&
    last.workloads === cluster.workloads &&
    last.endpoints === cluster.endpoints &&
    sameItems(last.services, cluster.services)
  )
    return last.names;
  const out = new Set<string>();
  for (const w of cluster.workloads) out.add(w.id);
  for (const e of cluster.endpoints) out.add(e.id);
  for (const s of cluster.services) {
    out.add(`${s.namespace}/svc/${s.name}`);
    for (const ip of s.clusterIPs) out.add(ip);
  }
  const names = [...out].sort();
  lastSuggestions = {
    workloads: cluster.workloads,
    endpoints: cluster.endpoints,
    services: cluster.services,
    names,
  };
  return names;
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
