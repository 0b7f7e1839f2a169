import { parseCidr } from '../model/ip.js';
import {
  CILIUM_ENTITIES,
  type CiliumL7,
  type CiliumPeer,
  type CiliumPolicy,
  type CiliumPortRule,
  type CiliumRuleItem,
  type CiliumSection,
  type CiliumSpec,
  type Direction,
  type LabelSelector,
  type Labels,
} from '../model/types.js';
import { rewriteCnpSubject, splitCiliumSelector } from './cilium-labels.js';
import { cidrSet, EMPTY_IPS, type IpSet, subtractIps } from './ip-set.js';
import { matchesSelector } from './label-selector.js';
import {
  type ConnSet,
  connsOf,
  EMPTY_CONNS,
  MAX_PORT,
  MIN_PORT,
  rangeIntervals,
  unionConns,
} from './port-set.js';
import type { CompiledPeer, CompiledPolicy, CompiledRule, NamedPort, Subject } from './rules.js';

/**
 * CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy compiled to the shared rule model
 * (design.md, "Cilium"). Each rule of a policy (`spec` or an entry of `specs`) is one
 * namespace-tier policy: its endpointSelector is the subject (bound to the policy namespace for
 * a CNP, as ParseToCiliumRule does), `enableDefaultDeny` after defaulting decides isolation,
 * allow sections compile to allow rules and deny sections to deny rules (deny beats allow: the
 * resolver applies namespace-tier denies first). Endpoint selectors are split into namespace
 * and pod parts over Cilium's identity labels (cilium-labels.ts); CIDR rules never match pod or
 * node addresses; entities stay entities for the matcher. Host policies (nodeSelector) select
 * no pod and compile to nothing.
 */

/** A compiled rule of a Cilium policy: one item of a section (split per L7 protocol). */
export interface CiliumCompiledRule extends CompiledRule {
  readonly dialect: 'cilium';
  readonly policy: CiliumPolicy;
  readonly rule: CiliumRuleItem;
}

/** One rule (`spec` or `specs[i]`) of a Cilium policy, compiled. */
export interface CompiledCiliumPolicy extends CompiledPolicy {
  readonly dialect: 'cilium';
  readonly policy: CiliumPolicy;
  readonly spec: CiliumSpec;
  readonly ingressRules: readonly CiliumCompiledRule[];
  readonly egressRules: readonly CiliumCompiledRule[];
}

/** Registers a compiled rule with the cluster and returns it. */
export type RegisterRule = <R extends CompiledRule>(rule: R) => R;

/** Compiles every rule of a Cilium policy that can select pods. */
export function compileCiliumPolicy(
  policy: CiliumPolicy,
  namespaceLabels: (namespace: string) => Labels,
  nextId: () => number,
  register: RegisterRule,
): CompiledCiliumPolicy[] {
  const add = (rule: Omit<CiliumCompiledRule, 'id' | 'order'>): CiliumCompiledRule =>
    register<CiliumCompiledRule>({ ...rule, id: nextId(), order: nextId() });
  const out: CompiledCiliumPolicy[] = [];
  for (const spec of policy.specs) {
    const subject = ciliumSubject(policy, spec, namespaceLabels);
    if (subject === null) continue;
    const rules = (direction: Direction, allow: CiliumSection, deny: CiliumSection) => [
      ...spec[deny].flatMap((item) => compileItem(policy, subject, direction, 'deny', item, add)),
      ...spec[allow].flatMap((item) => compileItem(policy, subject, direction, 'allow', item, add)),
    ];
    out.push({
      dialect: 'cilium',
      policy,
      spec,
      tier: 'namespace',
      priority: 0,
      subject,
      ingress: spec.defaultDeny.ingress,
      egress: spec.defaultDeny.egress,
      ingressRules: rules('ingress', 'ingress', 'ingressDeny'),
      egressRules: rules('egress', 'egress', 'egressDeny'),
    });
  }
  return out;
}

/**
 * The pods a rule applies to, or null when it selects none: a host policy (nodeSelector), or an
 * endpointSelector requiring labels no pod identity carries (reserved or other sources).
 */
export function ciliumSubject(
  policy: CiliumPolicy,
  spec: CiliumSpec,
  namespaceLabels: (namespace: string) => Labels,
): Subject | null {
  if (spec.endpointSelector === null) return null;
  const written =
    policy.namespace === null ? spec.endpointSelector : rewriteCnpSubject(spec.endpointSelector).selector;
  const split = splitCiliumSelector(written);
  if (split.impossible || split.reserved.length > 0) return null;
  // A CNP selects in its namespace only; other namespace requirements must hold for it too.
  if (policy.namespace !== null)
    return split.namespace === null || matchesSelector(split.namespace, namespaceLabels(policy.namespace))
      ? { namespace: policy.namespace, namespaceSelector: null, podSelector: split.pod }
      : null;
  return { namespace: null, namespaceSelector: split.namespace, podSelector: split.pod };
}

