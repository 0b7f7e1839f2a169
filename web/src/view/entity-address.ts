import type { Cluster, Endpoint } from '../../../src/model/types.js';

/** The prefix of entity node ids in the matrix (`reserved:host`), Cilium's own spelling. */
export const ENTITY_PREFIX = 'reserved:';

/**
 * An address that stands for a Cilium entity node as seen from a pod, so that a connection to
 * or from the entity can be explained as `check` would answer for that address: `host` is the
 * pod's own node, `remote-node` another node, `kube-apiserver` the API server's endpoint.
 * A message instead when the input holds no such address (no Node objects, no
 * default/kubernetes endpoints).
 */
export function entityAddress(
  cluster: Cluster,
  entityId: string,
  pod: Endpoint | undefined,
): { ok: true; address: string } | { ok: false; message: string } {
  const entity = entityId.slice(ENTITY_PREFIX.length);
  let address: string | undefined;
  switch (entity) {
    case 'host':
      address = cluster.nodes.find((n) => pod?.node !== undefined && n.name === pod.node)?.addresses[0];
      break;
    case 'remote-node':
      address = cluster.nodes.find((n) => n.name !== pod?.node)?.addresses[0];
      break;
    case 'kube-apiserver':
      address = cluster.apiServerAddresses[0];
      break;
    default:
      break;
  }
  if (address !== undefined) return { ok: true, address };
  return {
    ok: false,
    message: `the input holds no address for the ${entity} entity${entity === 'host' ? ` of ${pod?.id ?? 'this pod'}` : ''} (add the Node objects, or the default/kubernetes Endpoints): an explanation needs one`,
  };
}

/**
 * The query with an entity node (`reserved:…`) replaced by its address as seen from the pod on
 * the other side (the first pod of a workload); the query itself when it names no entity.
 */
export function entityQuery<Q extends { readonly src: string; readonly dst: string }>(
  cluster: Cluster,
  query: Q,
): { ok: true; query: Q } | { ok: false; message: string } {
  const srcEntity = query.src.startsWith(ENTITY_PREFIX);
  const dstEntity = query.dst.startsWith(ENTITY_PREFIX);
  if (!srcEntity && !dstEntity) return { ok: true, query };
  if (srcEntity && dstEntity)
    return { ok: false, message: 'two entities: kubereach evaluates pod traffic only' };
  const podSide = srcEntity ? query.dst : query.src;
  const workload = cluster.workloads.find((w) => w.id === podSide);
  const podId = workload?.endpoints[0] ?? podSide;
  const pod = cluster.endpoints.find((e) => e.id === podId);
  const r = entityAddress(cluster, srcEntity ? query.src : query.dst, pod);
  if (!r.ok) return r;
  return { ok: true, query: srcEntity ? { ...query, src: r.address } : { ...query, dst: r.address } };
}
