import { ciliumRelation } from '../engine/cilium-match.js';
import { type CompiledCluster, ipBlockSet } from '../engine/compile.js';
import type { Party } from '../engine/evaluate.js';
import { ipsContain } from '../engine/ip-set.js';
import { matchesSelector } from '../engine/label-selector.js';
import {
  ipsPeerMatchesEndpoint,
  peerMatches,
  peerNamespaceMatches,
  peerPodMatches,
} from '../engine/match.js';
import type { AnyPeer, AnyPolicy, CompiledPeer, CompiledRule } from '../engine/rules.js';
import { formatIp, parseCidr, parseIp } from '../model/ip.js';
import type { PathSegment } from '../model/source.js';
import type { Endpoint, IpBlockPeer, LabelSelector } from '../model/types.js';
import { locate } from './refs.js';
import { type Labelled, labelHints, namespacesSelected, selectorFailures } from './selector.js';
import type { Hint, PeerExplanation, PeerReason } from './types.js';

/** A peer's explanation and the hints it suggests. */
export interface PeerResult {
  readonly explanation: PeerExplanation;
  readonly hints: readonly Hint[];
}

/**
 * Explains whether one `from`/`to` item (written at `path` inside the rule's policy) matches
 * `party`, with every way it fails. Whether it matches is the matcher's answer (`peerMatches`);
 * the reasons only say why.
 */
export function explainPeer(
  compiled: CompiledCluster,
  rule: CompiledRule,
  peer: CompiledPeer,
  path: readonly PathSegment[],
  party: Party,
  self: Endpoint | null = null,
): PeerResult {
  const policy = rule.policy;
  const at = locate(compiled, policy, path);
  const matched = peerMatches(peer, rule.action, party, compiled.namespaceLabels, compiled.match, self);
  const { reasons, hints } = peerReasons(compiled, rule, peer, path, party, self);
  return { explanation: { index: peer.index, at, matched, reasons }, hints };
}

function peerReasons(
  compiled: CompiledCluster,
  rule: CompiledRule,
  peer: CompiledPeer,
  path: readonly PathSegment[],
  party: Party,
  self: Endpoint | null,
): { reasons: PeerReason[]; hints: Hint[] } {
  const policy = rule.policy;
  switch (peer.type) {
    case 'pods':
      return explainPodPeer(compiled, policy, peer, path, party, self);
    case 'ips':
      if (peer.source.type === 'ipBlock')
        return explainIpBlockPeer(compiled, policy, peer.source, path, party);
      return explainAddressPeer(compiled, policy, peer, path, party);
    case 'entity': {
      const relation = ciliumRelation(compiled.nodes, self, party);
      return {
        reasons: [
          {
            code: 'PEER_ENTITY',
            entity: peer.entity,
            party: relation,
            matched: peerMatches(peer, rule.action, party, compiled.namespaceLabels, compiled.match, self),
            at: locate(compiled, policy, path),
          },
        ],
        hints: [],
      };
    }
    case 'domains':
      return {
        reasons: [
          {
            code: 'PEER_DOMAIN_NAMES',
            names: peer.names,
            ...(rule.dialect === 'cilium' ? { field: 'toFQDNs' } : {}),
            at: locate(compiled, policy, rule.dialect === 'cilium' ? path : [...path, 'domainNames']),
          },
        ],
        hints: [],
      };
    case 'unknown':
      return {
        reasons: [
          {
            code: 'PEER_UNKNOWN',
            fields: peer.source.type === 'unknown' ? peer.source.fields : [],
            failClosed: rule.action !== 'allow',
            at: locate(compiled, policy, path),
          },
        ],
        hints: [],
      };
  }
}

/**
 * Field paths of a pod peer's selectors, as each dialect writes them: NetworkPolicy
 * `namespaceSelector`/`podSelector`; admin `namespaces: SELECTOR` or
 * `pods: {namespaceSelector, podSelector}`.
 */
function selectorPaths(
  policy: AnyPolicy,
  peer: Extract<CompiledPeer, { type: 'pods' }>,
  path: readonly PathSegment[],
): { namespace: PathSegment[]; pod: PathSegment[] } {
  // a Cilium endpoint selector holds namespace and pod labels in one selector
  if ('specs' in policy) return { namespace: [...path], pod: [...path] };
  if (policy.kind !== 'NetworkPolicy') {
    if (peer.source.type === 'namespaces')
      return { namespace: [...path, 'namespaces'], pod: [...path, 'namespaces'] };
    return { namespace: [...path, 'pods', 'namespaceSelector'], pod: [...path, 'pods', 'podSelector'] };
  }
  return { namespace: [...path, 'namespaceSelector'], pod: [...path, 'podSelector'] };
}

