import { checkConnection } from '../engine/check.js';
import { compileCluster } from '../engine/compile.js';
import type { Target } from '../engine/targets.js';
import type { Cluster, Protocol } from '../model/types.js';

/** What `check` evaluated, to evaluate it again under the other reading of ipBlock. */
export interface CheckedConnection {
  readonly cluster: Cluster;
  readonly src: Target;
  readonly dst: Target;
  readonly port: number | string;
  readonly protocol: Protocol;
  readonly verdict: string;
}

/**
 * When an upstream verdict rests on an ipBlock holding a pod IP, one sentence that says so and
 * what Cilium (where ipBlock never matches pod IPs) would answer; undefined otherwise. Whether
 * ipBlock matches pod traffic is implementation-defined (lint's ipblock-covers-pods): the
 * connection is checked again with `--cni cilium`, and only a different verdict is worth a word.
 */
export function ipBlockPodNote(checked: CheckedConnection, explanation: unknown): string | undefined {
  const match = findIpBlockMatch(explanation);
  if (match === undefined) return undefined;
  const compiled = compileCluster(checked.cluster, { cni: 'cilium' });
  const other = checkConnection(compiled, checked.src, checked.dst, checked.port, checked.protocol);
  if (other.verdict === checked.verdict) return undefined;
  return `this verdict rests on ipBlock ${match.cidr} holding the pod IP ${match.address}, which network plugins treat differently: where ipBlock never matches pod IPs (Cilium, --cni cilium) it is ${other.verdict}`;
}

/** The first `IPBLOCK_MATCHES` reason anywhere in an explanation. */
function findIpBlockMatch(value: unknown): { cidr: string; address: string } | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findIpBlockMatch(item);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (
    record.code === 'IPBLOCK_MATCHES' &&
    typeof record.cidr === 'string' &&
    typeof record.address === 'string'
  )
    return { cidr: record.cidr, address: record.address };
  for (const v of Object.values(record)) {
    const found = findIpBlockMatch(v);
    if (found !== undefined) return found;
  }
  return undefined;
}
