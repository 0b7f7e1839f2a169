import {
  checkKnownFields,
  describeValue,
  isRecord,
  type ObjectContext,
  readBoolean,
  readList,
  readRecord,
  readSelector,
  readString,
} from './fields.js';
import { formatCidr, parseCidr, parseIp } from './ip.js';
import { readCiliumPortRules } from './normalize-cilium-ports.js';
import type { PathSegment } from './source.js';
import {
  CILIUM_ENTITIES,
  type CiliumEntity,
  type CiliumPeer,
  type CiliumPolicyKind,
  type CiliumRuleItem,
  type CiliumSection,
  type CiliumSpec,
  type LabelSelector,
} from './types.js';
import { checkLabelKey } from './validation.js';

/**
 * Reads cilium.io/v2 CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy as Cilium does:
 * the CRD's schema (spec or specs; exactly one of endpointSelector and nodeSelector; at least
 * one rule section), `CiliumNetworkPolicy.Validate` (no nodeSelector in a namespaced policy) and
 * `Rule.Sanitize` (pkg/policy/api/rule_validation.go: one kind of peer per item, L7 limits,
 * CIDR syntax, entities, `enableDefaultDeny` defaulting). A policy Cilium refuses is never
 * enforced: its errors are reported and it is left out whole.
 */

const RULE_FIELDS = [
  'endpointSelector',
  'nodeSelector',
  'ingress',
  'ingressDeny',
  'egress',
  'egressDeny',
  'enableDefaultDeny',
  'labels',
  'description',
  'log',
];

const SECTIONS: readonly CiliumSection[] = ['ingress', 'ingressDeny', 'egress', 'egressDeny'];

/** Peer fields of each direction, with how kubereach reads them. */
type PeerReader = 'endpoints' | 'entities' | 'cidr' | 'cidrSet' | 'fqdn' | 'unmodelled';
const INGRESS_PEERS: Readonly<Record<string, PeerReader>> = {
  fromEndpoints: 'endpoints',
  fromEntities: 'entities',
  fromCIDR: 'cidr',
  fromCIDRSet: 'cidrSet',
  fromNodes: 'unmodelled',
  fromGroups: 'unmodelled',
};
const EGRESS_PEERS: Readonly<Record<string, PeerReader>> = {
  toEndpoints: 'endpoints',
  toEntities: 'entities',
  toCIDR: 'cidr',
  toCIDRSet: 'cidrSet',
  toFQDNs: 'fqdn',
  toServices: 'unmodelled',
  toNodes: 'unmodelled',
  toGroups: 'unmodelled',
};

/** Label sources a Cilium selector key may start with (pkg/labels). */
const LABEL_SOURCE = /^(k8s|any|reserved|container|unspec|cidr|fqdn|cilium-generated|kvstore|node):/;

/**
 * Label keys of Cilium selectors: an optional source prefix (`k8s:`, `any:`, `reserved:`, …),
 * then a Kubernetes label key. Keys Cilium derives itself (`io.cilium.k8s.namespace.labels.K`)
 * are longer than the 63 characters a Kubernetes label name may have: only the part after the
 * derived prefix is checked.
 */
export function checkCiliumLabelKey(key: string): string | undefined {
  const bare = key.replace(LABEL_SOURCE, '');
  const derived = 'io.cilium.k8s.namespace.labels.';
  return checkLabelKey(bare.startsWith(derived) ? bare.slice(derived.length) : bare);
}

/**
 * Reads the rules of a Cilium policy: `spec` and `specs` (both may be present), flattened.
 * Problems are reported on `ctx`; the caller leaves the policy out when `ctx.errors > 0`.
 */
export function normalizeCiliumPolicy(
  ctx: ObjectContext,
  object: Readonly<Record<string, unknown>>,
  kind: CiliumPolicyKind,
): CiliumSpec[] {
  const specs: CiliumSpec[] = [];
  const hasSpec = object.spec !== undefined && object.spec !== null;
  const hasSpecs = object.specs !== undefined && object.specs !== null;
  if (!hasSpec && !hasSpecs) {
    ctx.invalid('INVALID_CILIUM_RULE', [], 'spec or specs must be provided', 'write the rule under spec:');
    return specs;
  }
  if (hasSpec) {
    const spec = readCiliumRule(ctx, object.spec, ['spec'], kind);
    if (spec !== undefined) specs.push(spec);
  }
  readList(ctx, object.specs, ['specs']).forEach((item, i) => {
    const spec = readCiliumRule(ctx, item, ['specs', i], kind);
    if (spec !== undefined) specs.push(spec);
  });
  return specs;
}

