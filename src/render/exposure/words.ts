import type { IsolationState, PublishingService } from '../../exposure/types.js';

/** Isolation in words: `isolated`, `not isolated`, `partly isolated`, `host network`. */
export function isolationWords(state: IsolationState): string {
  switch (state) {
    case 'isolated':
      return 'isolated';
    case 'not-isolated':
      return 'not isolated';
    case 'partial':
      return 'partly isolated';
    case 'host-network':
      return 'host network';
    case 'baseline-deny':
      return 'protected by a baseline default deny';
    case 'deny-all':
      return 'protected by a deny of every peer';
  }
}

/** `svc ns/name (LoadBalancer 80/TCP, 443/TCP)`, `… (NodePort 7681→30681/TCP)`. */
export function serviceWords(s: PublishingService): string {
  const ports = s.ports.map(
    (p) => `${p.port}${p.nodePort === undefined ? '' : `→${p.nodePort}`}/${p.protocol}`,
  );
  const ips = s.externalIPs.length > 0 ? ` externalIPs ${s.externalIPs.join(',')}` : '';
  return `svc ${s.namespace}/${s.name} (${s.type}${ips} ${ports.join(', ')})`;
}
