import type { CompiledCluster } from '../../engine/compile.js';
import { isolatingPolicies } from '../../engine/isolation.js';
import type { Direction, Endpoint } from '../../model/types.js';

/** Which directions each endpoint is isolated for in the namespace tier (the engine's isolation, cached). */
export function isolationOf(
  compiled: CompiledCluster,
): (endpoint: Endpoint, direction: Direction) => boolean {
  const cache = new Map<Endpoint, { ingress: boolean; egress: boolean }>();
  return (endpoint, direction) => {
    let hit = cache.get(endpoint);
    if (hit === undefined) {
      hit = {
        ingress: isolatingPolicies(compiled, endpoint, 'ingress').length > 0,
        egress: isolatingPolicies(compiled, endpoint, 'egress').length > 0,
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
