import {
  checkKnownFields,
  describeValue,
  type ObjectContext,
  readList,
  readRecord,
  readSelector,
  readString,
} from './fields.js';
import { type Cidr, formatCidr as cidrKey, parseCidr as parseCidrText } from './ip.js';
import type { PathSegment } from './source.js';
import type {
  LabelSelector,
  PolicyPeer,
  PolicyPort,
  PolicyRule,
  PolicyType,
  PolicyTypeReason,
  Protocol,
} from './types.js';
import { checkPortName, checkPortNumber } from './validation.js';

export interface NormalizedPolicySpec {
  readonly podSelector: LabelSelector;
  readonly policyTypes: readonly PolicyType[];
  readonly policyTypesExplicit: boolean;
  readonly policyTypesReason: Readonly<Record<'ingress' | 'egress', PolicyTypeReason>>;
  readonly ingress: readonly PolicyRule[];
  readonly egress: readonly PolicyRule[];
}

const SPEC_FIELDS = ['podSelector', 'policyTypes', 'ingress', 'egress'];

/**
 * Reads a networking.k8s.io/v1 NetworkPolicySpec with the API server's validation
 * (pkg/apis/networking/validation ValidateNetworkPolicySpec) and defaulting
 * (pkg/apis/networking/v1 SetDefaults_NetworkPolicySpec and SetDefaults_NetworkPolicyPort).
 */
export function normalizePolicySpec(ctx: ObjectContext, value: unknown): NormalizedPolicySpec {
  const spec = readRecord(ctx, value, ['spec']) ?? {};
  checkKnownFields(ctx, spec, ['spec'], SPEC_FIELDS);
  // podSelector is a struct, not a pointer: leaving it out is the empty selector, which selects every pod.
  const podSelector = readSelector(ctx, spec.podSelector, ['spec', 'podSelector']);
  const ingress = readRules(ctx, spec.ingress, 'ingress');
  const egress = readRules(ctx, spec.egress, 'egress');

  const written: PolicyType[] = [];
  const typeItems = readList(ctx, spec.policyTypes, ['spec', 'policyTypes']);
  // ValidateNetworkPolicySpec: at most two entries, each Ingress or Egress. A repeated entry is
  // accepted (and means the type once).
  if (typeItems.length > 2)
    ctx.invalid(
      'INVALID_POLICY_TYPE',
      ['spec', 'policyTypes'],
      `may not specify more than two policyTypes (${typeItems.length} given)`,
    );
  typeItems.forEach((t, i) => {
    const s = readString(ctx, t, ['spec', 'policyTypes', i]);
    if (s === undefined) return;
    if (s !== 'Ingress' && s !== 'Egress') {
      const close = ['Ingress', 'Egress'].find((x) => x.toLowerCase() === s.toLowerCase());
      ctx.invalid(
        'INVALID_POLICY_TYPE',
        ['spec', 'policyTypes', i],
        `unsupported value ${JSON.stringify(s)}`,
        close === undefined ? 'policyTypes are Ingress and Egress' : `values are case-sensitive: ${close}`,
      );
      return;
    }
    if (!written.includes(s)) written.push(s);
  });
  // SetDefaults_NetworkPolicySpec: when policyTypes is empty (absent or []), Ingress is implied,
  // and Egress only when spec.egress has at least one rule — `egress: []` adds nothing.
  const policyTypesExplicit = written.length > 0;
  const policyTypes: PolicyType[] = policyTypesExplicit
    ? written.sort((a, b) => (a === b ? 0 : a === 'Ingress' ? -1 : 1))
    : egress.length > 0
      ? ['Ingress', 'Egress']
      : ['Ingress'];
  const reason = (type: PolicyType, implied: PolicyTypeReason): PolicyTypeReason =>
    policyTypesExplicit ? (policyTypes.includes(type) ? 'LISTED' : 'NOT_LISTED') : implied;
  const policyTypesReason = {
    ingress: reason('Ingress', 'IMPLIED'),
    egress: reason(
      'Egress',
      egress.length > 0
        ? 'IMPLIED_BY_RULES'
        : Array.isArray(spec.egress)
          ? 'EMPTY_LIST_NOT_IMPLIED'
          : 'NOT_IMPLIED',
    ),
  };
  return { podSelector, policyTypes, policyTypesExplicit, policyTypesReason, ingress, egress };
}

