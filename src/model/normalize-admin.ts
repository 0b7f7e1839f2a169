import {
  checkKnownFields,
  describeValue,
  type ObjectContext,
  readList,
  readRecord,
  readSelector,
  readString,
  setFields,
} from './fields.js';
import { readNamespacedPod, readPeer } from './normalize-admin-peers.js';
import { readPortV1, readProtocolV2 } from './normalize-admin-ports.js';
import type { PathSegment, SourceRef } from './source.js';
import type {
  AdminPolicy,
  AdminPolicyKind,
  AdminPort,
  AdminRule,
  AdminSubject,
  Direction,
  RuleAction,
} from './types.js';

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
export interface Dialect {
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
