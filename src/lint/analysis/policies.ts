import { matchesSelector, selectorKey } from '../../engine/label-selector.js';
import { peerNamespaceMatches, peerPodMatches, subjectSelects } from '../../engine/match.js';
import type {
  Cluster,
  Direction,
  Endpoint,
  LabelSelector,
  Namespace,
  NetworkPolicy,
  PodPeer,
  PolicyRule,
} from '../../model/types.js';
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

/** Endpoints a pod peer of `policy` matches, in every namespace, in input order. */
export function peerEndpoints(ctx: LintContext, policy: NetworkPolicy, peer: PodPeer): Endpoint[] {
  const compiledPeer = {
    namespace: policy.namespace,
    namespaceSelector: peer.namespaceSelector,
    podSelector: peer.podSelector,
  };
  if (peer.namespaceSelector === null)
    return endpointsIn(ctx, policy.namespace).filter((e) => peerPodMatches(compiledPeer, e));
  // namespace by namespace: each namespace's labels are matched once, not once per pod
  const matched = new Set(namespacesMatching(ctx, peer.namespaceSelector));
  const labels = ctx.compiled.namespaceLabels;
  const out: Endpoint[] = [];
  let namespaces = 0;
  for (const [namespace, endpoints] of namespaceIndex(ctx)) {
    const admitted = ctx.cluster.namespaces.has(namespace)
      ? matched.has(namespace)
      : peerNamespaceMatches(compiledPeer, namespace, labels);
    if (!admitted) continue;
    const before = out.length;
    for (const e of endpoints) if (peerPodMatches(compiledPeer, e)) out.push(e);
    if (out.length > before) namespaces++;
  }
  if (namespaces > 1) {
    const order = inputOrder(ctx);
    out.sort((a, b) => order.get(a)! - order.get(b)!);
  }
  return out;
}

const NAMESPACE_INDEX = new WeakMap<
  Cluster,
  { readonly all: readonly Namespace[]; readonly byLabel: ReadonlyMap<string, readonly Namespace[]> }
>();
const NAMESPACES_MATCHING = new WeakMap<Cluster, Map<string, readonly string[]>>();

/**
 * Names of the namespaces a selector matches, in the cluster's order: once per distinct selector
 * and cluster, testing only the namespaces carrying its rarest `matchLabels` pair when it has one.
 */
export function namespacesMatching(ctx: LintContext, selector: LabelSelector): readonly string[] {
  let known = NAMESPACES_MATCHING.get(ctx.cluster);
  if (known === undefined) {
    known = new Map();
    NAMESPACES_MATCHING.set(ctx.cluster, known);
  }
  const key = selectorKey(selector);
  const hit = known.get(key);
  if (hit !== undefined) return hit;
  let index = NAMESPACE_INDEX.get(ctx.cluster);
  if (index === undefined) {
    const all = [...ctx.cluster.namespaces.values()];
    const byLabel = new Map<string, Namespace[]>();
    for (const ns of all)
      for (const [k, v] of Object.entries(ns.labels)) {
        const list = byLabel.get(`${k}=${v}`);
        if (list === undefined) byLabel.set(`${k}=${v}`, [ns]);
        else list.push(ns);
      }
    index = { all, byLabel };
    NAMESPACE_INDEX.set(ctx.cluster, index);
  }
  let candidates = index.all;
  for (const [k, v] of Object.entries(selector.matchLabels)) {
    const carrying = index.byLabel.get(`${k}=${v}`) ?? [];
    if (carrying.length < candidates.length) candidates = carrying;
  }
  const names = candidates.filter((ns) => matchesSelector(selector, ns.labels)).map((ns) => ns.name);
  known.set(key, names);
  return names;
}

const BY_LABEL = new WeakMap<Cluster, ReadonlyMap<string, readonly Endpoint[]>>();

/**
 * Endpoints a pod selector matches in every namespace (hostNetwork pods left out), in input
 * order. Only the endpoints carrying the selector's rarest `matchLabels` pair are tested, when
 * it has one (an index of label pairs made once per cluster).
 */
export function podsMatching(ctx: LintContext, selector: LabelSelector): Endpoint[] {
  let index = BY_LABEL.get(ctx.cluster);
  if (index === undefined) {
    const map = new Map<string, Endpoint[]>();
    for (const e of ctx.cluster.endpoints)
      for (const [key, value] of Object.entries(e.labels)) {
        const pair = `${key}=${value}`;
        const list = map.get(pair);
        if (list === undefined) map.set(pair, [e]);
        else list.push(e);
      }
    index = map;
    BY_LABEL.set(ctx.cluster, index);
  }
  let candidates: readonly Endpoint[] = ctx.cluster.endpoints;
  for (const [key, value] of Object.entries(selector.matchLabels)) {
    const carrying = index.get(`${key}=${value}`) ?? [];
    if (carrying.length < candidates.length) candidates = carrying;
  }
  return candidates.filter((e) => !e.hostNetwork && matchesSelector(selector, e.labels));
}

const INPUT_ORDER = new WeakMap<Cluster, ReadonlyMap<Endpoint, number>>();

/** Each endpoint's place in the cluster's list. */
function inputOrder(ctx: LintContext): ReadonlyMap<Endpoint, number> {
  let order = INPUT_ORDER.get(ctx.cluster);
  if (order === undefined) {
    order = new Map(ctx.cluster.endpoints.map((e, i) => [e, i]));
    INPUT_ORDER.set(ctx.cluster, order);
  }
  return order;
}

const BY_NAMESPACE = new WeakMap<Cluster, ReadonlyMap<string, readonly Endpoint[]>>();

/** Endpoints of one namespace (indexed once per cluster). */
export function endpointsIn(ctx: LintContext, namespace: string): readonly Endpoint[] {
  return namespaceIndex(ctx).get(namespace) ?? [];
}

/** The endpoints of each namespace, in input order, namespaces in order of their first endpoint. */
function namespaceIndex(ctx: LintContext): ReadonlyMap<string, readonly Endpoint[]> {
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
  return index;
}