function readRules(ctx: ObjectContext, value: unknown, direction: 'ingress' | 'egress'): PolicyRule[] {
  const peersField = direction === 'ingress' ? 'from' : 'to';
  const rules: PolicyRule[] = [];
  readList(ctx, value, ['spec', direction]).forEach((item, index) => {
    const path: PathSegment[] = ['spec', direction, index];
    // A null rule (`- ` with nothing after it) decodes as an empty rule: every peer, every port.
    const rule = item === null ? {} : readRecord(ctx, item, path);
    if (rule === undefined) return;
    checkKnownFields(ctx, rule, path, [peersField, 'ports']);
    const peerItems = readList(ctx, rule[peersField], [...path, peersField]);
    const portItems = readList(ctx, rule.ports, [...path, 'ports']);
    const peers = peerItems.flatMap((p, i) => readPeer(ctx, p, [...path, peersField, i], i));
    const ports = portItems.flatMap((p, i) => readPort(ctx, p, [...path, 'ports', i], i));
    rules.push({
      index,
      // "If this field is empty or missing, this rule matches all sources/destinations."
      peers: peerItems.length === 0 ? null : peers,
      // "If this field is empty or missing, this rule matches all ports."
      ports: portItems.length === 0 ? null : ports,
    });
  });
  return rules;
}

function readPeer(
  ctx: ObjectContext,
  value: unknown,
  path: readonly PathSegment[],
  index: number,
): PolicyPeer[] {
  const peer = readRecord(ctx, value, path);
  if (peer === undefined) {
    if (value === null) ctx.invalid('INVALID_PEER', path, 'must specify a peer');
    return [];
  }
  checkKnownFields(ctx, peer, path, ['podSelector', 'namespaceSelector', 'ipBlock']);
  const hasPods = peer.podSelector !== undefined && peer.podSelector !== null;
  const hasNamespaces = peer.namespaceSelector !== undefined && peer.namespaceSelector !== null;
  const hasIpBlock = peer.ipBlock !== undefined && peer.ipBlock !== null;
  if (!hasPods && !hasNamespaces && !hasIpBlock) {
    ctx.invalid(
      'INVALID_PEER',
      path,
      'must specify a peer (podSelector, namespaceSelector or ipBlock)',
      'to match every pod in every namespace write `namespaceSelector: {}`',
    );
    return [];
  }
  if (hasIpBlock && (hasPods || hasNamespaces)) {
    ctx.invalid(
      'INVALID_PEER',
      path,
      'may not specify both ipBlock and another peer',
      'split them into separate list items (`- ipBlock: …` and `- podSelector: …`)',
    );
    return [];
  }
  if (hasIpBlock) {
    const block = readIpBlock(ctx, peer.ipBlock, [...path, 'ipBlock'], index);
    return block === undefined ? [] : [block];
  }
  return [
    {
      type: 'pods',
      podSelector: hasPods ? readSelector(ctx, peer.podSelector, [...path, 'podSelector']) : null,
      namespaceSelector: hasNamespaces
        ? readSelector(ctx, peer.namespaceSelector, [...path, 'namespaceSelector'])
        : null,
      index,
    },
  ];
}

function readIpBlock(
  ctx: ObjectContext,
  value: unknown,
  path: readonly PathSegment[],
  index: number,
): PolicyPeer | undefined {
  const block = readRecord(ctx, value, path);
  if (block === undefined) return undefined;
  checkKnownFields(ctx, block, path, ['cidr', 'except']);
  const cidrText = readString(ctx, block.cidr, [...path, 'cidr']);
  if (cidrText === undefined || cidrText === '') {
    ctx.invalid('INVALID_CIDR', [...path, 'cidr'], 'cidr is required');
    return undefined;
  }
  const cidr = parseCidrText(cidrText, { legacy: true });
  if (cidr === undefined) {
    ctx.invalid(
      'INVALID_CIDR',
      [...path, 'cidr'],
      `${JSON.stringify(cidrText)} is not a valid CIDR`,
      'write an address and a prefix length, e.g. 10.0.0.0/16',
    );
    return undefined;
  }
  if (!cidr.canonical || cidr.leadingZeros === true)
    reportNonCanonical(ctx, [...path, 'cidr'], cidrText, cidr);
  const except: string[] = [];
  let ok = true;
  readList(ctx, block.except, [...path, 'except']).forEach((e, i) => {
    const p = [...path, 'except', i];
    const text = readString(ctx, e, p);
    if (text === undefined) return;
    const ex = parseCidrText(text, { legacy: true });
    if (ex === undefined) {
      ctx.invalid('INVALID_CIDR', p, `${JSON.stringify(text)} is not a valid CIDR`);
      ok = false;
      return;
    }
    // ValidateIPBlock: each except must be a strict subset of cidr (same family, inside, longer prefix).
    if (
      ex.family !== cidr.family ||
      ex.first < cidr.first ||
      ex.first > cidr.last ||
      ex.prefix <= cidr.prefix
    ) {
      ctx.invalid('EXCEPT_OUTSIDE_CIDR', p, `${text} must be a strict subset of cidr ${cidrText}`);
      ok = false;
      return;
    }
    if (!ex.canonical || ex.leadingZeros === true) reportNonCanonical(ctx, p, text, ex);
    except.push(cidrKey(ex));
  });
  if (!ok) return undefined;
  return { type: 'ipBlock', cidr: cidrKey(cidr), except, index };
}