function explainPodPeer(
  compiled: CompiledCluster,
  policy: AnyPolicy,
  peer: Extract<CompiledPeer, { type: 'pods' }>,
  path: readonly PathSegment[],
  party: Party,
  self: Endpoint | null,
): { reasons: PeerReason[]; hints: Hint[] } {
  const paths = selectorPaths(policy, peer, path);
  if (party.type === 'external') {
    const relation =
      compiled.match.cilium === null ? null : ciliumRelation(compiled.match.cilium, self, party);
    return {
      reasons: [
        {
          code: 'PEER_EXTERNAL',
          address: party.label,
          ...(relation === null || relation === 'pod' ? {} : { identity: relation }),
          at: locate(compiled, policy, path),
        },
      ],
      hints: [],
    };
  }
  const ep = party.endpoint;
  if (ep.hostNetwork)
    return {
      reasons: [{ code: 'PEER_HOST_NETWORK', pod: ep.id, at: locate(compiled, policy, path) }],
      hints: [],
    };
  const reasons: PeerReason[] = [];
  const hints: Hint[] = [];
  const written = ciliumEndpointSelector(peer.source);
  const cilium = written === undefined ? {} : { endpointSelector: written };
  const nsLabels = compiled.namespaceLabels(ep.namespace);
  let namespaceHolds = true;
  if (peer.namespaceSelector === null) {
    if (!peerNamespaceMatches(peer, ep.namespace, compiled.namespaceLabels)) {
      namespaceHolds = false;
      reasons.push({
        code: 'PEER_NOT_IN_POLICY_NAMESPACE',
        ...cilium,
        policyNamespace: peer.namespace,
        namespace: ep.namespace,
        pod: ep.id,
        at: locate(compiled, policy, paths.pod),
      });
    }
  } else {
    const selPath = paths.namespace;
    const failures = selectorFailures(compiled, policy, peer.namespaceSelector, selPath, nsLabels);
    if (failures.length > 0) {
      namespaceHolds = false;
      const selector = peer.namespaceSelector;
      reasons.push({
        code: 'PEER_NAMESPACE_MISMATCH',
        ...cilium,
        selector,
        namespace: ep.namespace,
        labels: nsLabels,
        failures,
        selects: namespacesSelected(compiled, (labels) => matchesSelector(selector, labels)),
        at: locate(compiled, policy, selPath),
      });
      const universe = [...compiled.cluster.namespaces.values()].map((n) => ({
        name: n.name,
        labels: n.labels,
      }));
      hints.push(...labelHints('namespace', ep.namespace, nsLabels, failures, universe));
    }
  }
  let podHolds = true;
  if (peer.podSelector !== null) {
    const selPath = paths.pod;
    const failures = selectorFailures(compiled, policy, peer.podSelector, selPath, ep.labels);
    if (failures.length > 0) {
      podHolds = false;
      reasons.push({
        code: 'PEER_POD_MISMATCH',
        ...cilium,
        selector: peer.podSelector,
        pod: ep.id,
        labels: ep.labels,
        failures,
        at: locate(compiled, policy, selPath),
      });
      hints.push(...labelHints('pod', ep.id, ep.labels, failures, podUniverse(compiled)));
    }
  }
  // Only where the podSelector itself fits the peer: then the namespace is the whole problem.
  if (peer.namespaceSelector === null && !namespaceHolds && podHolds) {
    hints.push({
      code: 'POD_SELECTOR_NAMESPACE_LOCAL',
      ...cilium,
      policyNamespace: peer.namespace,
      namespace: ep.namespace,
      at: locate(compiled, policy, path),
    });
  }
  if (
    peer.namespaceSelector !== null &&
    peer.podSelector !== null &&
    namespaceHolds !== podHolds &&
    // As two items the podSelector alone would be local to the policy's namespace.
    policy.kind === 'NetworkPolicy' &&
    (namespaceHolds || ep.namespace === peer.namespace) &&
    // Likely meant as OR only when the AND selects no pod at all.
    !compiled.cluster.endpoints.some(
      (e) => peerNamespaceMatches(peer, e.namespace, compiled.namespaceLabels) && peerPodMatches(peer, e),
    )
  ) {
    hints.push({
      code: 'PEER_AND_NOT_OR',
      holds: namespaceHolds ? 'namespaceSelector' : 'podSelector',
      at: locate(compiled, policy, path),
    });
  }
  if (reasons.length === 0) {
    reasons.push({
      code: 'PEER_MATCHES',
      ...cilium,
      namespaceScope: peer.namespaceSelector === null ? 'policy-namespace' : 'selector',
      namespace: ep.namespace,
      namespaceSelector: peer.namespaceSelector,
      podSelector: peer.podSelector,
      pod: ep.id,
    });
  }
  return { reasons, hints };
}

/** Labels of every pod of the input: a key none of them carries is likely a typo. */
function podUniverse(compiled: CompiledCluster): Labelled[] {
  return compiled.cluster.endpoints.map((e) => ({ name: e.id, labels: e.labels }));
}

