/**
 * A deliberately naive NetworkPolicy evaluator, written straight from the networking.k8s.io/v1
 * API reference and the NetworkPolicy concept page, one connection and one port at a time; and
 * the admin tiers around it, written from the policy.networking.k8s.io API documentation
 * (AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy): admin tier, then
 * NetworkPolicy, then baseline tier, then allow.
 * It shares nothing with src/engine (no interval sets, no classes, no compiled rules) so that
 * the engine can be checked against it. Only the model types and the normalized cluster are
 * shared: the API defaults live in the model and are tested on their own.
 *
 * Readability beats speed here: every rule of the specification is one small function.
 */
import type {
  AdminPeer,
  AdminPolicy,
  AdminPort,
  AdminRule,
  Cluster,
  Endpoint,
  LabelSelector,
  Labels,
  NetworkPolicy,
  PolicyPeer,
  PolicyPort,
  PolicyRule,
  Protocol,
} from '../../src/model/types.js';

/** One side of a connection: a pod (or pod template), or a cluster-external IP address. */
export type NaiveParty = Endpoint | string;

/** How ipBlock peers treat pod IPs: `upstream` matches them, `cilium` matches external IPs only. */
export type NaiveCni = 'upstream' | 'cilium';

/**
 * Whether `src` may open a connection to `dst` on `port`/`protocol`.
 *
 * - A pod to itself is always allowed.
 * - The source's egress and the destination's ingress must both allow the connection.
 */
export function naiveAllowed(
  cluster: Cluster,
  src: NaiveParty,
  dst: NaiveParty,
  port: number,
  protocol: Protocol,
  cni: NaiveCni = 'upstream',
): boolean {
  if (typeof src !== 'string' && src === dst) return true;
  return (
    naiveDirectionAllows(cluster, 'Egress', src, dst, port, protocol, cni) &&
    naiveDirectionAllows(cluster, 'Ingress', dst, src, port, protocol, cni)
  );
}

/**
 * One direction, without the "pod to itself" exception. `subject` is the pod whose policies
 * apply (the source for Egress, the destination for Ingress); `other` is the far side.
 */
export function naiveDirectionAllows(
  cluster: Cluster,
  type: 'Ingress' | 'Egress',
  subject: NaiveParty,
  other: NaiveParty,
  port: number,
  protocol: Protocol,
  cni: NaiveCni,
): boolean {
  // Policies apply to pods; an address outside the cluster is never a subject.
  if (typeof subject === 'string') return true;
  const destination = type === 'Egress' ? other : subject;
  // 1. The admin tier decides first: Allow/Accept and Deny are final, Pass goes on.
  const admin = tierDecision(cluster, 'admin', type, subject, other, destination, port, protocol);
  if (admin === 'allow') return true;
  if (admin === 'deny') return false;
  // 2. NetworkPolicies decide for a pod they isolate in this direction.
  const selecting = cluster.policies.filter((p) => isolates(p, type, subject));
  if (selecting.length > 0)
    return networkPoliciesAllow(cluster, selecting, type, other, destination, port, protocol, cni);
  // 3. The baseline tier decides for the rest.
  const baseline = tierDecision(cluster, 'baseline', type, subject, other, destination, port, protocol);
  if (baseline === 'allow') return true;
  if (baseline === 'deny') return false;
  // 4. "By default, a pod is non-isolated for ingress/egress; all connections are allowed."
  return true;
}

/** Isolated: allowed only when some rule of some selecting policy allows it (rules are additive). */
function networkPoliciesAllow(
  cluster: Cluster,
  selecting: readonly NetworkPolicy[],
  type: 'Ingress' | 'Egress',
  other: NaiveParty,
  destination: NaiveParty,
  port: number,
  protocol: Protocol,
  cni: NaiveCni,
): boolean {
  for (const policy of selecting) {
    const rules = type === 'Ingress' ? policy.ingress : policy.egress;
    for (const rule of rules) {
      if (ruleAllows(cluster, policy, rule, other, destination, port, protocol, cni)) return true;
    }
  }
  return false;
}

/** A policy isolates a pod for a direction when it selects the pod and lists the direction. */
function isolates(policy: NetworkPolicy, type: 'Ingress' | 'Egress', pod: Endpoint): boolean {
  if (!policy.policyTypes.includes(type)) return false;
  if (policy.namespace !== pod.namespace) return false;
  // hostNetwork pods are not selected by any podSelector (implementation-defined, see design).
  if (pod.hostNetwork) return false;
  return selectorMatches(policy.podSelector, pod.labels);
}

