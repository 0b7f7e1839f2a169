import {
  checkKnownFields,
  type ObjectContext,
  readList,
  readRecord,
  readSelector,
  readString,
} from './fields.js';
import { formatCidr, parseCidr } from './ip.js';
import type { Dialect } from './normalize-admin.js';
import type { PathSegment } from './source.js';
import type { AdminPeer, LabelSelector } from './types.js';

/**
 * Peers of admin policy rules (policy.networking.k8s.io v1alpha1 and v1alpha2), as the CRDs
 * validate them: exactly one field per peer, `networks` CIDRs, `domainNames`, and the
 * namespace/pod selector pair.
 */

/** Every field any peer type of any version has: a field outside it is a peer kubereach does not know. */
const ALL_PEER_FIELDS = ['namespaces', 'pods', 'nodes', 'networks', 'domainNames'];

/**
 * `NamespacedPod`: podSelector is required; namespaceSelector is required in v1alpha1 and
 * optional in v1alpha2, where leaving it out selects in every namespace.
 */
export function readNamespacedPod(
  ctx: ObjectContext,
  d: Dialect,
  value: unknown,
  path: readonly PathSegment[],
): { namespaceSelector: LabelSelector; podSelector: LabelSelector } | undefined {
  const rec = readRecord(ctx, value, path);
  if (rec === undefined) return undefined;
  checkKnownFields(ctx, rec, path, ['namespaceSelector', 'podSelector']);
  let ok = true;
  if (rec.podSelector === undefined || rec.podSelector === null) {
    ctx.invalid(
      'INVALID_SELECTOR',
      [...path, 'podSelector'],
      'podSelector is required',
      'podSelector: {} selects every pod',
    );
    ok = false;
  }
  if (d.version === 'v1alpha1' && (rec.namespaceSelector === undefined || rec.namespaceSelector === null)) {
    ctx.invalid(
      'INVALID_SELECTOR',
      [...path, 'namespaceSelector'],
      'namespaceSelector is required',
      'namespaceSelector: {} selects every namespace',
    );
    ok = false;
  }
  const namespaceSelector = readSelector(ctx, rec.namespaceSelector, [...path, 'namespaceSelector']);
  const podSelector = readSelector(ctx, rec.podSelector, [...path, 'podSelector']);
  return ok ? { namespaceSelector, podSelector } : undefined;
}

/**
 * A peer: exactly one field (MinProperties=1, MaxProperties=1). A peer whose only field is one
 * no version of the API has is a peer kubereach does not know: the API's doc comment says to
 * fail closed ("for Accept rules, treat the rule as matching no traffic; for Deny and Pass
 * rules, treat the rule as a 'Deny all' rule"), which the engine does for `unknown` peers.
 */
