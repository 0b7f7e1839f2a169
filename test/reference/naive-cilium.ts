/**
 * A deliberately naive evaluator of the Cilium profile: CiliumNetworkPolicy,
 * CiliumClusterwideNetworkPolicy and NetworkPolicy as Cilium enforces them, written from
 * Cilium's documentation (Documentation/security/policy) and its policy translation code, one
 * connection and one port at a time. Like naive.ts it shares nothing with src/engine: every
 * party gets Cilium's identity labels (pod labels, `io.kubernetes.pod.namespace`, namespace
 * labels, or a reserved identity such as `reserved:host`) and selectors are matched against
 * them with their label sources, as Cilium's selector cache does.
 */
import type {
  CiliumPeer,
  CiliumPolicy,
  CiliumPort,
  CiliumRuleItem,
  CiliumSpec,
  Cluster,
  Endpoint,
  LabelSelector,
  NetworkPolicy,
  PolicyRule,
  Protocol,
} from '../../src/model/types.js';
import { ipBlockHolds, type NaiveParty, selectorMatches } from './naive.js';

/** An identity label: source (`k8s`, `reserved`), key, value. */
interface IdLabel {
  readonly source: string;
  readonly key: string;
  readonly value: string;
}

/** A party as Cilium sees it from a pod `self`: its identity labels, and its address if external. */
interface Identity {
  readonly labels: readonly IdLabel[];
  readonly pod: Endpoint | null;
  /** An address outside the cluster (world), for CIDR rules. */
  readonly worldAddress: string | null;
}

/** Whether `src` may open a connection to `dst` on `port`/`protocol` under Cilium. */
export function naiveCiliumAllowed(
  cluster: Cluster,
  src: NaiveParty,
  dst: NaiveParty,
  port: number,
  protocol: Protocol,
): boolean {
  if (typeof src !== 'string' && src === dst) return true;
  return (
    direction(cluster, 'egress', src, dst, port, protocol) &&
    direction(cluster, 'ingress', dst, src, port, protocol)
  );
}

function direction(
  cluster: Cluster,
  dir: 'ingress' | 'egress',
  self: NaiveParty,
  other: NaiveParty,
  port: number,
  protocol: Protocol,
): boolean {
  // Only pods are subject to pod policies; nodes (hostNetwork pods) and the world are not.
  if (typeof self === 'string' || self.hostNetwork) return true;
  const peer = identityOf(cluster, other, self);
  // allow-localhost: the pod's own node always gets in
  if (dir === 'ingress' && has(peer, 'reserved', 'host')) return true;
  const destination = dir === 'egress' ? other : self;
  let isolated = false;
  let allowed = false;
  for (const { policy, spec } of ciliumSpecs(cluster)) {
    if (!specSelects(cluster, policy, spec, self)) continue;
    if (spec.defaultDeny[dir]) isolated = true;
    const allows = dir === 'ingress' ? spec.ingress : spec.egress;
    const denies = dir === 'ingress' ? spec.ingressDeny : spec.egressDeny;
    for (const item of denies) if (itemMatches(policy, item, peer, destination, port, protocol)) return false;
    for (const item of allows)
      if (itemMatches(policy, item, peer, destination, port, protocol)) allowed = true;
  }
  for (const np of cluster.policies) {
    if (np.namespace !== self.namespace || !selectorMatches(np.podSelector, self.labels)) continue;
    // ParseNetworkPolicy: every rule is translated whatever policyTypes says; policyTypes adds
    // an empty (deny-all) section for a direction without rules.
    const rules = dir === 'ingress' ? np.ingress : np.egress;
    if (rules.length > 0 || np.policyTypes.includes(dir === 'ingress' ? 'Ingress' : 'Egress'))
      isolated = true;
    for (const rule of rules)
      if (npRuleMatches(cluster, np, rule, peer, destination, port, protocol)) allowed = true;
  }
  return isolated ? allowed : true;
}

function ciliumSpecs(cluster: Cluster): { policy: CiliumPolicy; spec: CiliumSpec }[] {
  return cluster.ciliumPolicies.flatMap((policy) => policy.specs.map((spec) => ({ policy, spec })));
}