function ruleAllows(
  cluster: Cluster,
  policy: NetworkPolicy,
  rule: PolicyRule,
  other: NaiveParty,
  destination: NaiveParty,
  port: number,
  protocol: Protocol,
  cni: NaiveCni,
): boolean {
  // "If this field is empty or missing, this rule matches all sources/destinations."
  const peerOk =
    rule.peers === null || rule.peers.some((peer) => peerMatches(cluster, policy, peer, other, cni));
  if (!peerOk) return false;
  // "If this field is empty or missing, this rule matches all ports."
  if (rule.ports === null) return true;
  return rule.ports.some((p) => portMatches(p, destination, port, protocol));
}

function peerMatches(
  cluster: Cluster,
  policy: NetworkPolicy,
  peer: PolicyPeer,
  party: NaiveParty,
  cni: NaiveCni,
): boolean {
  if (peer.type === 'ipBlock') {
    if (typeof party === 'string') return ipBlockHolds(peer.cidr, peer.except, party);
    if (cni === 'cilium') return false;
    return party.ips.some((ip) => ipBlockHolds(peer.cidr, peer.except, ip));
  }
  if (typeof party === 'string') return false;
  if (party.hostNetwork) return false;
  if (peer.namespaceSelector === null) {
    // Only a podSelector: pods in the policy's own namespace.
    if (party.namespace !== policy.namespace) return false;
  } else {
    const ns = cluster.namespaces.get(party.namespace);
    if (!selectorMatches(peer.namespaceSelector, ns?.labels ?? {})) return false;
  }
  // Only a namespaceSelector: every pod of the selected namespaces.
  return peer.podSelector === null || selectorMatches(peer.podSelector, party.labels);
}

/**
 * "The port on the given protocol. This can either be a numerical or named port on a pod. If
 * this field is not provided, this matches all port names and numbers. If present, only
 * traffic on the specified protocol AND port will be matched." With endPort: port..endPort.
 */
function portMatches(p: PolicyPort, destination: NaiveParty, port: number, protocol: Protocol): boolean {
  if (p.protocol !== protocol) return false;
  if (p.port === null) return true;
  if (typeof p.port === 'number') return port >= p.port && port <= (p.endPort ?? p.port);
  // A named port names a container port of the destination pod with the same protocol.
  if (typeof destination === 'string') return false;
  return destination.ports.some((cp) => cp.name === p.port && cp.protocol === protocol && cp.port === port);
}

/** matchLabels and every matchExpression must hold; `{}` matches everything. */
export function selectorMatches(selector: LabelSelector, labels: Labels): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels)) {
    if (!(key in labels) || labels[key] !== value) return false;
  }
  for (const req of selector.matchExpressions) {
    const present = Object.keys(labels).includes(req.key);
    const value = labels[req.key];
    if (req.operator === 'In' && !(present && req.values.includes(value!))) return false;
    if (req.operator === 'NotIn' && present && req.values.includes(value!)) return false;
    if (req.operator === 'Exists' && !present) return false;
    if (req.operator === 'DoesNotExist' && present) return false;
  }
  return true;
}

/** `ip` is inside `cidr` and inside none of `except`. */
export function ipBlockHolds(cidr: string, except: readonly string[], ip: string): boolean {
  return cidrHolds(cidr, ip) && !except.some((e) => cidrHolds(e, ip));
}

/** Whether a CIDR holds an address, comparing the leading prefix bits as a bit string. */
export function cidrHolds(cidr: string, ip: string): boolean {
  const [base, prefixText] = cidr.split('/');
  const a = addressBits(base ?? '');
  const b = addressBits(ip);
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  const prefix = Number(prefixText);
  return a.slice(0, prefix) === b.slice(0, prefix);
}

