/**
 * A deliberately naive evaluator of the Cilium profile: CiliumNetworkPolicy,
 * CiliumClusterwideNetworkPolicy and NetworkPolicy as Cilium enforces them, one connection and
 * one port at a time. It is written from Cilium's documentation (Documentation/security/policy:
 * intro.rst, language.rst, deny.rst, kubernetes.rst) and read from its code (pkg/policy/api,
 * pkg/k8s/apis/cilium.io/utils `ParseToCiliumRule` and `getEndpointSelector`, pkg/k8s
 * `ParseNetworkPolicy`), never from src/engine.
 *
 * It reads the Cilium policies **as written** (the raw objects, not the normalized model), so
 * that the normalizer's reading of them (`spec`/`specs`, `enableDefaultDeny`, `ANY`, `- {}`,
 * empty peer lists, endPort) is checked too. Only the cluster around them (pods, namespaces,
 * nodes, API server addresses, NetworkPolicies) comes from the normalized model, whose own
 * readers are checked by the upstream reference (naive.ts).
 *
 * Every party gets Cilium's identity labels — a pod's labels, `io.kubernetes.pod.namespace`, its
 * namespace's labels under `io.cilium.k8s.namespace.labels.`, or reserved labels such as
 * `reserved:host` — and selectors are matched against them with their label sources, as
 * Cilium's selector cache does.
 */
import type {
  Cluster,
  Endpoint,
  LabelSelector,
  NetworkPolicy,
  PolicyRule,
  Protocol,
} from '../../src/model/types.js';
import { ipBlockHolds, type NaiveParty, selectorMatches } from './naive.js';

type Raw = Readonly<Record<string, unknown>>;
type Direction = 'ingress' | 'egress';

/** An identity label: source (`k8s`, `reserved`), key, value. */
interface IdLabel {
  readonly source: string;
  readonly key: string;
  readonly value: string;
}

/** The far side of a connection as Cilium sees it from a pod: its labels, its address if outside. */
interface Identity {
  readonly labels: readonly IdLabel[];
  readonly pod: Endpoint | null;
  /** An address outside the cluster (world, or the API server), for CIDR rules. */
  readonly outsideAddress: string | null;
}

/** A Cilium policy as written, with what the naive needs of its metadata. */
interface WrittenPolicy {
  readonly namespace: string | null;
  readonly rules: readonly Raw[];
}

/**
 * Whether `src` may open a connection to `dst` on `port`/`protocol` under Cilium. `written` are
 * the Cilium policy objects of the input as written; those the loader rejected (absent from
 * `cluster.ciliumPolicies`) are left out, as Cilium never enforces them.
 */
export function naiveCiliumAllowed(
  cluster: Cluster,
  written: readonly Raw[],
  src: NaiveParty,
  dst: NaiveParty,
  port: number,
  protocol: Protocol,
): boolean {
  // A pod to itself is always allowed (design.md, semantics 8).
  if (typeof src !== 'string' && src === dst) return true;
  const policies = acceptedPolicies(cluster, written);
  return (
    direction(cluster, policies, 'egress', src, dst, port, protocol) &&
    direction(cluster, policies, 'ingress', dst, src, port, protocol)
  );
}

const acceptedByWritten = new WeakMap<readonly Raw[], WrittenPolicy[]>();

function acceptedPolicies(cluster: Cluster, written: readonly Raw[]): WrittenPolicy[] {
  let out = acceptedByWritten.get(written);
  if (out === undefined) {
    out = readAccepted(cluster, written);
    acceptedByWritten.set(written, out);
  }
  return out;
}

function readAccepted(cluster: Cluster, written: readonly Raw[]): WrittenPolicy[] {
  const out: WrittenPolicy[] = [];
  for (const object of written) {
    const meta = (object.metadata ?? {}) as Raw;
    const clusterwide = object.kind === 'CiliumClusterwideNetworkPolicy';
    if (!clusterwide && object.kind !== 'CiliumNetworkPolicy') continue;
    const namespace = clusterwide ? null : String(meta.namespace ?? 'default');
    const id = clusterwide ? `ccnp/${meta.name}` : `cnp/${namespace}/${meta.name}`;
    if (!cluster.ciliumPolicies.some((p) => p.id === id)) continue;
    const rules = [object.spec, ...((object.specs as unknown[] | undefined) ?? [])].filter(
      (r): r is Raw => typeof r === 'object' && r !== null,
    );
    out.push({ namespace, rules });
  }
  return out;
}

