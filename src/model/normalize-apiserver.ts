import { type ObjectContext, readList, readRecord, readString } from './fields.js';
import { isValidIp } from './ip.js';

/**
 * The kube-apiserver's addresses, read from the Endpoints (`subsets[].addresses[].ip`) or the
 * EndpointSlice (`endpoints[].addresses[]`) of the Service default/kubernetes: what Cilium's
 * `kube-apiserver` entity stands for. `undefined` for the endpoints of any other Service.
 */
export function readApiServerAddresses(
  ctx: ObjectContext,
  kind: 'Endpoints' | 'EndpointSlice',
  object: Readonly<Record<string, unknown>>,
  namespace: string,
  name: string,
): string[] | undefined {
  if (namespace !== 'default') return undefined;
  const out: string[] = [];
  const add = (value: unknown, path: (string | number)[]) => {
    const ip = readString(ctx, value, path);
    if (ip === undefined) return;
    if (!isValidIp(ip)) ctx.invalid('INVALID_IP', path, `${JSON.stringify(ip)} is not a valid IP address`);
    else if (!out.includes(ip)) out.push(ip);
  };
  if (kind === 'Endpoints') {
    if (name !== 'kubernetes') return undefined;
    readList(ctx, object.subsets, ['subsets']).forEach((subset, i) => {
      const rec = readRecord(ctx, subset, ['subsets', i]) ?? {};
      readList(ctx, rec.addresses, ['subsets', i, 'addresses']).forEach((a, j) => {
        const addr = readRecord(ctx, a, ['subsets', i, 'addresses', j]) ?? {};
        add(addr.ip, ['subsets', i, 'addresses', j, 'ip']);
      });
    });
    return out;
  }
  const metadata = readRecord(ctx, object.metadata, ['metadata']) ?? {};
  const labels = readRecord(ctx, metadata.labels, ['metadata', 'labels']) ?? {};
  if (labels['kubernetes.io/service-name'] !== 'kubernetes') return undefined;
  readList(ctx, object.endpoints, ['endpoints']).forEach((e, i) => {
    const rec = readRecord(ctx, e, ['endpoints', i]) ?? {};
    readList(ctx, rec.addresses, ['endpoints', i, 'addresses']).forEach((a, j) => {
      add(a, ['endpoints', i, 'addresses', j]);
    });
  });
  return out;
}
