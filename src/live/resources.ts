/**
 * The API resources kubereach reads from a live cluster: everything that decides reachability,
 * and nothing else. Only `list` and `watch` (`list` alone for nodes and the API server's
 * endpoints) are ever sent for them.
 */
export interface LiveResource {
  /** API group, `''` for the core group. */
  readonly group: string;
  readonly version: string;
  /** Resource name as RBAC rules and URLs spell it. */
  readonly plural: string;
  readonly kind: string;
  readonly namespaced: boolean;
  /**
   * Served only where a CRD installs it (admin network policies, Cilium). Absent is normal:
   * such resources are looked up in discovery first and skipped quietly when not served.
   */
  readonly optional: boolean;
  /**
   * Whether `serve` watches it. Nodes are listed only: their status changes every few seconds
   * (heartbeats) while the addresses kubereach reads rarely do.
   */
  readonly watched: boolean;
  /**
   * Read in this namespace only, and only the object of this name (`fieldSelector
   * metadata.name=NAME`, which RBAC `resourceNames` can grant): the default/kubernetes
   * Endpoints and EndpointSlice, never every endpoint of the cluster.
   */
  readonly only?: { readonly namespace: string; readonly name: string };
}

const core = (plural: string, kind: string, namespaced = true, watched = true): LiveResource => ({
  group: '',
  version: 'v1',
  plural,
  kind,
  namespaced,
  optional: false,
  watched,
});
const grouped = (
  group: string,
  version: string,
  plural: string,
  kind: string,
  namespaced: boolean,
  optional = false,
): LiveResource => ({ group, version, plural, kind, namespaced, optional, watched: true });

/**
 * What is read, in snapshot order: namespaces first, then what runs (controllers before the pods
 * they own), services, and the policies last.
 */
export const LIVE_RESOURCES: readonly LiveResource[] = [
  core('namespaces', 'Namespace', false),
  // the addresses `nodes` peers of admin policies match
  core('nodes', 'Node', false, false),
  grouped('apps', 'v1', 'deployments', 'Deployment', true),
  grouped('apps', 'v1', 'replicasets', 'ReplicaSet', true),
  grouped('apps', 'v1', 'statefulsets', 'StatefulSet', true),
  grouped('apps', 'v1', 'daemonsets', 'DaemonSet', true),
  grouped('batch', 'v1', 'cronjobs', 'CronJob', true),
  grouped('batch', 'v1', 'jobs', 'Job', true),
  core('replicationcontrollers', 'ReplicationController'),
  core('pods', 'Pod'),
  core('services', 'Service'),
  // the API server's addresses: Cilium's `kube-apiserver` entity (listed, never watched)
  { ...core('endpoints', 'Endpoints', true, false), only: { namespace: 'default', name: 'kubernetes' } },
  {
    ...grouped('discovery.k8s.io', 'v1', 'endpointslices', 'EndpointSlice', true),
    watched: false,
    only: { namespace: 'default', name: 'kubernetes' },
  },
  grouped('networking.k8s.io', 'v1', 'networkpolicies', 'NetworkPolicy', true),
  // https://network-policy-api.sigs.k8s.io/reference/spec/ (cluster-scoped)
  grouped('policy.networking.k8s.io', 'v1alpha1', 'adminnetworkpolicies', 'AdminNetworkPolicy', false, true),
  grouped(
    'policy.networking.k8s.io',
    'v1alpha1',
    'baselineadminnetworkpolicies',
    'BaselineAdminNetworkPolicy',
    false,
    true,
  ),
  grouped(
    'policy.networking.k8s.io',
    'v1alpha2',
    'clusternetworkpolicies',
    'ClusterNetworkPolicy',
    false,
    true,
  ),
  grouped('cilium.io', 'v2', 'ciliumnetworkpolicies', 'CiliumNetworkPolicy', true, true),
  grouped(
    'cilium.io',
    'v2',
    'ciliumclusterwidenetworkpolicies',
    'CiliumClusterwideNetworkPolicy',
    false,
    true,
  ),
];

/** `v1` or `group/version`, as objects spell their apiVersion. */
export function apiVersionOf(resource: LiveResource): string {
  return resource.group === '' ? resource.version : `${resource.group}/${resource.version}`;
}

/** The URL path that lists the resource across all namespaces (or in its one namespace). */
export function listPath(resource: LiveResource): string {
  const namespace = resource.only === undefined ? '' : `/namespaces/${resource.only.namespace}`;
  return `${groupVersionPath(resource)}${namespace}/${resource.plural}`;
}

/** Query parameters that narrow a list to what is read (`fieldSelector` for `only`). */
export function listSelectors(resource: LiveResource): Record<string, string> {
  return resource.only === undefined ? {} : { fieldSelector: `metadata.name=${resource.only.name}` };
}

/** The discovery path of the resource's group version (`/api/v1`, `/apis/cilium.io/v2`). */
export function groupVersionPath(resource: LiveResource): string {
  return resource.group === '' ? `/api/${resource.version}` : `/apis/${resource.group}/${resource.version}`;
}

/** `pods`, `networkpolicies.networking.k8s.io`: the resource as kubectl and RBAC errors name it. */
export function resourceName(resource: LiveResource): string {
  return resource.group === '' ? resource.plural : `${resource.plural}.${resource.group}`;
}