/** The identity labels of a pod: its labels, its namespace, its namespace's labels (all `k8s`). */
function podLabels(cluster: Cluster, pod: Endpoint): IdLabel[] {
  const out: IdLabel[] = Object.entries(pod.labels).map(([key, value]) => ({ source: 'k8s', key, value }));
  out.push({ source: 'k8s', key: 'io.kubernetes.pod.namespace', value: pod.namespace });
  const ns = cluster.namespaces.get(pod.namespace);
  for (const [key, value] of Object.entries(ns?.labels ?? {}))
    out.push({ source: 'k8s', key: `io.cilium.k8s.namespace.labels.${key}`, value });
  return out;
}

/** The node a party is, if it is one: a hostNetwork pod's node, or the Node holding an address. */
function nodeOf(cluster: Cluster, party: NaiveParty): string | undefined {
  if (typeof party !== 'string') {
    if (!party.hostNetwork) return undefined;
    return (
      party.node ?? cluster.nodes.find((n) => party.ips.some((ip) => n.addresses.includes(ip)))?.name ?? '?'
    );
  }
  return cluster.nodes.find((n) => n.addresses.includes(party))?.name;
}

function identityOf(cluster: Cluster, party: NaiveParty, self: Endpoint): Identity {
  const reserved = (...names: string[]): IdLabel[] =>
    names.map((key) => ({ source: 'reserved', key, value: '' }));
  const apiServer =
    typeof party === 'string'
      ? cluster.apiServerAddresses.includes(party)
      : party.hostNetwork && party.ips.some((ip) => cluster.apiServerAddresses.includes(ip));
  const extra = apiServer ? reserved('kube-apiserver') : [];
  const node = nodeOf(cluster, party);
  if (node !== undefined) {
    const same = self.node !== undefined && self.node === node;
    return { labels: [...reserved(same ? 'host' : 'remote-node'), ...extra], pod: null, worldAddress: null };
  }
  if (typeof party === 'string')
    return { labels: [...reserved('world'), ...extra], pod: null, worldAddress: party };
  return { labels: podLabels(cluster, party), pod: party, worldAddress: null };
}

function has(identity: Identity, source: string, key: string): boolean {
  return identity.labels.some((l) => l.source === source && l.key === key);
}

/** `src:key` → [source, key]; a key without a source matches labels of any source. */
function splitKey(text: string): [string, string] {
  const m = /^([a-z0-9-]+):(.*)$/.exec(text);
  return m === null ? ['any', text] : [m[1]!, m[2]!];
}

/** Cilium's selector matching: each requirement on the labels of its source (or any). */
function identityMatches(selector: LabelSelector, labels: readonly IdLabel[]): boolean {
  const labelValue = (text: string): string | undefined => {
    const [source, key] = splitKey(text);
    return labels.find((l) => l.key === key && (source === 'any' || l.source === source))?.value;
  };
  for (const [key, value] of Object.entries(selector.matchLabels))
    if (labelValue(key) !== value) return false;
  for (const r of selector.matchExpressions) {
    const v = labelValue(r.key);
    if (r.operator === 'In' && (v === undefined || !r.values.includes(v))) return false;
    if (r.operator === 'NotIn' && v !== undefined && r.values.includes(v)) return false;
    if (r.operator === 'Exists' && v === undefined) return false;
    if (r.operator === 'DoesNotExist' && v !== undefined) return false;
  }
  return true;
}

const NS_KEY = 'io.kubernetes.pod.namespace';
const NS_LABELS = 'io.cilium.k8s.namespace.labels.';

/** Every key of a selector, matchLabels and matchExpressions. */
function keysOf(selector: LabelSelector): string[] {
  return [...Object.keys(selector.matchLabels), ...selector.matchExpressions.map((r) => r.key)];
}

function specSelects(cluster: Cluster, policy: CiliumPolicy, spec: CiliumSpec, pod: Endpoint): boolean {
  if (spec.endpointSelector === null) return false; // a host policy selects nodes, not pods
  let selector = spec.endpointSelector;
  if (policy.namespace !== null) {
    // ParseToCiliumRule: the policy namespace is set under k8s:io.kubernetes.pod.namespace
    selector = {
      matchLabels: { ...selector.matchLabels, [`k8s:${NS_KEY}`]: policy.namespace },
      matchExpressions: selector.matchExpressions,
    };
  }
  return identityMatches(selector, podLabels(cluster, pod));
}

