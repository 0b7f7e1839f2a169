import { type ObjectContext, readBoolean, readLabels, readList, readRecord, readString } from './fields.js';
import { isValidIp } from './ip.js';
import { readProtocol } from './normalize-policy.js';
import type { PathSegment } from './source.js';
import type { ContainerPort, Labels, WorkloadKind } from './types.js';
import { checkPortName, checkPortNumber } from './validation.js';

/** What a pod (or a pod template) contributes to connectivity. */
export interface PodSpecInfo {
  readonly labels: Labels;
  readonly ports: readonly ContainerPort[];
  readonly hostNetwork: boolean;
}

export interface PodInfo extends PodSpecInfo {
  readonly ips: readonly string[];
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
  return {
    labels: readLabels(ctx, metadata.labels, [...path, 'metadata', 'labels']),
    ...readPodSpec(ctx, template.spec, [...path, 'spec']),
  };
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
  return {
    labels: readLabels(ctx, metadata.labels, ['metadata', 'labels']),
    ...readPodSpec(ctx, object.spec, ['spec']),
    ips,
    ...(phase === undefined ? {} : { phase }),
    ...(owner === undefined ? {} : { owner }),
  };
}

/** The `ownerReferences` entry with `controller: true`, if any. */
export function readControllerOwner(
  ctx: ObjectContext,
  metadata: Record<string, unknown>,
): OwnerInfo | undefined {
  for (const [i, item] of readList(ctx, metadata.ownerReferences, [
    'metadata',
    'ownerReferences',
  ]).entries()) {
    const rec = readRecord(ctx, item, ['metadata', 'ownerReferences', i]);
    if (rec === undefined || rec.controller !== true) continue;
    const kind = readString(ctx, rec.kind, ['metadata', 'ownerReferences', i, 'kind']);
    const name = readString(ctx, rec.name, ['metadata', 'ownerReferences', i, 'name']);
    if (kind !== undefined && name !== undefined) return { kind, name };
  }
  return undefined;
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
      readList(ctx, container.ports, [...cp, 'ports']).forEach((p, j) => {
        const port = readContainerPort(ctx, p, [...cp, 'ports', j]);
        if (port !== undefined) ports.push(port);
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
      `containerPort ${JSON.stringify(number ?? null)} must be a number between 1 and 65535`,
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
