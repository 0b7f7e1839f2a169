import type { CompiledCluster, NetworkPolicyRule } from '../engine/compile.js';
import { isEmptySelector, matchesSelector, selectorKey } from '../engine/label-selector.js';
import {
  ipsPeerMatchesEndpoint,
  isPolicySubject,
  peerNamespaceMatches,
  peerPodMatches,
  subjectSelects,
} from '../engine/match.js';
import type { CompiledPeer } from '../engine/rules.js';
import type { Direction, Endpoint, NetworkPolicy, PolicyPort } from '../model/types.js';
import type {
  DirectionDescription,
  PeerDescription,
  PolicyDescription,
  PortDescription,
  RuleDescription,
  TargetDescription,
} from './describe-types.js';
import { compiledNetworkPolicyOf, locate, peersField, policyRef, rulePath } from './refs.js';
import { namespacesSelected } from './selector.js';

/**
 * Describes one NetworkPolicy as data a renderer can put into plain words: which pods it
 * selects (and selects now), whether it isolates them for each direction and why (policyTypes
 * as written or as the API server defaults it), each rule's peers and ports, and what each
 * rule matches in the input now.
 */
export function describePolicy(compiled: CompiledCluster, policy: NetworkPolicy): PolicyDescription {
  const cp = compiledNetworkPolicyOf(compiled, policy);
  const inNamespace = indexOf(compiled).byNamespace.get(policy.namespace) ?? [];
  const selected = inNamespace.filter((e) => subjectSelects(cp.subject, e, compiled.namespaceLabels));
  return {
    policy: policyRef(compiled, policy),
    podSelector: policy.podSelector,
    at: locate(compiled, policy, ['spec', 'podSelector']),
    selects: selected.map((e) => e.id).sort(),
    hostNetworkSkipped: inNamespace
      .filter((e) => !isPolicySubject(e) && matchesSelector(policy.podSelector, e.labels))
      .map((e) => e.id)
      .sort(),
    ingress: describeDirection(compiled, policy, 'ingress', cp.ingressRules, selected),
    egress: describeDirection(compiled, policy, 'egress', cp.egressRules, selected),
  };
}

/**
 * Describes policies grouped per target, as policy-assistant's explain groups them: policies
 * with the same namespace and the same podSelector select the same pods and form one target.
 * Targets are ordered by namespace, then by selector; policies keep input order.
 */
export function describePolicies(
  compiled: CompiledCluster,
  policies: readonly NetworkPolicy[] = compiled.cluster.policies,
): TargetDescription[] {
  const groups = new Map<string, PolicyDescription[]>();
  for (const policy of policies) {
    const key = `${policy.namespace}\u0000${selectorKey(policy.podSelector)}`;
    const list = groups.get(key) ?? [];
    list.push(describePolicy(compiled, policy));
    groups.set(key, list);
  }
  const targets = [...groups.values()].map((list): TargetDescription => {
    const first = list[0]!;
    return {
      namespace: first.policy.namespace ?? '',
      podSelector: first.podSelector,
      selects: first.selects,
      ingressIsolatedBy: list.filter((p) => p.ingress.isolates).map((p) => p.policy.id),
      egressIsolatedBy: list.filter((p) => p.egress.isolates).map((p) => p.policy.id),
      policies: list,
    };
  });
  return targets.sort(
    (a, b) =>
      cmp(a.namespace, b.namespace) ||
      Number(!isEmptySelector(a.podSelector)) - Number(!isEmptySelector(b.podSelector)) ||
      cmp(selectorKey(a.podSelector), selectorKey(b.podSelector)),
  );
}

interface EndpointIndex {
  readonly byNamespace: ReadonlyMap<string, readonly Endpoint[]>;
}

const indexes = new WeakMap<CompiledCluster, EndpointIndex>();