/** A from/toEndpoints selector as Cilium rewrites it (getEndpointSelector). */
function peerSelector(policy: CiliumPolicy, selector: LabelSelector): LabelSelector {
  const keys = keysOf(selector).map(splitKey);
  if (keys.some(([source]) => source === 'reserved')) return selector;
  const namesNamespace = keys.some(
    ([source, key]) => (source === 'any' || source === 'k8s') && key === NS_KEY,
  );
  if (namesNamespace) return selector;
  if (policy.namespace === null)
    return {
      matchLabels: selector.matchLabels,
      matchExpressions: [
        ...selector.matchExpressions,
        { key: `k8s:${NS_KEY}`, operator: 'Exists', values: [] },
      ],
    };
  if (keys.some(([source, key]) => (source === 'any' || source === 'k8s') && key.startsWith(NS_LABELS)))
    return selector;
  return {
    matchLabels: { ...selector.matchLabels, [`k8s:${NS_KEY}`]: policy.namespace },
    matchExpressions: selector.matchExpressions,
  };
}

function peerMatches(policy: CiliumPolicy, peer: CiliumPeer, party: Identity): boolean {
  switch (peer.type) {
    case 'endpoints':
      return identityMatches(peerSelector(policy, peer.selector), party.labels);
    case 'entity':
      return entityMatches(peer.entity, party);
    case 'cidr':
      return party.worldAddress !== null && ipBlockHolds(peer.cidr, peer.except, party.worldAddress);
    case 'fqdn':
      return false;
  }
}

function entityMatches(entity: string, party: Identity): boolean {
  if (entity === 'all') return true;
  if (entity === 'cluster')
    return party.pod !== null || has(party, 'reserved', 'host') || has(party, 'reserved', 'remote-node');
  return has(party, 'reserved', entity);
}

function itemMatches(
  policy: CiliumPolicy,
  item: CiliumRuleItem,
  party: Identity,
  destination: NaiveParty,
  port: number,
  protocol: Protocol,
): boolean {
  if (item.empty) return false;
  if (item.peers !== null && !item.peers.some((p) => peerMatches(policy, p, party))) return false;
  if (item.toPorts === null) return true;
  return item.toPorts.some(
    (rule) =>
      rule.ports === null || rule.ports.some((p) => ciliumPortMatches(p, destination, port, protocol)),
  );
}

function ciliumPortMatches(
  p: CiliumPort,
  destination: NaiveParty,
  port: number,
  protocol: Protocol,
): boolean {
  if (!p.protocols.includes(protocol)) return false;
  if (p.port === null) return true;
  if (typeof p.port === 'number') return port >= p.port && port <= (p.endPort ?? p.port);
  if (typeof destination === 'string') return false;
  return destination.ports.some((cp) => cp.name === p.port && cp.protocol === protocol && cp.port === port);
}

/** A NetworkPolicy rule as Cilium translates it: ipBlock never matches pods or nodes. */
function npRuleMatches(
  cluster: Cluster,
  np: NetworkPolicy,
  rule: PolicyRule,
  party: Identity,
  destination: NaiveParty,
  port: number,
  protocol: Protocol,
): boolean {
  const peerOk =
    rule.peers === null ||
    rule.peers.some((peer) => {
      if (peer.type === 'ipBlock')
        return party.worldAddress !== null && ipBlockHolds(peer.cidr, peer.except, party.worldAddress);
      const pod = party.pod;
      if (pod === null) return false;
      if (peer.namespaceSelector === null) {
        if (pod.namespace !== np.namespace) return false;
      } else if (
        !selectorMatches(peer.namespaceSelector, cluster.namespaces.get(pod.namespace)?.labels ?? {})
      )
        return false;
      return peer.podSelector === null || selectorMatches(peer.podSelector, pod.labels);
    });
  if (!peerOk) return false;
  if (rule.ports === null) return true;
  return rule.ports.some((p) => {
    if (p.protocol !== protocol) return false;
    if (p.port === null) return true;
    if (typeof p.port === 'number') return port >= p.port && port <= (p.endPort ?? p.port);
    if (typeof destination === 'string') return false;
    return destination.ports.some((cp) => cp.name === p.port && cp.protocol === protocol && cp.port === port);
  });
}
