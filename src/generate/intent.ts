import type { CompiledCluster } from '../engine/compile.js';
import { buildMatrix } from '../engine/matrix.js';
import { type ConnSet, formatConns, unionConns } from '../engine/port-set.js';
import { computeReachability } from '../engine/reachability.js';
import type { Cluster, Endpoint } from '../model/types.js';
import type { IntentFlow, IntentNode } from './types.js';

/** The node of an endpoint: its workload, represented by the endpoint. */
export function workloadNode(cluster: Cluster, endpoint: Endpoint): IntentNode | undefined {
  const workload = cluster.workloads.find((w) => w.id === endpoint.workload);
  if (workload === undefined) return undefined;
  return { type: 'workload', id: workload.id, workload, endpoint };
}

/** Addresses outside the cluster as a node (its id is the CIDR list, as in the matrix). */
export function externalNode(cidrs: readonly string[]): IntentNode {
  return { type: 'external', id: cidrs.join(','), cidrs };
}

/**
 * Today's connectivity as intent (`--from-current`): every pair of workloads (and addresses
 * outside the cluster) with what the matrix allows between them now.
 */
export function intentFromCurrent(compiled: CompiledCluster): IntentFlow[] {
  const matrix = buildMatrix(computeReachability(compiled), { granularity: 'workload', external: true });
  const nodes = new Map<string, IntentNode>();
  for (const n of matrix.nodes) {
    if (n.kind === 'External') nodes.set(n.id, externalNode(n.cidrs ?? []));
    else {
      const endpoint = n.endpoints[0];
      const node = endpoint === undefined ? undefined : workloadNode(compiled.cluster, endpoint);
      if (node !== undefined) nodes.set(n.id, node);
    }
  }
  const out: IntentFlow[] = [];
  for (const c of matrix.connections) {
    const src = nodes.get(c.src);
    const dst = nodes.get(c.dst);
    if (src === undefined || dst === undefined) continue;
    out.push({
      src,
      dst,
      conns: c.conns,
      reasons: [`${name(src)} → ${name(dst)} ${formatConns(c.conns)}, allowed today`],
    });
  }
  return out;
}

function name(n: IntentNode): string {
  return n.type === 'external' ? 'outside the cluster' : n.id;
}

/** Merges flows of the same pair: ports unioned, reasons kept in order. */
export function mergeFlows(flows: readonly IntentFlow[]): IntentFlow[] {
  const byPair = new Map<string, IntentFlow>();
  for (const f of flows) {
    const key = `${f.src.id}\u0000${f.dst.id}`;
    const seen = byPair.get(key);
    if (seen === undefined) byPair.set(key, f);
    else
      byPair.set(key, {
        ...seen,
        conns: unionConns(seen.conns, f.conns) as ConnSet,
        reasons: [...seen.reasons, ...f.reasons.filter((r) => !seen.reasons.includes(r))],
        ...(seen.dns === true && f.dns === true ? { dns: true } : {}),
      });
  }
  return [...byPair.values()];
}
