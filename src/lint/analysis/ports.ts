import type { ContainerPort, PolicyPort } from '../../model/types.js';

/** Ports of a rule as written: `TCP 80, UDP 53, TCP 8000-8080, TCP http`. */
export function formatPolicyPorts(ports: readonly PolicyPort[]): string {
  return ports
    .map((p) =>
      p.port === null
        ? `every ${p.protocol} port`
        : `${p.protocol} ${p.port}${p.endPort === undefined ? '' : `-${p.endPort}`}`,
    )
    .join(', ');
}

/** Named ports decide how a rule resolves on a destination; numbers alone do not. */
export function portsKey(ports: readonly ContainerPort[]): string {
  return ports
    .filter((p) => p.name !== undefined)
    .map((p) => `${p.name}/${p.protocol}/${p.port}`)
    .sort()
    .join(',');
}
