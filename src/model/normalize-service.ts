import { type ObjectContext, readLabels, readList, readRecord, readString } from './fields.js';
import { isValidIp } from './ip.js';
import { readProtocol } from './normalize-policy.js';
import type { Labels, ServicePort, ServiceType } from './types.js';
import { checkPortName, checkPortNumber } from './validation.js';

export interface ServiceSpecInfo {
  readonly type: ServiceType;
  readonly clusterIPs: readonly string[];
  readonly headless: boolean;
  readonly selector: Labels | null;
  readonly ports: readonly ServicePort[];
  readonly externalIPs: readonly string[];
  readonly externalName?: string;
}

const TYPES: readonly ServiceType[] = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];

/**
 * Reads a ServiceSpec with the API server's defaults (SetDefaults_Service): type ClusterIP,
 * protocol TCP, targetPort = port.
 */
export function normalizeServiceSpec(ctx: ObjectContext, value: unknown): ServiceSpecInfo {
  const spec = readRecord(ctx, value, ['spec']) ?? {};
  const typeText = readString(ctx, spec.type, ['spec', 'type']) ?? 'ClusterIP';
  let type: ServiceType = 'ClusterIP';
  if (TYPES.includes(typeText as ServiceType)) type = typeText as ServiceType;
  else
    ctx.invalid(
      'INVALID_TYPE',
      ['spec', 'type'],
      `unsupported service type ${JSON.stringify(typeText)}`,
      `supported: ${TYPES.join(', ')}`,
    );

  const clusterIPs: string[] = [];
  let headless = false;
  const addIp = (v: unknown, path: (string | number)[], into: string[]) => {
    const ip = readString(ctx, v, path);
    if (ip === undefined || ip === '') return;
    if (ip === 'None') {
      headless = true;
      return;
    }
    if (!isValidIp(ip)) ctx.invalid('INVALID_IP', path, `${JSON.stringify(ip)} is not a valid IP address`);
    else if (!into.includes(ip)) into.push(ip);
  };
  addIp(spec.clusterIP, ['spec', 'clusterIP'], clusterIPs);
  for (const [i, v] of readList(ctx, spec.clusterIPs, ['spec', 'clusterIPs']).entries()) {
    addIp(v, ['spec', 'clusterIPs', i], clusterIPs);
  }
  const externalIPs: string[] = [];
  for (const [i, v] of readList(ctx, spec.externalIPs, ['spec', 'externalIPs']).entries()) {
    addIp(v, ['spec', 'externalIPs', i], externalIPs);
  }

  const selectorRec = readRecord(ctx, spec.selector, ['spec', 'selector']);
  const selector =
    selectorRec === undefined || Object.keys(selectorRec).length === 0
      ? null
      : readLabels(ctx, selectorRec, ['spec', 'selector']);

  const ports: ServicePort[] = [];
  readList(ctx, spec.ports, ['spec', 'ports']).forEach((item, i) => {
    const path = ['spec', 'ports', i];
    const rec = readRecord(ctx, item, path);
    if (rec === undefined) return;
    const protocol = readProtocol(ctx, rec.protocol, [...path, 'protocol']);
    const port = rec.port;
    if (typeof port !== 'number' || checkPortNumber(port) !== undefined) {
      ctx.invalid(
        'INVALID_PORT',
        [...path, 'port'],
        `port ${JSON.stringify(port ?? null)} must be a number between 1 and 65535`,
      );
      return;
    }
    const name = readString(ctx, rec.name, [...path, 'name']);
    let targetPort: number | string = port;
    if (typeof rec.targetPort === 'number') {
      if (checkPortNumber(rec.targetPort) !== undefined) {
        ctx.invalid(
          'INVALID_PORT',
          [...path, 'targetPort'],
          `targetPort ${rec.targetPort} must be between 1 and 65535`,
        );
        return;
      }
      targetPort = rec.targetPort;
    } else if (typeof rec.targetPort === 'string') {
      const err = checkPortName(rec.targetPort);
      if (err !== undefined) {
        ctx.invalid(
          'INVALID_PORT',
          [...path, 'targetPort'],
          `targetPort name ${JSON.stringify(rec.targetPort)} ${err}`,
        );
        return;
      }
      targetPort = rec.targetPort;
    }
    const nodePort = typeof rec.nodePort === 'number' ? rec.nodePort : undefined;
    if (protocol === undefined) return;
    ports.push({
      protocol,
      port,
      targetPort,
      ...(name === undefined || name === '' ? {} : { name }),
      ...(nodePort === undefined ? {} : { nodePort }),
    });
  });
  const externalName = readString(ctx, spec.externalName, ['spec', 'externalName']);
  return {
    type,
    clusterIPs,
    headless,
    selector,
    ports,
    externalIPs,
    ...(externalName === undefined ? {} : { externalName }),
  };
}
