import { policySelects } from '../../engine/compile.js';
import type { Cluster, Direction, Endpoint, NetworkPolicy } from '../../model/types.js';

/** Which directions each endpoint is isolated for: one pass over the policies of its namespace. */
export function isolationOf(cluster: Cluster): (endpoint: Endpoint, direction: Direction) => boolean {
  const byNamespace = new Map<string, NetworkPolicy[]>();
  for (const p of cluster.policies) {
    const list = byNamespace.get(p.namespace) ?? [];
    list.push(p);
    byNamespace.set(p.namespace, list);
  }
  const cache = new Map<Endpoint, { ingress: boolean; egress: boolean }>();
  return (endpoint, direction) => {
    let hit = cache.get(endpoint);
    if (hit === undefined) {
      const selecting = (byNamespace.get(endpoint.namespace) ?? []).filter((p) => policySelects(p, endpoint));
      hit = {
        ingress: selecting.some((p) => p.policyTypes.includes('Ingress')),
        egress: selecting.some((p) => p.policyTypes.includes('Egress')),
      };
      cache.set(endpoint, hit);
    }
    return hit[direction];
  };
}

/** The directions a default deny would add: `ingress`, `egress`, or both. */
export function showDirections(directions: readonly Direction[]): string {
  return directions.join(' or ');
}

/** A default-deny policy in YAML-ish words for hints. */
export function defaultDenyHint(namespace: string, directions: readonly Direction[]): string {
  const types = directions.map((d) => (d === 'ingress' ? 'Ingress' : 'Egress')).join(', ');
  return `add a default deny to ${namespace} (\`podSelector: {}\` with \`policyTypes: [${types}]\`), then allow what each workload needs`;
}
