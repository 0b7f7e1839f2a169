import {
  describeValue,
  isRecord,
  type ObjectContext,
  readBoolean,
  readLabels,
  readList,
  readRecord,
  readSelector,
  readString,
} from './fields.js';
import { isValidIp } from './ip.js';
import { readProtocol } from './normalize-policy.js';
import type { PathSegment } from './source.js';
import type { ContainerPort, LabelSelector, Labels, WorkloadKind } from './types.js';
import { checkPortName, checkPortNumber } from './validation.js';

/** What a pod (or a pod template) contributes to connectivity. */
export interface PodSpecInfo {
  readonly labels: Labels;
  readonly ports: readonly ContainerPort[];
  readonly hostNetwork: boolean;
}

export interface PodInfo extends PodSpecInfo {
  readonly ips: readonly string[];
  readonly node?: string;
  readonly phase?: string;
  readonly owner?: OwnerInfo;
}

export interface OwnerInfo {
  readonly kind: string;
  readonly name: string;
}

/** Path of the pod template inside each workload kind. */
export const TEMPLATE_PATHS: Readonly<Record<Exclude<WorkloadKind, 'Pod'>, readonly string[]>> = {
  Deployment: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/** Reads a workload's pod template: its labels, container ports and hostNetwork. */
export function readTemplate(
  ctx: ObjectContext,
  object: Record<string, unknown>,
  kind: Exclude<WorkloadKind, 'Pod'>,
): PodSpecInfo {
  const path = TEMPLATE_PATHS[kind];
  let node: unknown = object;
  for (let i = 0; i < path.length; i++) {
    const rec = i === 0 ? object : readRecord(ctx, node, path.slice(0, i));
    node = rec?.[path[i]!];
  }
  const template = readRecord(ctx, node, path) ?? {};
  const metadata = readRecord(ctx, template.metadata, [...path, 'metadata']) ?? {};
  const labels = readLabels(ctx, metadata.labels, [...path, 'metadata', 'labels']);
  checkWorkloadSelector(ctx, object, kind, labels);
  return { labels, ...readPodSpec(ctx, template.spec, [...path, 'spec']) };
}

/** Kinds whose `spec.selector` is a LabelSelector that must select the pod template. */
const LABEL_SELECTOR_KINDS = new Set<string>(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']);

/**
 * A workload's `spec.selector`, when written, as the API server checks it (ValidateDeploymentSpec,
 * ValidateReplicaSetSpec, ValidateStatefulSetSpec, ValidateDaemonSetSpec and
 * ValidatePodTemplateSpecForRC): a valid, non-empty selector that matches the template's labels,
 * or the workload would own pods it does not select. An absent selector is not reported: older
 * API versions default it from the template and manifests written for tests often leave it out.
 */
function checkWorkloadSelector(
  ctx: ObjectContext,
  object: Record<string, unknown>,
  kind: Exclude<WorkloadKind, 'Pod'>,
  labels: Labels,
): void {
  const value = isRecord(object.spec) ? object.spec.selector : undefined;
  if (value === undefined || value === null) return;
  const labelsPath = [...TEMPLATE_PATHS[kind], 'metadata', 'labels'];
  if (kind === 'ReplicationController') {
    // a map of labels; empty means "the template's labels" (SetDefaults_ReplicationController)
    const selector = readLabels(ctx, value, ['spec', 'selector']);
    const matches = Object.entries(selector).every(([k, v]) => labels[k] === v);
    if (!matches) ctx.invalid('INVALID_SELECTOR', labelsPath, '`selector` does not match template `labels`');
    return;
  }
  if (!LABEL_SELECTOR_KINDS.has(kind)) return; // Jobs get a generated selector
  const errors = ctx.errors;
  const selector = readSelector(ctx, value, ['spec', 'selector']);
  if (ctx.errors > errors) return;
  if (Object.keys(selector.matchLabels).length + selector.matchExpressions.length === 0) {
    ctx.invalid(
      'INVALID_SELECTOR',
      ['spec', 'selector'],
      `empty selector is invalid for ${kind.toLowerCase()}`,
      'select the pods by the labels of spec.template.metadata.labels',
    );
    return;
  }
  if (!selects(selector, labels))
    ctx.invalid(
      'INVALID_SELECTOR',
      labelsPath,
      '`selector` does not match template `labels`',
      'the template must carry every label spec.selector requires',
    );
}

/** `metav1.LabelSelectorAsSelector(selector).Matches(labels)`. */
function selects(selector: LabelSelector, labels: Labels): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels)) if (labels[k] !== v) return false;
  return selector.matchExpressions.every((r) => {
    const has = Object.hasOwn(labels, r.key);
    switch (r.operator) {
      case 'In':
        return has && r.values.includes(labels[r.key]!);
      case 'NotIn':
        return !has || !r.values.includes(labels[r.key]!);
      case 'Exists':
        return has;
      default:
        return !has;
    }
  });
}