/** Endpoints per namespace and parsed pod IPs, built once per compiled cluster. */
function indexOf(compiled: CompiledCluster): EndpointIndex {
  let index = indexes.get(compiled);
  if (index === undefined) {
    const byNamespace = new Map<string, Endpoint[]>();
    for (const e of compiled.cluster.endpoints) {
      const list = byNamespace.get(e.namespace) ?? [];
      list.push(e);
      byNamespace.set(e.namespace, list);
    }
    index = { byNamespace };
    indexes.set(compiled, index);
  }
  return index;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function describeDirection(
  compiled: CompiledCluster,
  policy: NetworkPolicy,
  direction: Direction,
  rules: readonly NetworkPolicyRule[],
  selected: readonly Endpoint[],
): DirectionDescription {
  const code = policy.policyTypesReason[direction];
  const isolates = code === 'LISTED' || code === 'IMPLIED' || code === 'IMPLIED_BY_RULES';
  const at = locate(
    compiled,
    policy,
    policy.policyTypesExplicit ? ['spec', 'policyTypes'] : ['spec', direction],
  );
  return {
    direction,
    isolates,
    code,
    at,
    rules: rules.map((r) => describeRule(compiled, r, selected)),
    ignoredRules: isolates ? 0 : policy[direction].length,
  };
}

function describeRule(
  compiled: CompiledCluster,
  rule: NetworkPolicyRule,
  selected: readonly Endpoint[],
): RuleDescription {
  const path = rulePath(rule.direction, rule.rule.index);
  const peers =
    rule.peers === null
      ? null
      : rule.peers.map((p) =>
          describePeer(compiled, rule, p, [...path, peersField(rule.direction), p.index]),
        );
  const matched =
    peers === null
      ? compiled.cluster.endpoints.map((e) => e.id)
      : [...new Set(peers.flatMap((p) => p.matchesNow))].sort();
  // Named ports resolve against the destination: the selected pods for ingress, the peers for egress.
  const matchedSet = new Set(matched);
  const destinations =
    rule.direction === 'ingress' ? selected : compiled.cluster.endpoints.filter((e) => matchedSet.has(e.id));
  return {
    direction: rule.direction,
    index: rule.rule.index,
    at: locate(compiled, rule.policy, path),
    peers,
    ports:
      rule.rule.ports === null
        ? null
        : rule.rule.ports.map((p) =>
            describePort(compiled, rule, p, [...path, 'ports', p.index], destinations),
          ),
    matchesNow: matched,
  };
}

function describePeer(
  compiled: CompiledCluster,
  rule: NetworkPolicyRule,
  peer: CompiledPeer,
  path: readonly (string | number)[],
): PeerDescription {
  const { policy } = rule;
  const index = indexOf(compiled);
  if (peer.type === 'ips' && peer.source.type === 'ipBlock') {
    const matchesNow = compiled.cluster.endpoints
      .filter((e) => ipsPeerMatchesEndpoint(peer, e, compiled.match))
      .map((e) => e.id);
    return {
      type: 'ipBlock',
      index: peer.index,
      at: locate(compiled, policy, path),
      cidr: peer.source.cidr,
      except: peer.source.except,
      matchesNow: matchesNow.sort(),
    };
  }
  if (peer.type !== 'pods') throw new Error(`a NetworkPolicy has no ${peer.type} peers`);
  const p = peer;
  const nsSelector = p.namespaceSelector;
  const selects =
    nsSelector === null
      ? [policy.namespace]
      : namespacesSelected(compiled, (l) => matchesSelector(nsSelector, l));
  return {
    type: 'pods',
    index: p.index,
    at: locate(compiled, policy, path),
    namespaces:
      nsSelector === null
        ? { scope: 'policy-namespace', namespace: policy.namespace }
        : isEmptySelector(nsSelector)
          ? { scope: 'all' }
          : { scope: 'selector', selector: nsSelector, selects },
    pods:
      p.podSelector === null || isEmptySelector(p.podSelector)
        ? { scope: 'all' }
        : { scope: 'selector', selector: p.podSelector },
    // Only the pods of the namespaces the peer covers can match.
    matchesNow: selects
      .flatMap((ns) => index.byNamespace.get(ns) ?? [])
      .filter((e) => peerNamespaceMatches(p, e.namespace, compiled.namespaceLabels) && peerPodMatches(p, e))
      .map((e) => e.id)
      .sort(),
  };
}

function describePort(
  compiled: CompiledCluster,
  rule: NetworkPolicyRule,
  port: PolicyPort,
  path: readonly (string | number)[],
  destinations: readonly Endpoint[],
): PortDescription {
  const base = {
    index: port.index,
    at: locate(compiled, rule.policy, path),
    protocol: port.protocol,
    port: port.port,
    ...(port.endPort === undefined ? {} : { endPort: port.endPort }),
  };
  if (typeof port.port !== 'string') return base;
  const name = port.port;
  const byNumber = new Map<number, string[]>();
  const undeclared: string[] = [];
  for (const e of destinations) {
    const cp = e.ports.find((c) => c.name === name && c.protocol === port.protocol);
    if (cp === undefined) undeclared.push(e.id);
    else byNumber.set(cp.port, [...(byNumber.get(cp.port) ?? []), e.id]);
  }
  return {
    ...base,
    named: {
      resolves: [...byNumber.entries()].sort((a, b) => a[0] - b[0]).map(([n, pods]) => ({ port: n, pods })),
      undeclared,
    },
  };
}