function readCiliumRule(
  ctx: ObjectContext,
  value: unknown,
  path: readonly PathSegment[],
  kind: CiliumPolicyKind,
): CiliumSpec | undefined {
  const rule = readRecord(ctx, value, path);
  if (rule === undefined) return undefined;
  checkKnownFields(ctx, rule, path, RULE_FIELDS);
  const present = (f: string) => rule[f] !== undefined && rule[f] !== null;
  // CRD schema: exactly one of endpointSelector and nodeSelector (oneOf), and at least one rule
  // section written (anyOf): `ingress: []` counts as written, and then means no section.
  if (present('endpointSelector') === present('nodeSelector'))
    ctx.invalid(
      'INVALID_CILIUM_RULE',
      path,
      present('endpointSelector')
        ? 'rule cannot have both endpointSelector and nodeSelector'
        : 'rule must have one of endpointSelector or nodeSelector',
      present('endpointSelector')
        ? 'a rule selects pods (endpointSelector) or nodes (nodeSelector), not both'
        : 'write endpointSelector: {} to select every pod the policy may select',
    );
  if (present('nodeSelector') && kind === 'CiliumNetworkPolicy')
    ctx.invalid(
      'INVALID_CILIUM_RULE',
      [...path, 'nodeSelector'],
      'a CiliumNetworkPolicy rule cannot have a nodeSelector',
      'host policies are CiliumClusterwideNetworkPolicies',
    );
  if (!SECTIONS.some(present))
    ctx.invalid(
      'INVALID_CILIUM_RULE',
      path,
      'the rule has no ingress, ingressDeny, egress or egressDeny section',
      'a rule without sections does nothing; to deny all ingress write ingress: [{}]',
    );
  const endpointSelector = present('endpointSelector')
    ? readSelector(ctx, rule.endpointSelector, [...path, 'endpointSelector'], checkCiliumLabelKey)
    : null;
  const nodeSelector = present('nodeSelector')
    ? readSelector(ctx, rule.nodeSelector, [...path, 'nodeSelector'], checkCiliumLabelKey)
    : null;
  const hostPolicy = nodeSelector !== null;
  if (hostPolicy)
    ctx.report(
      'NOT_MODELLED',
      'warning',
      [...path, 'nodeSelector'],
      'host policies are not evaluated: this rule selects nodes, not pods, and traffic to nodes is left unrestricted here',
    );
  const items = (section: CiliumSection) =>
    readList(ctx, rule[section], [...path, section]).flatMap((item, i) => {
      const read = readItem(ctx, item, [...path, section, i], section, i, hostPolicy);
      return read === undefined ? [] : [read];
    });
  const ingress = items('ingress');
  const ingressDeny = items('ingressDeny');
  const egress = items('egress');
  const egressDeny = items('egressDeny');
  const dd = readRecord(ctx, rule.enableDefaultDeny, [...path, 'enableDefaultDeny']) ?? {};
  checkKnownFields(ctx, dd, [...path, 'enableDefaultDeny'], ['ingress', 'egress']);
  const ddIngress = readBoolean(ctx, dd.ingress, [...path, 'enableDefaultDeny', 'ingress']);
  const ddEgress = readBoolean(ctx, dd.egress, [...path, 'enableDefaultDeny', 'egress']);
  const description = readString(ctx, rule.description, [...path, 'description']);
  return {
    path,
    endpointSelector,
    nodeSelector,
    ingress,
    ingressDeny,
    egress,
    egressDeny,
    // Rule.Sanitize: unset, a direction defaults to deny when it has an allow or deny item
    defaultDeny: {
      ingress: ddIngress ?? (ingress.length > 0 || ingressDeny.length > 0),
      egress: ddEgress ?? (egress.length > 0 || egressDeny.length > 0),
    },
    defaultDenyExplicit: { ingress: ddIngress !== undefined, egress: ddEgress !== undefined },
    ...(description === undefined ? {} : { description }),
  };
}