/** Reads a Pod object: labels, ports, hostNetwork, IPs, phase and controller owner. */
export function readPod(ctx: ObjectContext, object: Record<string, unknown>): PodInfo {
  const metadata = readRecord(ctx, object.metadata, ['metadata']) ?? {};
  const status = readRecord(ctx, object.status, ['status']) ?? {};
  const ips: string[] = [];
  const addIp = (value: unknown, path: readonly PathSegment[]) => {
    const ip = readString(ctx, value, path);
    if (ip === undefined || ip === '') return;
    if (!isValidIp(ip)) ctx.invalid('INVALID_IP', path, `${JSON.stringify(ip)} is not a valid IP address`);
    else if (!ips.includes(ip)) ips.push(ip);
  };
  addIp(status.podIP, ['status', 'podIP']);
  readList(ctx, status.podIPs, ['status', 'podIPs']).forEach((item, i) => {
    const rec = readRecord(ctx, item, ['status', 'podIPs', i]);
    if (rec !== undefined) addIp(rec.ip, ['status', 'podIPs', i, 'ip']);
  });
  const phase = readString(ctx, status.phase, ['status', 'phase']);
  const owner = readControllerOwner(ctx, metadata);
  const spec = isRecord(object.spec) ? object.spec : {};
  const node = readString(ctx, spec.nodeName, ['spec', 'nodeName']);
  return {
    labels: readLabels(ctx, metadata.labels, ['metadata', 'labels']),
    ...readPodSpec(ctx, object.spec, ['spec']),
    ips,
    ...(phase === undefined ? {} : { phase }),
    ...(node === undefined || node === '' ? {} : { node }),
    ...(owner === undefined ? {} : { owner }),
  };
}

/**
 * The `ownerReferences` entry with `controller: true`, if any. Every entry needs apiVersion,
 * kind, name and uid, and at most one may be the controller, or the API server rejects the
 * object (ValidateOwnerReferences in apimachinery's objectmeta validation).
 */
export function readControllerOwner(
  ctx: ObjectContext,
  metadata: Record<string, unknown>,
): OwnerInfo | undefined {
  let owner: OwnerInfo | undefined;
  let controllers = 0;
  for (const [i, item] of readList(ctx, metadata.ownerReferences, [
    'metadata',
    'ownerReferences',
  ]).entries()) {
    const path = ['metadata', 'ownerReferences', i];
    const rec = readRecord(ctx, item, path);
    if (rec === undefined) continue;
    for (const field of ['apiVersion', 'kind', 'name', 'uid']) {
      if (typeof rec[field] !== 'string' || rec[field] === '')
        ctx.invalid(
          'INVALID_OWNER_REFERENCE',
          [...path, field],
          `an owner reference needs ${field}`,
          'kubectl get -o yaml shows the owner references as the API server wrote them',
        );
    }
    if (rec.controller !== true) continue;
    if (++controllers > 1) {
      ctx.invalid(
        'INVALID_OWNER_REFERENCE',
        [...path, 'controller'],
        'only one owner reference may be the controller',
      );
      continue;
    }
    const kind = readString(ctx, rec.kind, [...path, 'kind']);
    const name = readString(ctx, rec.name, [...path, 'name']);
    if (kind !== undefined && name !== undefined) owner = { kind, name };
  }
  return owner;
}

function readPodSpec(ctx: ObjectContext, value: unknown, path: readonly PathSegment[]) {
  const spec = readRecord(ctx, value, path) ?? {};
  const ports: ContainerPort[] = [];
  const readContainers = (field: string, sidecarsOnly: boolean) => {
    readList(ctx, spec[field], [...path, field]).forEach((c, i) => {
      const cp = [...path, field, i];
      const container = readRecord(ctx, c, cp);
      if (container === undefined) return;
      // Init containers serve traffic only as sidecars (restartPolicy: Always).
      if (sidecarsOnly && container.restartPolicy !== 'Always') return;
      // validateContainerPorts: a port name may appear once per container
      const names = new Set<string>();
      readList(ctx, container.ports, [...cp, 'ports']).forEach((p, j) => {
        const port = readContainerPort(ctx, p, [...cp, 'ports', j]);
        if (port === undefined) return;
        if (port.name !== undefined) {
          if (names.has(port.name)) {
            ctx.invalid(
              'INVALID_PORT',
              [...cp, 'ports', j, 'name'],
              `duplicate port name ${JSON.stringify(port.name)} in one container`,
            );
            return;
          }
          names.add(port.name);
        }
        ports.push(port);
      });
    });
  };
  readContainers('containers', false);
  readContainers('initContainers', true);
  return { ports, hostNetwork: readBoolean(ctx, spec.hostNetwork, [...path, 'hostNetwork']) ?? false };
}

function readContainerPort(
  ctx: ObjectContext,
  value: unknown,
  path: readonly PathSegment[],
): ContainerPort | undefined {
  const rec = readRecord(ctx, value, path);
  if (rec === undefined) return undefined;
  const protocol = readProtocol(ctx, rec.protocol, [...path, 'protocol']);
  const number = rec.containerPort;
  if (typeof number !== 'number' || checkPortNumber(number) !== undefined) {
    ctx.invalid(
      'INVALID_PORT',
      [...path, 'containerPort'],
      number === undefined || number === null
        ? 'containerPort is required'
        : typeof number === 'number'
          ? `containerPort ${number} must be between 1 and 65535`
          : `containerPort must be a number between 1 and 65535, not ${describeValue(number)}`,
    );
    return undefined;
  }
  const name = readString(ctx, rec.name, [...path, 'name']);
  if (name !== undefined) {
    const err = checkPortName(name);
    if (err !== undefined) {
      ctx.invalid('INVALID_PORT', [...path, 'name'], `port name ${JSON.stringify(name)} ${err}`);
      return undefined;
    }
  }
  if (protocol === undefined) return undefined;
  return { port: number, protocol, ...(name === undefined ? {} : { name }) };
}
