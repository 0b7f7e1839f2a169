import { describeValue, type ObjectContext, readLabels, readList, readRecord, readString } from './fields.js';
import { isValidIp } from './ip.js';
import { readProtocol } from './normalize-policy.js';
import type { PathSegment } from './source.js';
import type { Labels, ServicePort, ServiceType } from './types.js';
import { checkDns1123Label, checkDns1123Subdomain, checkPortName, checkPortNumber } from './validation.js';

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
    if (ip === 'None' && into === clusterIPs) {
      headless = true;
      return;
    }
    if (!isValidIp(ip)) ctx.invalid('INVALID_IP', path, `${JSON.stringify(ip)} is not a valid IP address`);
    else if (!into.includes(ip)) into.push(ip);
  };
  addIp(spec.clusterIP, ['spec', 'clusterIP'], clusterIPs);
  const clusterIPList = readList(ctx, spec.clusterIPs, ['spec', 'clusterIPs']);
  for (const [i, v] of clusterIPList.entries()) addIp(v, ['spec', 'clusterIPs', i], clusterIPs);
  // ValidateService: when both are set, clusterIPs[0] is clusterIP
  const first = clusterIPList[0];
  if (
    typeof spec.clusterIP === 'string' &&
    spec.clusterIP !== '' &&
    typeof first === 'string' &&
    first !== spec.clusterIP
  )
    ctx.invalid('INVALID_IP', ['spec', 'clusterIPs', 0], `must be the same as clusterIP (${spec.clusterIP})`);
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
  const portItems = readList(ctx, spec.ports, ['spec', 'ports']);
  // validateServicePort: names are DNS labels, unique, and required when there are several ports
  const names = new Set<string>();
  const seen = new Set<string>();
  portItems.forEach((item, i) => {
    const path = ['spec', 'ports', i];
    const rec = readRecord(ctx, item, path);
    if (rec === undefined) return;
    const protocol = readProtocol(ctx, rec.protocol, [...path, 'protocol']);
    const port = rec.port;
    if (typeof port !== 'number' || checkPortNumber(port) !== undefined) {
      ctx.invalid(
        'INVALID_PORT',
        [...path, 'port'],
        port === undefined || port === null
          ? 'port is required'
          : typeof port === 'number'
            ? `port ${port} must be between 1 and 65535`
            : `port must be a number between 1 and 65535, not ${describeValue(port)}`,
      );
      return;
    }
    const name = readString(ctx, rec.name, [...path, 'name']) ?? '';
    if (name === '' && portItems.length > 1) {
      ctx.invalid(
        'INVALID_PORT',
        [...path, 'name'],
        'name is required when a service has more than one port',
        'name every port, e.g. http and https',
      );
      return;
    }
    if (name !== '') {
      const err = checkDns1123Label(name);
      if (err !== undefined) {
        ctx.invalid('INVALID_PORT', [...path, 'name'], `port name ${JSON.stringify(name)} ${err}`);
        return;
      }
      if (names.has(name)) {
        ctx.invalid('INVALID_PORT', [...path, 'name'], `duplicate port name ${JSON.stringify(name)}`);
        return;
      }
      names.add(name);
    }
    // ValidateService: no two ports with the same (port, protocol)
    const key = `${port}/${protocol ?? ''}`;
    if (protocol !== undefined && seen.has(key)) {
      ctx.invalid('INVALID_PORT', path, `duplicate port ${port}/${protocol}`);
      return;
    }
    seen.add(key);
    const targetPort = readTargetPort(ctx, rec.targetPort, port, [...path, 'targetPort']);
    const nodePort = readNodePort(ctx, rec.nodePort, type, [...path, 'nodePort']);
    if (protocol === undefined || targetPort === undefined || nodePort === null) return;
    ports.push({
      protocol,
      port,
      targetPort,
      ...(name === '' ? {} : { name }),
      ...(nodePort === undefined ? {} : { nodePort }),
    });
  });
  const noPorts =
    spec.ports === undefined || spec.ports === null || (Array.isArray(spec.ports) && spec.ports.length === 0);
  if (noPorts && !headless && type !== 'ExternalName')
    ctx.invalid('INVALID_PORT', ['spec', 'ports'], 'a service needs at least one port');
  const externalName = readString(ctx, spec.externalName, ['spec', 'externalName']);
  if (type === 'ExternalName') checkExternalName(ctx, externalName, clusterIPs);
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

/**
 * A targetPort: a port number or a named container port; 0, "" and absent all mean "the same as
 * port" (SetDefaults_Service). Undefined when invalid.
 */
function readTargetPort(
  ctx: ObjectContext,
  value: unknown,
  port: number,
  path: readonly PathSegment[],
): number | string | undefined {
  if (value === undefined || value === null || value === 0 || value === '') return port;
  if (typeof value === 'number') {
    if (checkPortNumber(value) === undefined) return value;
    ctx.invalid('INVALID_PORT', path, `targetPort ${value} must be between 1 and 65535`);
    return undefined;
  }
  if (typeof value === 'string') {
    const err = checkPortName(value);
    if (err === undefined) return value;
    ctx.invalid('INVALID_PORT', path, `targetPort name ${JSON.stringify(value)} ${err}`);
    return undefined;
  }
  ctx.invalid('INVALID_PORT', path, `targetPort must be a port number or name, not ${describeValue(value)}`);
  return undefined;
}

/**
 * A nodePort: absent or 0 (allocated by the cluster), else a port number, and never on a
 * ClusterIP or ExternalName service. Null when invalid.
 */
function readNodePort(
  ctx: ObjectContext,
  value: unknown,
  type: ServiceType,
  path: readonly PathSegment[],
): number | undefined | null {
  if (value === undefined || value === null || value === 0) return undefined;
  if (typeof value !== 'number' || checkPortNumber(value) !== undefined) {
    ctx.invalid('INVALID_PORT', path, `nodePort must be a port number, not ${describeValue(value)}`);
    return null;
  }
  if (type === 'ClusterIP' || type === 'ExternalName') {
    ctx.invalid(
      'INVALID_PORT',
      path,
      `may not be used when \`type\` is '${type}'`,
      'set type: NodePort or LoadBalancer, or leave nodePort out',
    );
    return null;
  }
  return value;
}

/** ValidateService for type ExternalName: a DNS name is required and no cluster IP is allowed. */
function checkExternalName(
  ctx: ObjectContext,
  externalName: string | undefined,
  clusterIPs: readonly string[],
): void {
  if (externalName === undefined || externalName === '') {
    ctx.invalid('INVALID_NAME', ['spec', 'externalName'], 'externalName is required for type ExternalName');
    return;
  }
  // a fully qualified name may end in a dot
  const err = checkDns1123Subdomain(externalName.endsWith('.') ? externalName.slice(0, -1) : externalName);
  if (err !== undefined)
    ctx.invalid(
      'INVALID_NAME',
      ['spec', 'externalName'],
      `externalName ${JSON.stringify(externalName)} ${err}`,
    );
  if (clusterIPs.length > 0)
    ctx.invalid('INVALID_IP', ['spec', 'clusterIP'], 'may not be set for type ExternalName');
}