function readItem(
  ctx: ObjectContext,
  value: unknown,
  path: readonly PathSegment[],
  section: CiliumSection,
  index: number,
  hostPolicy: boolean,
): CiliumRuleItem | undefined {
  // `- ` with nothing after it decodes as an empty item, like `- {}`
  const item = value === null ? {} : readRecord(ctx, value, path);
  if (item === undefined) return undefined;
  const ingress = section === 'ingress' || section === 'ingressDeny';
  const deny = section === 'ingressDeny' || section === 'egressDeny';
  const peerFields = ingress ? INGRESS_PEERS : EGRESS_PEERS;
  const others = ['toPorts', 'icmps', ...(ingress ? ['fromRequires'] : ['toRequires'])];
  if (!deny) others.push('authentication');
  checkKnownFields(
    ctx,
    item,
    path,
    [...Object.keys(peerFields), ...others].filter((f) => !(deny && f === 'toFQDNs')),
  );
  const unmodelled: string[] = [];
  let peers: CiliumPeer[] | null = null;
  const written: string[] = [];
  for (const [field, reader] of Object.entries(peerFields)) {
    if (item[field] === undefined || item[field] === null) continue;
    const list = readList(ctx, item[field], [...path, field]);
    peers ??= [];
    if (list.length > 0) written.push(field);
    if (reader === 'unmodelled') {
      if (list.length > 0) unmodelled.push(field);
      continue;
    }
    list.forEach((p, i) => {
      const peer = readPeer(ctx, p, [...path, field, i], field, i, reader);
      if (peer !== undefined) peers!.push(peer);
    });
  }
  // IngressRule/EgressRule.sanitize: one kind of peer per item
  if (written.length > 1)
    ctx.invalid(
      'INVALID_CILIUM_RULE',
      [...path, written[1]!],
      `Combining ${written[0]} and ${written[1]} is not supported`,
      'write them as separate items of the list',
    );
  for (const f of [ingress ? 'fromRequires' : 'toRequires', 'icmps', 'authentication'])
    if (readList(ctx, item[f], [...path, f]).length > 0) unmodelled.push(f);
  const hasIcmps = unmodelled.includes('icmps');
  let toPorts = readCiliumPortRules(
    ctx,
    item.toPorts,
    [...path, 'toPorts'],
    { deny, ingress, hostPolicy },
    unmodelled,
  );
  if (hasIcmps && toPorts !== null)
    ctx.invalid(
      'INVALID_CILIUM_RULE',
      [...path, 'icmps'],
      'The ICMPs block may only be present without ToPorts',
    );
  if (written.includes('toServices') && toPorts !== null)
    ctx.invalid(
      'INVALID_CILIUM_RULE',
      [...path, 'toPorts'],
      'Combining ToServices and ToPorts is not supported',
    );
  // an ICMP-only item opens no TCP, UDP or SCTP port
  if (hasIcmps) toPorts = [];
  const requires = unmodelled.includes(ingress ? 'fromRequires' : 'toRequires');
  // requirements grant nothing by themselves: an item of only fromRequires allows no peer
  if (peers === null && requires) peers = [];
  const empty = peers === null && toPorts === null && !hasIcmps;
  reportUnmodelled(ctx, path, section, unmodelled);
  return { section, index, peers, toPorts, empty, unmodelled };
}

/** Fields kubereach reads but does not evaluate change verdicts: each is a warning. */
function reportUnmodelled(
  ctx: ObjectContext,
  path: readonly PathSegment[],
  section: CiliumSection,
  unmodelled: readonly string[],
): void {
  const deny = section.endsWith('Deny');
  for (const field of unmodelled) {
    const protocol = field.startsWith('protocol ') || field === 'icmps';
    ctx.report(
      'NOT_MODELLED',
      protocol ? 'info' : 'warning',
      [...path, protocol ? 'toPorts' : field.split(' ')[0]!],
      protocol
        ? `${field}: kubereach evaluates TCP, UDP and SCTP only; this rule opens none of them`
        : field.endsWith('Requires')
          ? `${field} is not evaluated: it narrows every ${section.startsWith('ingress') ? 'source' : 'destination'} the selected pods admit, so allowed verdicts may be too open`
          : `${field} is not evaluated: the peers it names match nothing here, so verdicts may be too ${deny ? 'open' : 'closed'}`,
      'kubereach cannot resolve this field statically; check the verdicts it touches on the cluster',
    );
  }
}

