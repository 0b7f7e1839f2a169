import { peerNamespaceMatches, peerPodMatches, subjectSelects } from '../../engine/match.js';
import type { Cluster, Direction, Endpoint, NetworkPolicy, PodPeer, PolicyRule } from '../../model/types.js';
import type { LintContext } from '../types.js';

/** A rule of a policy with its direction. */
export interface RuleAt {
  readonly policy: NetworkPolicy;
  readonly direction: Direction;
  readonly rule: PolicyRule;
}

/** Every rule of a policy, ingress first, as written (including rules policyTypes ignores). */
export function rulesOf(policy: NetworkPolicy): RuleAt[] {
  return [
    ...policy.ingress.map((rule) => ({ policy, direction: 'ingress' as const, rule })),
    ...policy.egress.map((rule) => ({ policy, direction: 'egress' as const, rule })),
  ];
}

/** Every pod peer (podSelector and/or namespaceSelector) of a policy's rules. */
export function podPeersOf(policy: NetworkPolicy): (RuleAt & { readonly peer: PodPeer })[] {
  return rulesOf(policy).flatMap((at) =>
    (at.rule.peers ?? []).flatMap((peer) => (peer.type === 'pods' ? [{ ...at, peer }] : [])),
  );
}

/** Endpoints the policy's podSelector selects (hostNetwork pods never are). */
export function selectedEndpoints(ctx: LintContext, policy: NetworkPolicy): Endpoint[] {
  const subject = { namespace: policy.namespace, namespaceSelector: null, podSelector: policy.podSelector };
  return endpointsIn(ctx, policy.namespace).filter((e) =>
    subjectSelects(subject, e, ctx.compiled.namespaceLabels),
  );
}

/** Endpoints a pod peer of `policy` matches, in every namespace. */
export function peerEndpoints(ctx: LintContext, policy: NetworkPolicy, peer: PodPeer): Endpoint[] {
  const labels = ctx.compiled.namespaceLabels;
  const candidates =
    peer.namespaceSelector === null ? endpointsIn(ctx, policy.namespace) : ctx.cluster.endpoints;
  const compiledPeer = {
    namespace: policy.namespace,
    namespaceSelector: peer.namespaceSelector,
    podSelector: peer.podSelector,
  };
  return candidates.filter(
    (e) => peerNamespaceMatches(compiledPeer, e.namespace, labels) && peerPodMatches(compiledPeer, e),
  );
}

const BY_NAMESPACE = new WeakMap<Cluster, ReadonlyMap<string, readonly Endpoint[]>>();

/** Endpoints of one namespace (indexed once per cluster). */
export function endpointsIn(ctx: LintContext, namespace: string): readonly Endpoint[] {
  let index = BY_NAMESPACE.get(ctx.cluster);
  if (index === undefined) {
    const map = new Map<string, Endpoint[]>();
    for (const e of ctx.cluster.endpoints) {
      const list = map.get(e.namespace) ?? [];
      list.push(e);
      map.set(e.namespace, list);
    }
    index = map;
    BY_NAMESPACE.set(ctx.cluster, index);
  }
  return index.get(namespace) ?? [];
}