export function readPeer(
  ctx: ObjectContext,
  d: Dialect,
  value: unknown,
  path: readonly PathSegment[],
  index: number,
  allowed: readonly string[],
): AdminPeer[] {
  const rec = readRecord(ctx, value, path);
  if (rec === undefined) {
    if (value === null) ctx.invalid('INVALID_PEER', path, 'a peer must set exactly one field');
    return [];
  }
  const keys = Object.keys(rec).filter((k) => rec[k] !== undefined && rec[k] !== null);
  if (keys.length === 0) {
    ctx.invalid(
      'INVALID_PEER',
      path,
      'a peer must set exactly one field',
      `fields here: ${allowed.join(', ')}`,
    );
    return [];
  }
  if (keys.length > 1) {
    ctx.invalid(
      'INVALID_PEER',
      path,
      `a peer must set exactly one field, not ${keys.join(' and ')}`,
      'write each as its own list item; items are alternatives (OR)',
    );
    return [];
  }
  const field = keys[0]!;
  const at = [...path, field];
  if (!ALL_PEER_FIELDS.includes(field)) {
    ctx.report(
      'UNKNOWN_PEER',
      'warning',
      at,
      `peer type "${field}" is not known to kubereach; the rule fails closed (an allow matches nothing through it, a deny or pass matches everything)`,
      `peer types here: ${allowed.join(', ')}`,
    );
    return [{ type: 'unknown', fields: keys, index }];
  }
  if (!allowed.includes(field)) {
    ctx.invalid(
      'INVALID_PEER',
      at,
      `${field} peers are not allowed here`,
      `peer types of ${path.includes('from') ? 'ingress' : 'egress'} rules of a ${d.kind}: ${allowed.join(', ')}`,
    );
    return [];
  }
  switch (field) {
    case 'namespaces':
      return [{ type: 'namespaces', namespaceSelector: readSelector(ctx, rec.namespaces, at), index }];
    case 'pods': {
      const pods = readNamespacedPod(ctx, d, rec.pods, at);
      return pods === undefined ? [] : [{ type: 'pods', ...pods, index }];
    }
    case 'nodes':
      return [{ type: 'nodes', nodeSelector: readSelector(ctx, rec.nodes, at), index }];
    case 'networks': {
      const cidrs = readSet(ctx, rec.networks, at, 'networks', 'INVALID_CIDR').flatMap((text, i) =>
        readNetwork(ctx, text, [...at, i]),
      );
      return [{ type: 'networks', cidrs, index }];
    }
    default: {
      const names = readSet(ctx, rec.domainNames, at, 'domainNames', 'INVALID_DOMAIN_NAME').filter((n, i) => {
        if (DOMAIN_NAME.test(n)) return true;
        ctx.invalid(
          'INVALID_DOMAIN_NAME',
          [...at, i],
          `${JSON.stringify(n)} is not a domain name`,
          'a fully qualified name, optionally starting with one "*." wildcard: *.example.com',
        );
        return false;
      });
      return [{ type: 'domainNames', domainNames: names, index }];
    }
  }
}

/**
 * The DomainName pattern marker, as written (its `A-z` also admits `[\]^_` and the backtick
 * where the first character of a label is checked).
 */
const DOMAIN_NAME =
  /^(\*\.)?([a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.)+[a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.?$/;

/**
 * A `listType=set` list of strings with MinItems=1 and MaxItems=25: the API server rejects an
 * empty list, a longer one and a repeated item.
 */
function readSet(
  ctx: ObjectContext,
  value: unknown,
  path: readonly PathSegment[],
  field: string,
  code: 'INVALID_CIDR' | 'INVALID_DOMAIN_NAME',
): string[] {
  const items = readList(ctx, value, path);
  if (items.length === 0) ctx.invalid(code, path, `${field} must list at least one entry`);
  if (items.length > 25) ctx.invalid('TOO_MANY_ITEMS', path, `${items.length} entries; at most 25`);
  const out: string[] = [];
  items.forEach((item, i) => {
    const s = readString(ctx, item, [...path, i]);
    if (s === undefined) return;
    if (out.includes(s)) ctx.invalid('DUPLICATE_ITEM', [...path, i], `${JSON.stringify(s)} is listed twice`);
    out.push(s);
  });
  return out;
}

/** A `networks` entry: MaxLength=43 and the CEL rule `isCIDR(self)`. */
function readNetwork(ctx: ObjectContext, text: string, path: readonly PathSegment[]): string[] {
  const cidr = text.length > 43 ? undefined : parseCidr(text);
  if (cidr === undefined) {
    ctx.invalid(
      'INVALID_CIDR',
      path,
      `${JSON.stringify(text)} is not a valid CIDR`,
      'write an address and a prefix length, e.g. 10.0.0.0/16 or fd00::/8',
    );
    return [];
  }
  if (!cidr.canonical)
    ctx.report(
      'NON_CANONICAL_CIDR',
      'warning',
      path,
      `${text} has host bits set; it means ${formatCidr(cidr)}`,
      `write ${formatCidr(cidr)}`,
    );
  return [formatCidr(cidr)];
}
