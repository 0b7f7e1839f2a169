import {
  checkKnownFields,
  describeValue,
  isRecord,
  type ObjectContext,
  readLabels,
  readList,
  readRecord,
  readSelector,
  readString,
} from './fields.js';
import { formatCidr, isValidIp, parseCidr } from './ip.js';
import { readProtocol } from './normalize-policy.js';
import type { PathSegment, SourceRef } from './source.js';
import type {
  AdminPeer,
  AdminPolicy,
  AdminPolicyKind,
  AdminPort,
  AdminRule,
  AdminSubject,
  ClusterNode,
  Direction,
  LabelSelector,
  Protocol,
  RuleAction,
} from './types.js';
import { checkPortNumber } from './validation.js';

/**
 * Reads the cluster-scoped policies of policy.networking.k8s.io as their CRDs validate them:
 * AdminNetworkPolicy and BaselineAdminNetworkPolicy (v1alpha1, apis/v1alpha1 of
 * kubernetes-sigs/network-policy-api: the +kubebuilder markers and the CEL rules of the generated
 * CRDs), ClusterNetworkPolicy (v1alpha2, apis/v1alpha2/clusternetworkpolicy_types.go). What the
 * API server rejects is reported as an error and the object is left out whole.
 */

/** The identity of one admin policy object, as its header gives it. */
export interface AdminObjectHeader {
  readonly kind: AdminPolicyKind;
  readonly apiVersion: string;
  readonly name: string;
  readonly source: SourceRef;
}

type Version = 'v1alpha1' | 'v1alpha2';

/** What one kind and version allows; the CRD markers say each. */
interface Dialect {
  readonly kind: AdminPolicyKind;
  readonly version: Version;
  /** `id` prefix: `anp/`, `banp/`, `cnp/`. */
  readonly prefix: string;
  /** The action words and what they mean (the Enum marker of the rule action). */
  readonly actions: Readonly<Record<string, RuleAction>>;
  /** MaxItems of spec.ingress/egress, of from/to and of ports/protocols. */
  readonly maxRules: number;
  readonly maxPeers: number;
  readonly maxPorts: number;
  readonly egressPeers: readonly string[];
}

/** Every field any peer type of any version has: a field outside it is a peer kubereach does not know. */
const ALL_PEER_FIELDS = ['namespaces', 'pods', 'nodes', 'networks', 'domainNames'];
const INGRESS_PEERS = ['namespaces', 'pods'];
/** Peers without named ports: the CEL rule on egress rules forbids named ports with them. */
const PORTLESS_PEERS = ['networks', 'nodes', 'domainNames'];

const DIALECTS: Readonly<Record<AdminPolicyKind, Dialect>> = {
  AdminNetworkPolicy: {
    kind: 'AdminNetworkPolicy',
    version: 'v1alpha1',
    prefix: 'anp',
    actions: { Allow: 'allow', Deny: 'deny', Pass: 'pass' },
    maxRules: 100,
    maxPeers: 100,
    maxPorts: 100,
    egressPeers: ['namespaces', 'pods', 'nodes', 'networks', 'domainNames'],
  },
  BaselineAdminNetworkPolicy: {
    kind: 'BaselineAdminNetworkPolicy',
    version: 'v1alpha1',
    prefix: 'banp',
    actions: { Allow: 'allow', Deny: 'deny' },
    maxRules: 100,
    maxPeers: 100,
    maxPorts: 100,
    egressPeers: ['namespaces', 'pods', 'nodes', 'networks'],
  },
  ClusterNetworkPolicy: {
    kind: 'ClusterNetworkPolicy',
    version: 'v1alpha2',
    prefix: 'cnp',
    actions: { Accept: 'allow', Deny: 'deny', Pass: 'pass' },
    maxRules: 25,
    maxPeers: 25,
    maxPorts: 25,
    egressPeers: ['namespaces', 'pods', 'nodes', 'networks', 'domainNames'],
  },
};

/** A BANP has no priority; kubereach orders it after every priority an ANP can have. */
export const BANP_PRIORITY = 1001;

/**
 * Reads the spec of an admin policy object. Returns undefined when the API server would reject
 * the object (the errors are on `ctx`); the caller reports the rejection and leaves it out.
 */
