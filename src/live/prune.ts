import type { Diagnostic } from '../model/diagnostics.js';
import { isRecord } from '../model/fields.js';

/** The annotation `kubectl apply` keeps a full copy of the object in. */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Container fields that play no part in reachability and often hold secrets. */
const CONTAINER_SECRETS = ['env', 'envFrom', 'command', 'args'] as const;

/** Pod status fields reachability uses. */
const POD_STATUS_FIELDS = ['phase', 'podIP', 'podIPs', 'hostIP', 'hostIPs'] as const;

/** Where each kind keeps its pod spec. */
const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/**
 * A copy of an object as read from the API, with `apiVersion` and `kind` filled in (list items
 * come without them) and without what is bulky or sensitive but irrelevant to reachability:
 * `metadata.managedFields`, the last-applied-configuration annotation, containers' env, envFrom,
 * command and args, pod status beyond phase and IPs, node status beyond addresses, and
 * controllers' status. Snapshots are meant
 * to be shared.
 */
export function pruneObject(
  item: Readonly<Record<string, unknown>>,
  apiVersion: string,
  kind: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = { apiVersion, kind };
  for (const [k, v] of Object.entries(item)) if (k !== 'apiVersion' && k !== 'kind') out[k] = v;
  if (isRecord(item.metadata)) {
    const metadata: Record<string, unknown> = { ...item.metadata };
    delete metadata.managedFields;
    if (isRecord(metadata.annotations) && LAST_APPLIED in metadata.annotations) {
      const { [LAST_APPLIED]: _dropped, ...rest } = metadata.annotations;
      if (Object.keys(rest).length === 0) delete metadata.annotations;
      else metadata.annotations = rest;
    }
    out.metadata = metadata;
  }
  const specPath = POD_SPEC_PATHS[kind];
  if (specPath !== undefined) {
    const spec = copyPath(out, specPath);
    if (spec !== undefined) {
      for (const field of ['containers', 'initContainers', 'ephemeralContainers']) {
        const list = spec[field];
        if (!Array.isArray(list)) continue;
        spec[field] = list.map((c: unknown) => {
          if (!isRecord(c)) return c;
          const container = { ...c };
          for (const secret of CONTAINER_SECRETS) delete container[secret];
          return container;
        });
      }
    }
  }
  // A controller's status (replica counts, conditions) says nothing about reachability and
  // changes all the time: left out, so that watching reports only changes that matter.
  if (kind !== 'Pod' && kind in POD_SPEC_PATHS) delete out.status;
  // A node's status is mostly heartbeats, images and capacity: only its addresses matter.
  if (kind === 'Node' && isRecord(item.status))
    out.status = item.status.addresses === undefined ? {} : { addresses: item.status.addresses };
  if (kind === 'Pod' && isRecord(item.status)) {
    const status: Record<string, unknown> = {};
    for (const f of POD_STATUS_FIELDS) if (item.status[f] !== undefined) status[f] = item.status[f];
    out.status = status;
  }
  return out;
}

/** Copies the records along `path` (so the caller's object is not changed) and returns the last. */
function copyPath(
  root: Record<string, unknown>,
  path: readonly string[],
): Record<string, unknown> | undefined {
  let node = root;
  for (const key of path) {
    const next = node[key];
    if (!isRecord(next)) return undefined;
    const copy = { ...next };
    node[key] = copy;
    node = copy;
  }
  return node;
}

/**
 * Why a pod read from the cluster is not an endpoint, or `undefined` when it takes traffic (it has
 * an IP and has not finished). Pods pending without an IP and pods that Succeeded or Failed do not.
 */
export function whyPodLeftOut(pod: Readonly<Record<string, unknown>>): Diagnostic | undefined {
  const metadata = isRecord(pod.metadata) ? pod.metadata : {};
  const status = isRecord(pod.status) ? pod.status : {};
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : '';
  const phase = typeof status.phase === 'string' ? status.phase : undefined;
  const object = { kind: 'Pod', namespace, name };
  if (phase === 'Succeeded' || phase === 'Failed') {
    return {
      code: 'POD_NOT_RUNNING',
      severity: 'info',
      message: `Pod ${namespace}/${name} has finished (${phase}) and takes no traffic; left out`,
      object,
    };
  }
  const hasIp =
    (typeof status.podIP === 'string' && status.podIP !== '') ||
    (Array.isArray(status.podIPs) && status.podIPs.some((p) => isRecord(p) && typeof p.ip === 'string'));
  if (!hasIp) {
    return {
      code: 'POD_NOT_RUNNING',
      severity: 'info',
      message: `Pod ${namespace}/${name} has no IP yet (${phase ?? 'no phase'}) and takes no traffic; left out`,
      object,
    };
  }
  return undefined;
}
