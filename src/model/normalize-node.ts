import { describeValue, isRecord, type ObjectContext, readLabels, readList } from './fields.js';
import { isValidIp } from './ip.js';
import type { SourceRef } from './source.js';
import type { ClusterNode } from './types.js';

/**
 * A v1 Node: its labels and the addresses `nodes` peers match, `status.addresses` of type
 * InternalIP and ExternalIP (the other types are names). Addresses that are not IPs are
 * reported and skipped; the node still loads.
 */
export function normalizeNode(
  ctx: ObjectContext,
  name: string,
  metadata: Record<string, unknown>,
  value: Readonly<Record<string, unknown>>,
  source: SourceRef,
): ClusterNode {
  const labels = readLabels(ctx, metadata.labels, ['metadata', 'labels']);
  const status = isRecord(value.status) ? value.status : {};
  const addresses: string[] = [];
  readList(ctx, status.addresses, ['status', 'addresses']).forEach((item, i) => {
    const path = ['status', 'addresses', i];
    if (!isRecord(item)) return;
    const type = item.type;
    if (type !== 'InternalIP' && type !== 'ExternalIP') return;
    const address = typeof item.address === 'string' ? item.address : undefined;
    if (address === undefined || !isValidIp(address)) {
      ctx.report(
        'INVALID_IP',
        'warning',
        [...path, 'address'],
        `${type} ${describeValue(item.address)} is not an IP address; left out`,
      );
      return;
    }
    if (!addresses.includes(address)) addresses.push(address);
  });
  return { kind: 'Node', name, labels, addresses, source };
}