export function normalizeAdminPolicy(
  ctx: ObjectContext,
  header: AdminObjectHeader,
  value: unknown,
): AdminPolicy | undefined {
  const d = DIALECTS[header.kind];
  const spec = readRecord(ctx, value, ['spec']);
  if (spec === undefined) {
    ctx.invalid('INVALID_SUBJECT', ['spec'], 'spec is required');
    return undefined;
  }
  // The CEL rule on the BANP object: "Only one baseline admin network policy with
  // metadata.name="default" can be created in the cluster".
  if (d.kind === 'BaselineAdminNetworkPolicy' && header.name !== 'default')
    ctx.invalid(
      'INVALID_NAME',
      ['metadata', 'name'],
      `name ${JSON.stringify(header.name)} is not allowed: the one BaselineAdminNetworkPolicy of a cluster is named default`,
      'rename it to default',
    );
  const fields =
    d.kind === 'BaselineAdminNetworkPolicy'
      ? ['subject', 'ingress', 'egress']
      : d.kind === 'ClusterNetworkPolicy'
        ? ['tier', 'priority', 'subject', 'ingress', 'egress']
        : ['priority', 'subject', 'ingress', 'egress'];
  checkKnownFields(ctx, spec, ['spec'], fields);
  const tier = d.kind === 'ClusterNetworkPolicy' ? readTier(ctx, spec.tier) : undefined;
  const priority = d.kind === 'BaselineAdminNetworkPolicy' ? BANP_PRIORITY : readPriority(ctx, spec.priority);
  const subject = readSubject(ctx, d, spec.subject);
  const ingress = readRules(ctx, d, spec.ingress, 'ingress');
  const egress = readRules(ctx, d, spec.egress, 'egress');
  if (ctx.errors > 0 || subject === undefined || priority === undefined) return undefined;
  return {
    kind: d.kind,
    apiVersion: header.apiVersion,
    id: `${d.prefix}/${header.name}`,
    name: header.name,
    tier: d.kind === 'BaselineAdminNetworkPolicy' ? 'baseline' : (tier ?? 'admin'),
    priority,
    subject,
    ingress,
    egress,
    source: header.source,
  };
}

function readTier(ctx: ObjectContext, value: unknown): 'admin' | 'baseline' | undefined {
  const path = ['spec', 'tier'];
  if (value === undefined || value === null) {
    ctx.invalid('INVALID_TIER', path, 'tier is required', 'write tier: Admin or tier: Baseline');
    return undefined;
  }
  const s = readString(ctx, value, path);
  if (s === 'Admin') return 'admin';
  if (s === 'Baseline') return 'baseline';
  if (s !== undefined)
    ctx.invalid(
      'INVALID_TIER',
      path,
      `unsupported value ${JSON.stringify(s)}`,
      'tiers are Admin and Baseline',
    );
  return undefined;
}

/** `priority`: required, an integer 0–1000 (Minimum/Maximum markers). */
function readPriority(ctx: ObjectContext, value: unknown): number | undefined {
  const path = ['spec', 'priority'];
  if (value === undefined || value === null) {
    ctx.invalid('INVALID_PRIORITY', path, 'priority is required', 'a number from 0 (first) to 1000 (last)');
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    ctx.invalid('INVALID_PRIORITY', path, `must be an integer, not ${describeValue(value)}`);
    return undefined;
  }
  if (value < 0 || value > 1000) {
    ctx.invalid('INVALID_PRIORITY', path, `priority ${value} is outside 0–1000`);
    return undefined;
  }
  return value;
}

/** The subject: exactly one of `namespaces` and `pods` (MinProperties=1, MaxProperties=1). */
function readSubject(ctx: ObjectContext, d: Dialect, value: unknown): AdminSubject | undefined {
  const path = ['spec', 'subject'];
  if (value === undefined || value === null) {
    ctx.invalid(
      'INVALID_SUBJECT',
      path,
      'subject is required',
      'write subject: {namespaces: {}} for every pod',
    );
    return undefined;
  }
  const rec = readRecord(ctx, value, path);
  if (rec === undefined) return undefined;
  checkKnownFields(ctx, rec, path, ['namespaces', 'pods']);
  const set = setFields(rec, ['namespaces', 'pods']);
  if (set.length !== 1) {
    ctx.invalid(
      'INVALID_SUBJECT',
      path,
      set.length === 0 ? 'must set namespaces or pods' : 'must set exactly one of namespaces and pods',
      set.length === 0 ? 'write subject: {namespaces: {}} for every pod' : undefined,
    );
    return undefined;
  }
  if (set[0] === 'namespaces')
    return {
      type: 'namespaces',
      namespaceSelector: readSelector(ctx, rec.namespaces, [...path, 'namespaces']),
    };
  const pods = readNamespacedPod(ctx, d, rec.pods, [...path, 'pods']);
  return pods === undefined ? undefined : { type: 'pods', ...pods };
}