/** One direction of one pod: isolation, union of allows, deny first. */
function direction(
  cluster: Cluster,
  policies: readonly WrittenPolicy[],
  dir: Direction,
  self: NaiveParty,
  other: NaiveParty,
  port: number,
  protocol: Protocol,
): boolean {
  // Pod policies apply to pods only: the world is no subject, and a hostNetwork pod is its node
  // (host policies, nodeSelector, are not evaluated).
  if (typeof self === 'string' || self.hostNetwork) return true;
  const peer = identityOf(cluster, other, self);
  // allow-localhost (the default): the pod's own node always gets in.
  if (dir === 'ingress' && has(peer, 'reserved', 'host')) return true;
  const destination = dir === 'egress' ? other : self;
  const allowSection = dir;
  const denySection = dir === 'ingress' ? 'ingressDeny' : 'egressDeny';
  let isolated = false;
  let allowed = false;
  for (const policy of policies) {
    for (const rule of policy.rules) {
      if (!ruleSelects(cluster, policy, rule, self)) continue;
      const allows = list(rule[allowSection]);
      const denies = list(rule[denySection]);
      // Rule.Sanitize: enableDefaultDeny unset means "deny" when the direction has any item.
      const dd = ((rule.enableDefaultDeny ?? {}) as Raw)[dir];
      if (typeof dd === 'boolean' ? dd : allows.length > 0 || denies.length > 0) isolated = true;
      // deny beats allow, whichever policy or kind allows
      for (const item of denies)
        if (itemMatches(policy, dir, item, peer, destination, port, protocol)) return false;
      for (const item of allows)
        if (itemMatches(policy, dir, item, peer, destination, port, protocol)) allowed = true;
    }
  }
  for (const np of cluster.policies) {
    if (np.namespace !== self.namespace || !selectorMatches(np.podSelector, self.labels)) continue;
    // ParseNetworkPolicy: every rule is translated whatever policyTypes says; a listed type
    // without rules adds an empty section (a default deny).
    const rules = dir === 'ingress' ? np.ingress : np.egress;
    if (rules.length > 0 || np.policyTypes.includes(dir === 'ingress' ? 'Ingress' : 'Egress'))
      isolated = true;
    for (const rule of rules)
      if (npRuleMatches(cluster, np, rule, peer, destination, port, protocol)) allowed = true;
  }
  return isolated ? allowed : true;
}

/** A list field: absent and null are empty. */
function list(value: unknown): Raw[] {
  return Array.isArray(value) ? value.map((v) => (v ?? {}) as Raw) : [];
}

/** Whether a field is written (an empty list counts: it is written and selects nothing). */
function written(item: Raw, field: string): boolean {
  return item[field] !== undefined && item[field] !== null;
}

// ---- identities ---------------------------------------------------------------------------

/** A pod's identity labels: its labels, its namespace, its namespace's labels (all `k8s`). */
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
    return {
      labels: [...reserved(same ? 'host' : 'remote-node'), ...extra],
      pod: null,
      outsideAddress: null,
    };
  }
  if (typeof party === 'string')
    return { labels: [...reserved('world'), ...extra], pod: null, outsideAddress: party };
  return { labels: podLabels(cluster, party), pod: party, outsideAddress: null };
}

function has(identity: Identity, source: string, key: string): boolean {
  return identity.labels.some((l) => l.source === source && l.key === key);
}

// ---- selectors ----------------------------------------------------------------------------

const NS_KEY = 'io.kubernetes.pod.namespace';
const NS_LABELS = 'io.cilium.k8s.namespace.labels.';

