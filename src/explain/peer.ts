import { type CompiledCluster, type CompiledPeer, ipBlockSet, podPeerMatches } from '../engine/compile.js';
import type { Party } from '../engine/evaluate.js';
import { ipsContain } from '../engine/ip-set.js';
import { matchesSelector } from '../engine/label-selector.js';
import { formatIp, parseCidr, parseIp } from '../model/ip.js';
import type { PathSegment } from '../model/source.js';
import type { IpBlockPeer, NetworkPolicy, PodPeer } from '../model/types.js';
import { locate } from './refs.js';
import { type Labelled, labelHints, namespacesSelected, selectorFailures } from './selector.js';
import type { Hint, PeerExplanation, PeerReason } from './types.js';

/** A peer's explanation and the hints it suggests. */
export interface PeerResult {
  readonly explanation: PeerExplanation;
  readonly hints: readonly Hint[];
}

/**
 * Explains whether one `from`/`to` item (written at `path` inside `policy`) matches `party`,
 * with every way it fails. Agrees with the engine's `podPeerMatches` and ipBlock matching.
 */
export function explainPeer(
  compiled: CompiledCluster,
  policy: NetworkPolicy,
  peer: CompiledPeer,
  path: readonly PathSegment[],
  party: Party,
): PeerResult {
  const at = locate(compiled, policy, path);
  const { reasons, hints } =
    peer.type === 'pods'
      ? explainPodPeer(compiled, policy, peer.peer, path, party)
      : explainIpBlockPeer(compiled, policy, peer.peer, path, party);
  const matched = reasons.every((r) => r.code === 'PEER_MATCHES' || r.code === 'IPBLOCK_MATCHES');
  return { explanation: { index: peer.peer.index, at, matched, reasons }, hints };
}

function explainPodPeer(
  compiled: CompiledCluster,
  policy: NetworkPolicy,
  peer: PodPeer,
  path: readonly PathSegment[],
  party: Party,
): { reasons: PeerReason[]; hints: Hint[] } {
  if (party.type === 'external')
    return {
      reasons: [{ code: 'PEER_EXTERNAL', address: party.label, at: locate(compiled, policy, path) }],
      hints: [],
    };
  const ep = party.endpoint;
  if (ep.hostNetwork)
    return {
      reasons: [{ code: 'PEER_HOST_NETWORK', pod: ep.id, at: locate(compiled, policy, path) }],
      hints: [],
    };
  const reasons: PeerReason[] = [];
  const hints: Hint[] = [];
  const nsLabels = compiled.namespaceLabels(ep.namespace);
  let namespaceHolds = true;
  if (peer.namespaceSelector === null) {
    if (ep.namespace !== policy.namespace) {
      namespaceHolds = false;
      reasons.push({
        code: 'PEER_NOT_IN_POLICY_NAMESPACE',
        policyNamespace: policy.namespace,
        namespace: ep.namespace,
        pod: ep.id,
        at: locate(compiled, policy, [...path, 'podSelector']),
      });
    }
  } else {
    const selPath = [...path, 'namespaceSelector'];
    const failures = selectorFailures(compiled, policy, peer.namespaceSelector, selPath, nsLabels);
    if (failures.length > 0) {
      namespaceHolds = false;
      const selector = peer.namespaceSelector;
      reasons.push({
        code: 'PEER_NAMESPACE_MISMATCH',
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
    const selPath = [...path, 'podSelector'];
    const failures = selectorFailures(compiled, policy, peer.podSelector, selPath, ep.labels);
    if (failures.length > 0) {
      podHolds = false;
      reasons.push({
        code: 'PEER_POD_MISMATCH',
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
      policyNamespace: policy.namespace,
      namespace: ep.namespace,
      at: locate(compiled, policy, path),
    });
  }
  if (
    peer.namespaceSelector !== null &&
    peer.podSelector !== null &&
    namespaceHolds !== podHolds &&
    // As two items the podSelector alone would be local to the policy's namespace.
    (namespaceHolds || ep.namespace === policy.namespace) &&
    // Likely meant as OR only when the AND selects no pod at all.
    !compiled.cluster.endpoints.some((e) =>
      podPeerMatches(peer, policy.namespace, e, compiled.namespaceLabels),
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

function explainIpBlockPeer(
  compiled: CompiledCluster,
  policy: NetworkPolicy,
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