/**
 * `NamespacedPod`: podSelector is required; namespaceSelector is required in v1alpha1 and
 * optional in v1alpha2, where leaving it out selects in every namespace.
 */
function readNamespacedPod(
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

function readRules(ctx: ObjectContext, d: Dialect, value: unknown, direction: Direction): AdminRule[] {
  const items = readList(ctx, value, ['spec', direction]);
  if (items.length > d.maxRules)
    ctx.invalid(
      'TOO_MANY_ITEMS',
      ['spec', direction],
      `${items.length} rules; a ${d.kind} may have at most ${d.maxRules}`,
    );
  const rules: AdminRule[] = [];
  items.forEach((item, index) => {
    const rule = readRule(ctx, d, item, direction, index);
    if (rule !== undefined) rules.push(rule);
  });
  return rules;
}

function readRule(
  ctx: ObjectContext,
  d: Dialect,
  value: unknown,
  direction: Direction,
  index: number,
): AdminRule | undefined {
  const path: PathSegment[] = ['spec', direction, index];
  const rule = readRecord(ctx, value, path);
  if (rule === undefined) {
    if (value === null) ctx.invalid('INVALID_ACTION', path, 'a rule needs an action and peers');
    return undefined;
  }
  const peersField = direction === 'ingress' ? 'from' : 'to';
  const portsField = d.version === 'v1alpha1' ? 'ports' : 'protocols';
  checkKnownFields(ctx, rule, path, ['name', 'action', peersField, portsField]);
  const name = readString(ctx, rule.name, [...path, 'name']);
  if (name !== undefined && name.length > 100)
    ctx.invalid(
      'INVALID_RULE_NAME',
      [...path, 'name'],
      `rule name has ${name.length} characters; at most 100`,
    );
  const action = readAction(ctx, d, rule.action, [...path, 'action']);

  const peerItems = readList(ctx, rule[peersField], [...path, peersField]);
  if (peerItems.length === 0)
    ctx.invalid(
      'INVALID_PEER',
      [...path, peersField],
      `${peersField} is required and must list at least one peer`,
      'namespaces: {} is every pod of every namespace',
    );
  else if (peerItems.length > d.maxPeers)
    ctx.invalid('TOO_MANY_ITEMS', [...path, peersField], `${peerItems.length} peers; at most ${d.maxPeers}`);
  const allowed = direction === 'ingress' ? INGRESS_PEERS : d.egressPeers;
  const peers = peerItems.flatMap((p, i) => readPeer(ctx, d, p, [...path, peersField, i], i, allowed));

  let ports: AdminPort[] | null = null;
  if (rule[portsField] !== undefined && rule[portsField] !== null) {
    const portItems = readList(ctx, rule[portsField], [...path, portsField]);
    if (portItems.length === 0)
      ctx.invalid(
        'INVALID_PORT',
        [...path, portsField],
        `${portsField} may not be empty`,
        `leave ${portsField} out to match every port`,
      );
    else if (portItems.length > d.maxPorts)
      ctx.invalid(
        'TOO_MANY_ITEMS',
        [...path, portsField],
        `${portItems.length} entries; at most ${d.maxPorts}`,
      );
    ports = portItems.flatMap((p, i) =>
      d.version === 'v1alpha1'
        ? readPortV1(ctx, p, [...path, portsField, i], i)
        : readProtocolV2(ctx, p, [...path, portsField, i], i),
    );
  }

  // The CEL rule on egress rules: "networks/nodes/domainNames peer cannot be set with namedPorts
  // since there are no namedPorts for networks/nodes/domainNames".
  const portless = peers.filter((p) => PORTLESS_PEERS.includes(p.type));
  if (direction === 'egress' && portless.length > 0 && ports?.some((p) => typeof p.port === 'string'))
    ctx.invalid(
      'NAMED_PORT_WITHOUT_PODS',
      [...path, portsField],
      `named ports cannot be used with ${portless[0]!.type} peers, which have no named ports`,
      'use port numbers, or put the pod peers and the named ports in a rule of their own',
    );
  // "DomainNames is only supported for Accept (v1alpha1: ALLOW) rules" — field documentation, not
  // enforced by the API server; what an implementation does with such a rule is not said.
  const domains = peers.find((p) => p.type === 'domainNames');
  if (domains !== undefined && action !== undefined && action !== 'allow')
    ctx.report(
      'DOMAIN_NAMES_OUTSIDE_ALLOW',
      'warning',
      [...path, peersField, domains.index, 'domainNames'],
      `domainNames are only supported in ${d.version === 'v1alpha1' ? 'Allow' : 'Accept'} rules; implementations may ignore this one`,
      'allow the domains, and deny the rest in a later rule or policy',
    );
  if (action === undefined) return undefined;
  return { index, ...(name === undefined || name === '' ? {} : { name }), action, peers, ports };
}

function readAction(
  ctx: ObjectContext,
  d: Dialect,
  value: unknown,
  path: readonly PathSegment[],
): RuleAction | undefined {
  const words = Object.keys(d.actions);
  if (value === undefined || value === null) {
    ctx.invalid('INVALID_ACTION', path, 'action is required', `actions of a ${d.kind}: ${words.join(', ')}`);
    return undefined;
  }
  const s = readString(ctx, value, path);
  if (s === undefined) return undefined;
  const action = Object.hasOwn(d.actions, s) ? d.actions[s] : undefined;
  if (action !== undefined) return action;
  const hint =
    s === 'Accept' && d.version === 'v1alpha1'
      ? 'v1alpha1 says Allow (Accept is the word of v1alpha2 ClusterNetworkPolicy)'
      : s === 'Allow' && d.version === 'v1alpha2'
        ? 'v1alpha2 says Accept (Allow is the word of v1alpha1)'
        : s === 'Pass' && d.kind === 'BaselineAdminNetworkPolicy'
          ? 'a BaselineAdminNetworkPolicy is the last tier: there is nothing to pass to'
          : `actions of a ${d.kind}: ${words.join(', ')} (case-sensitive)`;
  ctx.invalid('INVALID_ACTION', path, `unsupported action ${JSON.stringify(s)}`, hint);
  return undefined;
}

/** Fields of `rec` that are set (neither absent nor null), among `names`. */
function setFields(rec: Record<string, unknown>, names: readonly string[]): string[] {
  return names.filter((n) => rec[n] !== undefined && rec[n] !== null);
}

/**
 * A peer: exactly one field (MinProperties=1, MaxProperties=1). A peer whose only field is one
 * no version of the API has is a peer kubereach does not know: the API's doc comment says to
 * fail closed ("for Accept rules, treat the rule as matching no traffic; for Deny and Pass
 * rules, treat the rule as a 'Deny all' rule"), which the engine does for `unknown` peers.
 */
function readPeer(
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

/**
 * A v1alpha1 `AdminNetworkPolicyPort`: exactly one of `portNumber` ({protocol default TCP,
 * port}), `portRange` ({protocol default TCP, start, end}) and `namedPort`.
 */
function readPortV1(
  ctx: ObjectContext,
  value: unknown,
  path: readonly PathSegment[],
  index: number,
): AdminPort[] {
  const rec = readRecord(ctx, value, path);
  if (rec === undefined) {
    if (value === null)
      ctx.invalid('INVALID_PORT', path, 'must set one of portNumber, portRange and namedPort');
    return [];
  }
  checkKnownFields(ctx, rec, path, ['portNumber', 'portRange', 'namedPort']);
  const set = setFields(rec, ['portNumber', 'portRange', 'namedPort']);
  if (set.length !== 1) {
    ctx.invalid(
      'INVALID_PORT',
      path,
      set.length === 0
        ? 'must set one of portNumber, portRange and namedPort'
        : `must set exactly one of portNumber, portRange and namedPort, not ${set.join(' and ')}`,
    );
    return [];
  }
  const at = [...path, set[0]!];
  if (set[0] === 'namedPort') {
    const name = readString(ctx, rec.namedPort, at);
    if (name === undefined) return [];
    return [{ protocol: null, port: name, index }];
  }
  const body = readRecord(ctx, rec[set[0]!], at);
  if (body === undefined) return [];
  const protocol = readProtocol(ctx, body.protocol, [...at, 'protocol']);
  if (set[0] === 'portNumber') {
    checkKnownFields(ctx, body, at, ['protocol', 'port']);
    const port = readPortNumber(ctx, body.port, [...at, 'port']);
    return protocol === undefined || port === undefined ? [] : [{ protocol, port, index }];
  }
  checkKnownFields(ctx, body, at, ['protocol', 'start', 'end']);
  const range = readRange(ctx, body, at);
  return protocol === undefined || range === undefined ? [] : [{ protocol, ...range, index }];
}

/**
 * A v1alpha2 `ClusterNetworkPolicyProtocol`: exactly one of `tcp`, `udp`, `sctp` (each
 * {destinationPort: {number} | {range: {start, end}}}; MinProperties=1, so `tcp: {}` is
 * rejected) and `destinationNamedPort`.
 */
function readProtocolV2(
  ctx: ObjectContext,
  value: unknown,
  path: readonly PathSegment[],
  index: number,
): AdminPort[] {
  const fields = ['tcp', 'udp', 'sctp', 'destinationNamedPort'];
  const rec = readRecord(ctx, value, path);
  if (rec === undefined) {
    if (value === null) ctx.invalid('INVALID_PORT', path, `must set one of ${fields.join(', ')}`);
    return [];
  }
  checkKnownFields(ctx, rec, path, fields);
  const set = setFields(rec, fields);
  if (set.length !== 1) {
    ctx.invalid(
      'INVALID_PORT',
      path,
      set.length === 0
        ? `must set one of ${fields.join(', ')}`
        : `must set exactly one field, not ${set.join(' and ')}`,
      set.length > 1 ? 'write each protocol as its own list item' : undefined,
    );
    return [];
  }
  const field = set[0]!;
  const at = [...path, field];
  if (field === 'destinationNamedPort') {
    const name = readString(ctx, rec.destinationNamedPort, at);
    if (name === undefined) return [];
    if (name === '') {
      ctx.invalid('INVALID_PORT', at, 'destinationNamedPort may not be empty');
      return [];
    }
    return [{ protocol: null, port: name, index }];
  }
  const protocol = field.toUpperCase() as Protocol;
  const body = readRecord(ctx, rec[field], at);
  if (body === undefined) return [];
  checkKnownFields(ctx, body, at, ['destinationPort']);
  const dest = readRecord(ctx, body.destinationPort, [...at, 'destinationPort']);
  if (dest === undefined) {
    ctx.invalid(
      'INVALID_PORT',
      [...at, 'destinationPort'],
      'destinationPort is required',
      'leave protocols out to match every port of every protocol',
    );
    return [];
  }
  const dp = [...at, 'destinationPort'];
  checkKnownFields(ctx, dest, dp, ['number', 'range']);
  const which = setFields(dest, ['number', 'range']);
  if (which.length !== 1) {
    ctx.invalid(
      'INVALID_PORT',
      dp,
      which.length === 0 ? 'must set number or range' : 'must set number or range, not both',
    );
    return [];
  }
  if (which[0] === 'number') {
    const port = readPortNumber(ctx, dest.number, [...dp, 'number']);
    return port === undefined ? [] : [{ protocol, port, index }];
  }
  const range = readRecord(ctx, dest.range, [...dp, 'range']);
  if (range === undefined) return [];
  checkKnownFields(ctx, range, [...dp, 'range'], ['start', 'end']);
  const r = readRange(ctx, range, [...dp, 'range']);
  return r === undefined ? [] : [{ protocol, ...r, index }];
}

/** An integer port, 1–65535 (Minimum/Maximum markers); required. */
function readPortNumber(
  ctx: ObjectContext,
  value: unknown,
  path: readonly PathSegment[],
): number | undefined {
  if (value === undefined || value === null) {
    ctx.invalid('INVALID_PORT', path, 'a port number is required');
    return undefined;
  }
  if (typeof value !== 'number') {
    ctx.invalid(
      'INVALID_PORT',
      path,
      `must be a port number, not ${describeValue(value)}`,
      typeof value === 'string' ? 'named ports are written as namedPort / destinationNamedPort' : undefined,
    );
    return undefined;
  }
  const err = checkPortNumber(value);
  if (err !== undefined) {
    ctx.invalid('INVALID_PORT', path, `port ${value} ${err}`);
    return undefined;
  }
  return value;
}

/**
 * `{start, end}`, both required, 1–65535, start < end: the CEL rule `self.start < self.end` of
 * v1alpha2, and in v1alpha1 the fields' own documentation ("the Start value must be less than
 * End"); a range of one port is written as a port number.
 */
function readRange(
  ctx: ObjectContext,
  rec: Record<string, unknown>,
  path: readonly PathSegment[],
): { port: number; endPort: number } | undefined {
  const start = readPortNumber(ctx, rec.start, [...path, 'start']);
  const end = readPortNumber(ctx, rec.end, [...path, 'end']);
  if (start === undefined || end === undefined) return undefined;
  if (start >= end) {
    ctx.invalid(
      'INVALID_END_PORT',
      [...path, 'end'],
      `end ${end} must be greater than start ${start}`,
      start === end ? `write the single port as a number: ${start}` : undefined,
    );
    return undefined;
  }
  return { port: start, endPort: end };
}

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
