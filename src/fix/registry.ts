import { addPolicy } from './strategies/add-policy.js';
import { addPort } from './strategies/add-port.js';
import { ciliumDeny } from './strategies/cilium-deny.js';
import { dnsEgress } from './strategies/dns-egress.js';
import { isolate } from './strategies/isolate.js';
import { joinPeers } from './strategies/join-peers.js';
import { mergeRules } from './strategies/merge-rules.js';
import { moveNamespace } from './strategies/move-namespace.js';
import { namedPortProtocol } from './strategies/named-port-protocol.js';
import { namespaceLabel } from './strategies/namespace-label.js';
import { narrowPeer } from './strategies/narrow-peer.js';
import { peerNamespace } from './strategies/peer-namespace.js';
import { policyTypes } from './strategies/policy-types.js';
import { selectorTypo } from './strategies/selector-typo.js';
import { staleIpBlock } from './strategies/stale-ipblock.js';
import { targetPort } from './strategies/target-port.js';
import type { FixStrategy } from './types.js';

/**
 * Every fix strategy: repairs of classic mistakes first, then general edits. The order breaks
 * ties between proposals that rank the same.
 */
export const FIX_STRATEGIES: readonly FixStrategy[] = [
  namespaceLabel,
  peerNamespace,
  selectorTypo,
  targetPort,
  namedPortProtocol,
  dnsEgress,
  moveNamespace,
  staleIpBlock,
  joinPeers,
  mergeRules,
  policyTypes,
  addPort,
  addPolicy,
  ciliumDeny,
  narrowPeer,
  isolate,
];
