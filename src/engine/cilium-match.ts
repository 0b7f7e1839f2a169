import { formatIp, type IpAddress, parseIp } from '../model/ip.js';
import type { CiliumEntity, Cluster, Endpoint } from '../model/types.js';

/**
 * Who the other side of a connection is for Cilium, seen from a pod (`self`): a pod, the pod's
 * own node (`host`), another node (`remote-node`: a Node's address, or a hostNetwork pod,
 * which has its node's identity), or an address outside the cluster (`world`). Addresses of
 * the API server also carry the `kube-apiserver` identity.
 */
export type CiliumRelation = 'pod' | 'host' | 'remote-node' | 'world';

/** Node addresses and API server addresses of a cluster, for Cilium's reserved identities. */
export interface CiliumNodes {
  /** Node name by address (`formatIp` form). */
  readonly nodeByAddress: ReadonlyMap<string, string>;
  readonly apiServer: ReadonlySet<string>;
}

/** Indexes the Node objects' addresses and the API server's. */
export function ciliumNodes(cluster: Cluster): CiliumNodes {
  const nodeByAddress = new Map<string, string>();
  const canonical = (text: string) => {
    const a = parseIp(text);
    return a === undefined ? text : formatIp(a);
  };
  for (const node of cluster.nodes)
    for (const a of node.addresses) nodeByAddress.set(canonical(a), node.name);
  return { nodeByAddress, apiServer: new Set(cluster.apiServerAddresses.map(canonical)) };
}

/** The other side of a connection, as the matcher sees it. */
export type CiliumParty =
  | { readonly type: 'endpoint'; readonly endpoint: Endpoint }
  | { readonly type: 'external'; readonly address: IpAddress; readonly identity?: CiliumIdentity };

/**
 * The identity of an address given rather than looked up: the matrix's entity nodes (`host`,
 * `remote-node`, `kube-apiserver`) stand for every address of that identity, known or not.
 */
export interface CiliumIdentity {
  readonly relation: CiliumRelation;
  readonly apiServer: boolean;
}

/** The node an endpoint or address is, if it is one. */
export function nodeOfParty(nodes: CiliumNodes, party: CiliumParty): string | undefined {
  if (party.type === 'external') return nodes.nodeByAddress.get(formatIp(party.address));
  if (!party.endpoint.hostNetwork) return undefined;
  if (party.endpoint.node !== undefined) return party.endpoint.node;
  for (const ip of party.endpoint.ips) {
    const node = nodes.nodeByAddress.get(ip);
    if (node !== undefined) return node;
  }
  // a hostNetwork pod whose node is unknown: a node, but not known to be `self`'s
  return '';
}

/** How `party` relates to the pod `self` (see `CiliumRelation`). */
export function ciliumRelation(
  nodes: CiliumNodes,
  self: Endpoint | null,
  party: CiliumParty,
): CiliumRelation {
  if (party.type === 'external' && party.identity !== undefined) return party.identity.relation;
  const node = nodeOfParty(nodes, party);
  if (node !== undefined)
    return self !== null && self.node !== undefined && node !== '' && node === self.node
      ? 'host'
      : 'remote-node';
  return party.type === 'external' ? 'world' : 'pod';
}

/** Whether the party carries the `kube-apiserver` identity. */
export function isApiServer(nodes: CiliumNodes, party: CiliumParty): boolean {
  if (party.type === 'external')
    return party.identity?.apiServer ?? nodes.apiServer.has(formatIp(party.address));
  return party.endpoint.hostNetwork && party.endpoint.ips.some((ip) => nodes.apiServer.has(ip));
}

/**
 * Whether an entity (pkg/policy/api/entity.go) matches the party: `all` everything; `cluster`
 * pods, nodes and the API server; `world` addresses outside the cluster; `host` the pod's own node;
 * `remote-node` the other nodes; `kube-apiserver` the API server's addresses. `health`, `init`,
 * `ingress`, `unmanaged` and `none` stand for identities kubereach's input never holds.
 */
export function entityMatches(entity: CiliumEntity, relation: CiliumRelation, apiServer: boolean): boolean {
  switch (entity) {
    case 'all':
      return true;
    case 'cluster':
      // InitEntities adds the kube-apiserver's selector to the cluster entity: an API server
      // outside the cluster is `cluster` too
      return relation !== 'world' || apiServer;
    case 'world':
    case 'host':
    case 'remote-node':
      return relation === entity;
    case 'kube-apiserver':
      return apiServer;
    case 'health':
    case 'init':
    case 'ingress':
    case 'unmanaged':
    case 'none':
      return false;
    default:
      return entity satisfies never;
  }
}