/**
 * A CIDR the API server accepts with a warning (GetWarningsForCIDR): host bits set, or leading
 * zeros that other software may read as octal.
 */
function reportNonCanonical(
  ctx: ObjectContext,
  path: readonly PathSegment[],
  text: string,
  cidr: Cidr,
): void {
  const what = cidr.canonical ? 'is written with leading zeros' : 'has host bits set';
  ctx.report(
    'NON_CANONICAL_CIDR',
    'warning',
    path,
    `${text} ${what}; it means ${cidrKey(cidr)}`,
    `write ${cidrKey(cidr)}`,
  );
}

const PROTOCOL_VALUES: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

/** Reads a protocol, defaulting to TCP; reports unsupported values. */
export function readProtocol(
  ctx: ObjectContext,
  value: unknown,
  path: readonly PathSegment[],
): Protocol | undefined {
  if (value === undefined || value === null) return 'TCP';
  const s = readString(ctx, value, path);
  if (s === undefined) return undefined;
  if (PROTOCOL_VALUES.includes(s as Protocol)) return s as Protocol;
  const close = PROTOCOL_VALUES.find((p) => p === s.toUpperCase());
  ctx.invalid(
    'INVALID_PROTOCOL',
    path,
    `unsupported protocol ${JSON.stringify(s)}`,
    close === undefined ? 'supported values: TCP, UDP, SCTP' : `protocols are upper-case: ${close}`,
  );
  return undefined;
}

function readPort(
  ctx: ObjectContext,
  value: unknown,
  path: readonly PathSegment[],
  index: number,
): PolicyPort[] {
  const rec = value === null ? {} : readRecord(ctx, value, path);
  if (rec === undefined) return [];
  checkKnownFields(ctx, rec, path, ['protocol', 'port', 'endPort']);
  const protocol = readProtocol(ctx, rec.protocol, [...path, 'protocol']);
  const port = readIntOrString(ctx, rec.port, [...path, 'port']);
  let endPort: number | undefined;
  if (rec.endPort !== undefined && rec.endPort !== null) {
    if (typeof rec.endPort !== 'number' || !Number.isInteger(rec.endPort)) {
      ctx.invalid(
        'INVALID_END_PORT',
        [...path, 'endPort'],
        `must be an integer, not ${describeValue(rec.endPort)}`,
      );
      return [];
    }
    endPort = rec.endPort;
    if (port === null) {
      ctx.invalid(
        'INVALID_END_PORT',
        [...path, 'endPort'],
        'may not be specified when port is not specified',
      );
      return [];
    }
    if (typeof port === 'string') {
      ctx.invalid(
        'INVALID_END_PORT',
        [...path, 'endPort'],
        `may not be specified when port is non-numeric (port ${port})`,
        'endPort ranges need a numeric port',
      );
      return [];
    }
    if (port !== undefined && endPort < port) {
      ctx.invalid(
        'INVALID_END_PORT',
        [...path, 'endPort'],
        `endPort ${endPort} is below port ${port}`,
        'endPort must be greater than or equal to port',
      );
      return [];
    }
    const err = checkPortNumber(endPort);
    if (err !== undefined) {
      ctx.invalid('INVALID_END_PORT', [...path, 'endPort'], `endPort ${endPort} ${err}`);
      return [];
    }
  }
  if (protocol === undefined || port === undefined) return [];
  return [{ protocol, port, ...(endPort === undefined ? {} : { endPort }), index }];
}

/** Reads an IntOrString port: a number 1–65535 or an IANA service name; null when absent. */
function readIntOrString(
  ctx: ObjectContext,
  value: unknown,
  path: readonly PathSegment[],
): number | string | null | undefined {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') {
    const err = checkPortNumber(value);
    if (err === undefined) return value;
    ctx.invalid('INVALID_PORT', path, `port ${value} ${err}`);
    return undefined;
  }
  if (typeof value === 'string') {
    const err = checkPortName(value);
    if (err === undefined) return value;
    ctx.invalid(
      'INVALID_PORT',
      path,
      `port name ${JSON.stringify(value)} ${err}`,
      /^\d+$/.test(value) ? `a quoted number is a name; write the number unquoted: ${value}` : undefined,
    );
    return undefined;
  }
  ctx.invalid('INVALID_PORT', path, `must be a port number or name, not ${describeValue(value)}`);
  return undefined;
}