function compileItem(
  policy: CiliumPolicy,
  subject: Subject,
  direction: Direction,
  action: 'allow' | 'deny',
  item: CiliumRuleItem,
  add: (rule: Omit<CiliumCompiledRule, 'id' | 'order'>) => CiliumCompiledRule,
): CiliumCompiledRule[] {
  const peers = item.empty
    ? []
    : item.peers === null
      ? null
      : item.peers.flatMap((p) => compilePeer(policy, p));
  const base = {
    dialect: 'cilium' as const,
    policy,
    tier: 'namespace' as const,
    priority: 0,
    direction,
    action,
    subject,
    rule: item,
    peers,
  };
  if (item.empty) return [add({ ...base, fixedPorts: EMPTY_CONNS, namedPorts: [] })];
  if (item.toPorts === null) return [add({ ...base, fixedPorts: null, namedPorts: [] })];
  // One compiled rule for the ports without L7 rules, and one per L7 protocol: connections the
  // latter allow are marked as judged per request.
  const groups = new Map<string, CiliumPortRule[]>();
  for (const pr of item.toPorts) {
    const key = pr.l7 === null ? '' : pr.l7.type;
    groups.set(key, [...(groups.get(key) ?? []), pr]);
  }
  if (groups.size === 0) groups.set('', []);
  return [...groups.values()].map((group) => {
    const l7 = mergeL7(group);
    return add({ ...base, ...compilePortRules(group), ...(l7 === null ? {} : { l7 }) });
  });
}

function mergeL7(group: readonly CiliumPortRule[]): CiliumL7 | null {
  const first = group[0]?.l7 ?? null;
  if (first === null) return null;
  return { type: first.type, matches: group.flatMap((pr) => pr.l7?.matches ?? []) };
}

/** Ports of port rules: a rule without ports covers every port of every protocol. */
function compilePortRules(group: readonly CiliumPortRule[]): {
  fixedPorts: ConnSet | null;
  namedPorts: NamedPort[];
} {
  let fixedPorts = EMPTY_CONNS;
  const namedPorts: NamedPort[] = [];
  for (const pr of group) {
    if (pr.ports === null) return { fixedPorts: null, namedPorts: [] };
    for (const p of pr.ports) {
      for (const protocol of p.protocols) {
        if (typeof p.port === 'string') namedPorts.push({ protocol, name: p.port });
        else {
          const lo = p.port ?? MIN_PORT;
          const hi = p.port === null ? MAX_PORT : (p.endPort ?? p.port);
          fixedPorts = unionConns(fixedPorts, connsOf(protocol, rangeIntervals(lo, hi)));
        }
      }
    }
  }
  return { fixedPorts, namedPorts };
}

/** A peer as the matcher reads it; nothing for a selector no identity can satisfy. */
function compilePeer(policy: CiliumPolicy, peer: CiliumPeer): CompiledPeer[] {
  switch (peer.type) {
    case 'endpoints':
      return compileEndpoints(policy, peer, peer.selector);
    case 'entity':
      return [{ type: 'entity', entity: peer.entity, index: peer.index, source: peer }];
    case 'cidr':
      return [
        {
          type: 'ips',
          ips: cidrWithout(peer.cidr, peer.except),
          podIps: 'never',
          index: peer.index,
          source: peer,
        },
      ];
    case 'fqdn':
      return [
        {
          type: 'domains',
          names: [peer.matchName ?? peer.matchPattern ?? '*'],
          index: peer.index,
          source: peer,
        },
      ];
    default:
      return peer satisfies never;
  }
}

/**
 * fromEndpoints/toEndpoints (getEndpointSelector): without a namespace key, a CNP's selector
 * selects in the policy namespace and a CCNP's in every namespace (pods only, never `world`);
 * a namespace or namespace-label key lifts that. `reserved:X` labels name entities.
 */
function compileEndpoints(policy: CiliumPolicy, peer: CiliumPeer, selector: LabelSelector): CompiledPeer[] {
  const split = splitCiliumSelector(selector);
  if (split.impossible) return [];
  if (split.reserved.length > 0) {
    if (split.namespace !== null || split.pod !== null || split.reserved.length > 1) return [];
    const entity = CILIUM_ENTITIES.find((e) => e === split.reserved[0]);
    return entity === undefined ? [] : [{ type: 'entity', entity, index: peer.index, source: peer }];
  }
  const everyNamespace: LabelSelector = { matchLabels: {}, matchExpressions: [] };
  const pods: CompiledPeer = {
    type: 'pods',
    namespace: policy.namespace ?? '',
    namespaceSelector: split.namespace ?? (policy.namespace === null ? everyNamespace : null),
    podSelector: split.pod,
    index: peer.index,
    source: peer,
  };
  // A selector that names the namespace is left as written (getEndpointSelector adds nothing),
  // and Cilium matches it against every identity: when it only excludes (NotIn, DoesNotExist),
  // the reserved identities, which carry no pod labels, match it too.
  if (!split.namesNamespace || !onlyExcludes(selector)) return [pods];
  const reserved = (['world', 'host', 'remote-node'] as const).map(
    (entity): CompiledPeer => ({ type: 'entity', entity, index: peer.index, source: peer }),
  );
  return [pods, ...reserved];
}

/** Whether an identity without labels satisfies the selector: no matchLabels, only NotIn and DoesNotExist. */
function onlyExcludes(selector: LabelSelector): boolean {
  return (
    Object.keys(selector.matchLabels).length === 0 &&
    selector.matchExpressions.every((r) => r.operator === 'NotIn' || r.operator === 'DoesNotExist')
  );
}

function cidrWithout(cidrText: string, except: readonly string[]): IpSet {
  const cidr = parseCidr(cidrText);
  if (cidr === undefined) return EMPTY_IPS;
  let set = cidrSet(cidr);
  for (const e of except) {
    const ex = parseCidr(e);
    if (ex !== undefined) set = subtractIps(set, cidrSet(ex));
  }
  return set;
}
