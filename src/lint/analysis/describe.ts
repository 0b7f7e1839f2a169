import { formatSelector } from '../../engine/label-selector.js';
import type { PathSegment } from '../../model/source.js';
import type { Direction, Endpoint, LabelSelector, PodPeer } from '../../model/types.js';

/** `a, b, c and 2 more`: a short list for messages. */
export function listNames(names: readonly string[], max = 3): string {
  const unique = [...new Set(names)];
  if (unique.length <= max) return unique.join(', ');
  return `${unique.slice(0, max).join(', ')} and ${unique.length - max} more`;
}

/** The workloads of some endpoints, listed once each. */
export function listWorkloads(endpoints: readonly Endpoint[], max = 3): string {
  return listNames([...new Set(endpoints.map((e) => e.workload))].sort(), max);
}

/** `from` for ingress rules, `to` for egress rules. */
export function peersField(direction: Direction): 'from' | 'to' {
  return direction === 'ingress' ? 'from' : 'to';
}

/** Path of a rule inside its policy: `spec.ingress[2]`. */
export function rulePath(direction: Direction, index: number): PathSegment[] {
  return ['spec', direction, index];
}

/** Path of a peer inside its policy: `spec.ingress[2].from[1]`. */
export function peerPath(direction: Direction, rule: number, peer: number): PathSegment[] {
  return ['spec', direction, rule, peersField(direction), peer];
}

/** A selector in kubectl's form, quoted for messages: `app=web`, `<all>` for `{}`. */
export function showSelector(selector: LabelSelector): string {
  return formatSelector(selector);
}

/** A pod peer as a phrase: `namespaceSelector team=a with podSelector app=db`. */
export function showPodPeer(peer: PodPeer): string {
  const parts: string[] = [];
  if (peer.namespaceSelector !== null)
    parts.push(`namespaceSelector ${showSelector(peer.namespaceSelector)}`);
  if (peer.podSelector !== null) parts.push(`podSelector ${showSelector(peer.podSelector)}`);
  return parts.join(' with ');
}

/** `1 pod`, `2 pods`. */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}