/** An admin `networks` or `nodes` peer: addresses, which match pod IPs too. */
function explainAddressPeer(
  compiled: CompiledCluster,
  policy: AnyPolicy,
  peer: Extract<CompiledPeer, { type: 'ips' }>,
  path: readonly PathSegment[],
  party: Party,
): { reasons: PeerReason[]; hints: Hint[] } {
  const field = peer.source.type === 'nodes' ? 'nodes' : 'networks';
  const at = locate(compiled, policy, [...path, field]);
  const addresses =
    party.type === 'external'
      ? [formatIp(party.address)]
      : party.endpoint.ips.filter((ip) => parseIp(ip) !== undefined);
  const matched =
    party.type === 'external'
      ? ipsContain(peer.ips, party.address)
      : ipsPeerMatchesEndpoint(peer, party.endpoint, compiled.match);
  if (peer.source.type === 'nodes')
    return {
      reasons: [{ code: matched ? 'PEER_NODES_MATCH' : 'PEER_NODES_MISMATCH', addresses, at }],
      hints: [],
    };
  const cidrs = peer.source.type === 'networks' ? peer.source.cidrs : [];
  if (matched) {
    const address = addresses.find((a) => ipsContain(peer.ips, parseIp(a)!)) ?? addresses[0] ?? '';
    const cidr = cidrs.find((c) => {
      const parsed = parseCidr(c);
      const ip = parseIp(address);
      return (
        parsed !== undefined &&
        ip !== undefined &&
        ip.family === parsed.family &&
        ip.value >= parsed.first &&
        ip.value <= parsed.last
      );
    });
    return {
      reasons: [{ code: 'IPBLOCK_MATCHES', cidr: cidr ?? cidrs.join(','), except: [], address, at }],
      hints: [],
    };
  }
  if (addresses.length === 0 && party.type === 'endpoint')
    return { reasons: [{ code: 'IPBLOCK_NO_POD_IP', pod: party.endpoint.id, at }], hints: [] };
  return { reasons: [{ code: 'IPBLOCK_MISMATCH', cidr: cidrs.join(','), addresses, at }], hints: [] };
}

function explainIpBlockPeer(
  compiled: CompiledCluster,
  policy: AnyPolicy,
  peer: IpBlockPeer,
  path: readonly PathSegment[],
  party: Party,
): { reasons: PeerReason[]; hints: Hint[] } {
  const at = locate(compiled, policy, [...path, 'ipBlock']);
  let addresses: string[];
  if (party.type === 'external') addresses = [formatIp(party.address)];
  else {
    const ep = party.endpoint;
    if (compiled.options.cni !== 'upstream')
      return {
        reasons: [{ code: 'IPBLOCK_POD_IP_IGNORED', cni: compiled.options.cni, pod: ep.id, at }],
        hints: [],
      };
    addresses = ep.ips.filter((ip) => parseIp(ip) !== undefined);
    if (addresses.length === 0)
      return { reasons: [{ code: 'IPBLOCK_NO_POD_IP', pod: ep.id, at }], hints: [] };
  }
  const set = ipBlockSet(peer);
  const cidr = parseCidr(peer.cidr);
  for (const address of addresses) {
    if (ipsContain(set, parseIp(address)!))
      return {
        reasons: [{ code: 'IPBLOCK_MATCHES', cidr: peer.cidr, except: peer.except, address, at }],
        hints: [],
      };
  }
  for (const address of addresses) {
    const ip = parseIp(address)!;
    if (cidr === undefined || ip.family !== cidr.family || ip.value < cidr.first || ip.value > cidr.last)
      continue;
    const except = peer.except.find((e) => {
      const ex = parseCidr(e);
      return ex !== undefined && ex.family === ip.family && ip.value >= ex.first && ip.value <= ex.last;
    });
    if (except !== undefined) {
      const exceptIndex = peer.except.indexOf(except);
      return {
        reasons: [
          {
            code: 'IPBLOCK_EXCEPTED',
            cidr: peer.cidr,
            except,
            address,
            at: locate(compiled, policy, [...path, 'ipBlock', 'except', exceptIndex]),
          },
        ],
        hints: [],
      };
    }
  }
  return {
    reasons: [
      {
        code: 'IPBLOCK_MISMATCH',
        cidr: peer.cidr,
        addresses,
        at: locate(compiled, policy, [...path, 'ipBlock', 'cidr']),
      },
    ],
    hints: [],
  };
}

/** The endpoint selector of a Cilium `from/toEndpoints` peer as written; undefined for others. */
function ciliumEndpointSelector(source: AnyPeer): LabelSelector | undefined {
  return 'field' in source && source.type === 'endpoints' ? source.selector : undefined;
}
