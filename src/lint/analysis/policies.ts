import { podPeerMatches, policySelects } from '../../engine/compile.js';
import type { Direction, Endpoint, NetworkPolicy, PodPeer, PolicyRule } from '../../model/types.js';
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
  return ctx.cluster.endpoints.filter((e) => policySelects(policy, e));
}

/** Endpoints a pod peer of `policy` matches, in every namespace. */
export function peerEndpoints(ctx: LintContext, policy: NetworkPolicy, peer: PodPeer): Endpoint[] {
  const labels = ctx.compiled.namespaceLabels;
  return ctx.cluster.endpoints.filter((e) => podPeerMatches(peer, policy.namespace, e, labels));
}

/** Endpoints of one namespace. */
export function endpointsIn(ctx: LintContext, namespace: string): Endpoint[] {
  return ctx.cluster.endpoints.filter((e) => e.namespace === namespace);
}