/** A selector as written: matchLabels and matchExpressions, absent fields empty. */
function selectorOf(value: unknown): LabelSelector {
  const raw = (value ?? {}) as Raw;
  return {
    matchLabels: (raw.matchLabels ?? {}) as Record<string, string>,
    matchExpressions: ((raw.matchExpressions ?? []) as LabelSelector['matchExpressions']).map((r) => ({
      key: r.key,
      operator: r.operator,
      values: r.values ?? [],
    })),
  };
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

/** Every key of a selector, matchLabels and matchExpressions, split into source and key. */
function keysOf(selector: LabelSelector): [string, string][] {
  return [...Object.keys(selector.matchLabels), ...selector.matchExpressions.map((r) => r.key)].map(splitKey);
}

/**
 * Whether a rule applies to a pod. A nodeSelector (host policy) selects no pod. A CNP's
 * endpointSelector gets `k8s:io.kubernetes.pod.namespace: <policy namespace>` set in
 * matchLabels (ParseToCiliumRule), replacing a value written under that exact key.
 */
function ruleSelects(cluster: Cluster, policy: WrittenPolicy, rule: Raw, pod: Endpoint): boolean {
  if (!written(rule, 'endpointSelector')) return false;
  let selector = selectorOf(rule.endpointSelector);
  if (policy.namespace !== null)
    selector = {
      matchLabels: { ...selector.matchLabels, [`k8s:${NS_KEY}`]: policy.namespace },
      matchExpressions: selector.matchExpressions,
    };
  return identityMatches(selector, podLabels(cluster, pod));
}

/**
 * A from/toEndpoints selector as getEndpointSelector rewrites it: untouched when it names a
 * reserved label or the namespace; in a CCNP, limited to pods (the namespace label exists);
 * in a CNP, limited to the policy namespace unless it names namespace labels.
 */
function peerSelector(policy: WrittenPolicy, selector: LabelSelector): LabelSelector {
  const keys = keysOf(selector);
  const podSource = (source: string) => source === 'any' || source === 'k8s';
  if (keys.some(([source]) => source === 'reserved')) return selector;
  if (keys.some(([source, key]) => podSource(source) && key === NS_KEY)) return selector;
  if (policy.namespace === null)
    return {
      matchLabels: selector.matchLabels,
      matchExpressions: [
        ...selector.matchExpressions,
        { key: `k8s:${NS_KEY}`, operator: 'Exists', values: [] },
      ],
    };
  if (keys.some(([source, key]) => podSource(source) && key.startsWith(NS_LABELS))) return selector;
  return {
    matchLabels: { ...selector.matchLabels, [`k8s:${NS_KEY}`]: policy.namespace },
    matchExpressions: selector.matchExpressions,
  };
}

// ---- rule items ---------------------------------------------------------------------------

/** The peer fields of each direction kubereach reads (one kind per item, Rule.Sanitize). */
const PEER_FIELDS: Readonly<Record<Direction, readonly string[]>> = {
  ingress: ['fromEndpoints', 'fromEntities', 'fromCIDR', 'fromCIDRSet'],
  egress: ['toEndpoints', 'toEntities', 'toCIDR', 'toCIDRSet', 'toFQDNs'],
};

/**
 * Whether an item matches the peer and port. No peer field: every peer (when it has toPorts);
 * no peer field and no toPorts (`- {}`): nothing; a written but empty peer list: nothing.
 */
function itemMatches(
  policy: WrittenPolicy,
  dir: Direction,
  item: Raw,
  peer: Identity,
  destination: NaiveParty,
  port: number,
  protocol: Protocol,
): boolean {
  const fields = PEER_FIELDS[dir].filter((f) => written(item, f));
  const toPorts = list(item.toPorts);
  if (fields.length === 0 && toPorts.length === 0) return false;
  const peerOk =
    fields.length === 0 ||
    fields.some((f) => (item[f] as unknown[]).some((entry) => peerMatches(policy, f, entry, peer)));
  if (!peerOk) return false;
  if (toPorts.length === 0) return true;
  return toPorts.some((rule) => {
    const ports = list(rule.ports);
    return ports.length === 0 || ports.some((p) => portMatches(p, destination, port, protocol));
  });
}

/** One entry of a peer list: a selector, an entity, a CIDR, a CIDR rule or an FQDN selector. */
function peerMatches(policy: WrittenPolicy, field: string, entry: unknown, peer: Identity): boolean {
  if (field.endsWith('Endpoints'))
    return identityMatches(peerSelector(policy, selectorOf(entry)), peer.labels);
  if (field.endsWith('Entities')) return entityMatches(String(entry), peer);
  if (field.endsWith('CIDR')) {
    const text = String(entry);
    const cidr = text.includes('/') ? text : `${text}/${text.includes(':') ? 128 : 32}`;
    return peer.outsideAddress !== null && ipBlockHolds(cidr, [], peer.outsideAddress);
  }
  if (field.endsWith('CIDRSet')) {
    const rule = entry as Raw;
    return (
      peer.outsideAddress !== null &&
      ipBlockHolds(String(rule.cidr), (rule.except ?? []) as string[], peer.outsideAddress)
    );
  }
  // toFQDNs: names resolved at run time; nothing a static reader can match
  return false;
}

/**
 * Entities (pkg/policy/api/entity.go): `all` every identity; `world` outside the cluster;
 * `host`, `remote-node`, `kube-apiserver` their reserved identities; `cluster` pods, nodes and
 * the kube-apiserver (InitEntities adds its selector to the cluster entity); the rest stand for
 * identities the input never holds.
 */
function entityMatches(entity: string, peer: Identity): boolean {
  if (entity === 'all') return true;
  if (entity === 'cluster')
    return (
      peer.pod !== null ||
      has(peer, 'reserved', 'host') ||
      has(peer, 'reserved', 'remote-node') ||
      has(peer, 'reserved', 'kube-apiserver')
    );
  return has(peer, 'reserved', entity);
}

/**
 * A `toPorts[].ports[]` entry: protocol absent, empty or ANY is TCP, UDP and SCTP; port "0" is
 * every port; endPort extends a numeric port when above it; a name is a container port of the
 * destination pod (names compare case-insensitively).
 */
function portMatches(p: Raw, destination: NaiveParty, port: number, protocol: Protocol): boolean {
  const proto =
    p.protocol === undefined || p.protocol === null || p.protocol === '' ? 'ANY' : String(p.protocol);
  if (proto !== 'ANY' && proto !== protocol) return false;
  const text = String(p.port);
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    if (n === 0) return true;
    const end = typeof p.endPort === 'number' && p.endPort > n ? p.endPort : n;
    return port >= n && port <= end;
  }
  if (typeof destination === 'string') return false;
  const name = text.toLowerCase();
  return destination.ports.some((cp) => cp.name === name && cp.protocol === protocol && cp.port === port);
}

// ---- NetworkPolicy as Cilium translates it ------------------------------------------------

/** A NetworkPolicy rule under Cilium: ipBlock never matches pods or nodes; peers are pods only. */
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
        return party.outsideAddress !== null && ipBlockHolds(peer.cidr, peer.except, party.outsideAddress);
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