/** The address as a string of 32 or 128 '0'/'1' characters (undefined when unreadable). */
function addressBits(text: string): string | undefined {
  if (!text.includes(':')) {
    const octets = text.split('.');
    if (octets.length !== 4) return undefined;
    return octets.map((o) => Number(o).toString(2).padStart(8, '0')).join('');
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = groupBits(halves[0] ?? '');
  const tail = halves.length === 2 ? groupBits(halves[1] ?? '') : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined;
  return [...head, ...Array<string>(missing).fill('0'.repeat(16)), ...tail].join('');
}

/** `a:b:c` as 16-bit groups; a dotted IPv4 tail counts as two groups. */
function groupBits(text: string): string[] | undefined {
  if (text === '') return [];
  const out: string[] = [];
  for (const g of text.split(':')) {
    if (g.includes('.')) {
      const v4 = addressBits(g);
      if (v4 === undefined) return undefined;
      out.push(v4.slice(0, 16), v4.slice(16));
    } else out.push(Number.parseInt(g, 16).toString(2).padStart(16, '0'));
  }
  return out;
}

/**
 * The decision of one tier (admin or baseline) for one pod, direction, peer and port: the
 * policies that select the pod, lowest priority first (equal priorities in input order), their
 * rules in written order; the first rule that matches decides. `pass` skips the rest of the
 * tier; `undefined` when no rule matches.
 */
function tierDecision(
  cluster: Cluster,
  tier: 'admin' | 'baseline',
  type: 'Ingress' | 'Egress',
  subject: Endpoint,
  other: NaiveParty,
  destination: NaiveParty,
  port: number,
  protocol: Protocol,
): 'allow' | 'deny' | 'pass' | undefined {
  const policies = cluster.adminPolicies
    .filter((p) => p.tier === tier && adminSubjectSelects(cluster, p, subject))
    .sort((a, b) => a.priority - b.priority);
  for (const policy of policies) {
    for (const rule of type === 'Ingress' ? policy.ingress : policy.egress) {
      const matched = adminRuleMatches(cluster, rule, other, destination, port, protocol);
      if (matched !== undefined) return matched;
    }
  }
  return undefined;
}

/** "Note that host-networked pods are not included in subject selection." */
function adminSubjectSelects(cluster: Cluster, policy: AdminPolicy, pod: Endpoint): boolean {
  if (pod.hostNetwork) return false;
  const ns = cluster.namespaces.get(pod.namespace);
  if (!selectorMatches(policy.subject.namespaceSelector, ns?.labels ?? {})) return false;
  return policy.subject.type === 'namespaces' || selectorMatches(policy.subject.podSelector, pod.labels);
}

/**
 * What a rule does with the connection, or undefined when it does not match. A peer of a type
 * the reader does not know fails closed: "For Accept rules, treat the rule as matching no
 * traffic. For Deny and Pass rules, treat the rule as a 'Deny all' rule."
 */
function adminRuleMatches(
  cluster: Cluster,
  rule: AdminRule,
  other: NaiveParty,
  destination: NaiveParty,
  port: number,
  protocol: Protocol,
): 'allow' | 'deny' | 'pass' | undefined {
  if (rule.action !== 'allow' && rule.peers.some((p) => p.type === 'unknown')) return 'deny';
  if (!rule.peers.some((peer) => adminPeerMatches(cluster, peer, other))) return undefined;
  // "If unspecified, protocol-specific attributes will not be used to match traffic."
  if (rule.ports !== null && !rule.ports.some((p) => adminPortMatches(p, destination, port, protocol)))
    return undefined;
  return rule.action;
}

function adminPeerMatches(cluster: Cluster, peer: AdminPeer, party: NaiveParty): boolean {
  const ips = typeof party === 'string' ? [party] : party.ips;
  switch (peer.type) {
    case 'namespaces':
    case 'pods': {
      // "Note that host-networked pods are not included in this type of peer."
      if (typeof party === 'string' || party.hostNetwork) return false;
      const ns = cluster.namespaces.get(party.namespace);
      if (!selectorMatches(peer.namespaceSelector, ns?.labels ?? {})) return false;
      return peer.type === 'namespaces' || selectorMatches(peer.podSelector, party.labels);
    }
    case 'nodes': {
      // "It selects the nodeIPs as the peer type by matching on the IPs present in the
      // node.Status.Addresses field of the node."
      const addresses = cluster.nodes
        .filter((n) => selectorMatches(peer.nodeSelector, n.labels))
        .flatMap((n) => n.addresses);
      return ips.some((ip) => addresses.some((a) => cidrHolds(a.includes(':') ? `${a}/128` : `${a}/32`, ip)));
    }
    case 'networks':
      // "cluster-internal traffic will be checked against the rule as well"
      return ips.some((ip) => peer.cidrs.some((c) => cidrHolds(c, ip)));
    case 'domainNames':
    case 'unknown':
      // Names are resolved at run time: nothing a static reader can match.
      return false;
  }
}

/** A port number or range of its protocol, or a named port of the destination pod. */
function adminPortMatches(p: AdminPort, destination: NaiveParty, port: number, protocol: Protocol): boolean {
  if (typeof p.port === 'number')
    return p.protocol === protocol && port >= p.port && port <= (p.endPort ?? p.port);
  if (typeof destination === 'string') return false;
  return destination.ports.some((cp) => cp.name === p.port && cp.protocol === protocol && cp.port === port);
}
