import { policySelects } from '../../engine/compile.js';
import type { Cluster, Direction, Endpoint } from '../../model/types.js';

/** Whether some policy of the endpoint's namespace isolates it for `direction`. */
export function isIsolated(cluster: Cluster, endpoint: Endpoint, direction: Direction): boolean {
  const type = direction === 'ingress' ? 'Ingress' : 'Egress';
  return cluster.policies.some(
    (p) => p.namespace === endpoint.namespace && p.policyTypes.includes(type) && policySelects(p, endpoint),
  );
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