function readPeer(
  ctx: ObjectContext,
  value: unknown,
  path: readonly PathSegment[],
  field: string,
  index: number,
  reader: Exclude<PeerReader, 'unmodelled'>,
): CiliumPeer | undefined {
  switch (reader) {
    case 'endpoints':
      return { type: 'endpoints', selector: readEndpointSelector(ctx, value, path), field, index };
    case 'entities': {
      const s = readString(ctx, value, path);
      if (s === undefined) return undefined;
      if (!(CILIUM_ENTITIES as readonly string[]).includes(s)) {
        const close = CILIUM_ENTITIES.find((e) => e === s.toLowerCase());
        ctx.invalid(
          'INVALID_ENTITY',
          path,
          `unsupported entity ${JSON.stringify(s)}`,
          close === undefined ? `entities: ${CILIUM_ENTITIES.join(', ')}` : `write ${close}`,
        );
        return undefined;
      }
      return { type: 'entity', entity: s as CiliumEntity, field, index };
    }
    case 'cidr': {
      const s = readString(ctx, value, path);
      if (s === undefined) return undefined;
      // CIDR.sanitize: a prefix, or a bare address (a host prefix)
      const address = parseIp(s);
      const cidr =
        address === undefined ? parseCidr(s) : parseCidr(`${s}/${address.family === 'v4' ? 32 : 128}`);
      if (cidr === undefined) {
        ctx.invalid('INVALID_CIDR', path, `unable to parse CIDR ${JSON.stringify(s)}`);
        return undefined;
      }
      return { type: 'cidr', cidr: formatCidr(cidr), except: [], field, index };
    }
    case 'cidrSet':
      return readCidrRule(ctx, value, path, field, index);
    case 'fqdn': {
      const rec = readRecord(ctx, value, path);
      if (rec === undefined) return undefined;
      checkKnownFields(ctx, rec, path, ['matchName', 'matchPattern']);
      const matchName = readString(ctx, rec.matchName, [...path, 'matchName']);
      const matchPattern = readString(ctx, rec.matchPattern, [...path, 'matchPattern']);
      if ((matchName ?? '') === '' && (matchPattern ?? '') === '') {
        ctx.invalid('INVALID_CILIUM_RULE', path, 'matchName or matchPattern must be specified');
        return undefined;
      }
      return {
        type: 'fqdn',
        ...(matchName ? { matchName } : {}),
        ...(matchPattern ? { matchPattern } : {}),
        field,
        index,
      };
    }
    default:
      return reader satisfies never;
  }
}

/** An endpoint selector of a peer: a label selector whose keys may carry a source prefix. */
function readEndpointSelector(
  ctx: ObjectContext,
  value: unknown,
  path: readonly PathSegment[],
): LabelSelector {
  if (value !== null && value !== undefined && !isRecord(value))
    ctx.invalid('INVALID_TYPE', path, `must be a selector mapping, not ${describeValue(value)}`);
  return readSelector(ctx, value, path, checkCiliumLabelKey);
}

/** CIDRRule.sanitize: a prefix, and excepts inside it of the same family. */
function readCidrRule(
  ctx: ObjectContext,
  value: unknown,
  path: readonly PathSegment[],
  field: string,
  index: number,
): CiliumPeer | undefined {
  const rec = readRecord(ctx, value, path);
  if (rec === undefined) return undefined;
  checkKnownFields(ctx, rec, path, ['cidr', 'except', 'cidrGroupRef', 'cidrGroupSelector']);
  if (rec.cidrGroupRef !== undefined || rec.cidrGroupSelector !== undefined) {
    ctx.report(
      'NOT_MODELLED',
      'warning',
      path,
      'CIDR groups are not modelled: this peer matches nothing here',
      'write the CIDRs out to have them evaluated',
    );
    return undefined;
  }
  const text = readString(ctx, rec.cidr, [...path, 'cidr']);
  const cidr = text === undefined ? undefined : parseCidr(text);
  if (cidr === undefined) {
    ctx.invalid('INVALID_CIDR', [...path, 'cidr'], `unable to parse CIDRRule ${JSON.stringify(text ?? '')}`);
    return undefined;
  }
  const except: string[] = [];
  readList(ctx, rec.except, [...path, 'except']).forEach((e, i) => {
    const s = readString(ctx, e, [...path, 'except', i]);
    const ex = s === undefined ? undefined : parseCidr(s);
    if (ex === undefined) {
      ctx.invalid('INVALID_CIDR', [...path, 'except', i], `unable to parse CIDR ${JSON.stringify(s ?? '')}`);
      return;
    }
    if (ex.family !== cidr.family || ex.first < cidr.first || ex.first > cidr.last) {
      ctx.invalid(
        'EXCEPT_OUTSIDE_CIDR',
        [...path, 'except', i],
        `allow CIDR prefix ${text} does not contain exclude CIDR prefix ${s}`,
      );
      return;
    }
    except.push(formatCidr(ex));
  });
  return { type: 'cidr', cidr: formatCidr(cidr), except, field, index };
}
