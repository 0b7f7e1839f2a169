import {
  cidrSet,
  EMPTY_IPS,
  type IpSet,
  ipsContain,
  ipsToCidrs,
  isEmptyIps,
  subtractIps,
  unionIps,
} from '../engine/ip-set.js';
import { type ConnSet, isAllConns, MAX_PORT, MIN_PORT } from '../engine/port-set.js';
import { NAMESPACE_NAME_LABEL } from '../explain/index.js';
import { policyName } from '../fix/sides.js';
import { workloadSelector } from '../fix/stable-labels.js';
import { type Cidr, formatCidr, formatIp, parseCidr, parseIp } from '../model/ip.js';
import type { Cluster, Labels, Protocol } from '../model/types.js';
import { PROTOCOLS } from '../model/types.js';
import type { Dialect, GeneratedPolicy, IntentFlow, IntentNode } from './types.js';

/** Flows shown in a rule's comment before "and N more". */
const MAX_REASONS = 4;

type Workload = Extract<IntentNode, { type: 'workload' }>;

/**
 * Least-privilege policies for the intended flows: a default deny per namespace, then one policy
 * per workload with its ingress and egress allows (pods by stable labels, namespaces by
 * `kubernetes.io/metadata.name`, addresses by ipBlock), each rule commented with the flows it
 * serves. Sources with the same ports share a rule.
 */
export function buildPolicies(
  cluster: Cluster,
  flows: readonly IntentFlow[],
  dialect: Dialect,
): GeneratedPolicy[] {
  const workloads = new Map<string, Workload>();
  for (const f of flows)
    for (const n of [f.src, f.dst])
      if (n.type === 'workload' && !n.endpoint.hostNetwork) workloads.set(n.id, n);
  const namespaces = [
    ...new Set(cluster.workloads.filter((w) => !isHostNetwork(cluster, w.id)).map((w) => w.namespace)),
  ].sort();
  // hostNetwork pods are never selected by a pod selector: a workload that must reach one (or
  // be reached by one) is left unrestricted in that direction, and says why.
  const openEgress = unselectablePeers(flows, 'src');
  const openIngress = unselectablePeers(flows, 'dst');
  const out: GeneratedPolicy[] = [];
  for (const ns of namespaces) {
    const here = [...workloads.values()]
      .filter((w) => w.workload.namespace === ns)
      .sort((a, b) => a.id.localeCompare(b.id));
    out.push(
      ...defaultDeny(
        ns,
        dialect,
        here.filter((w) => openIngress.has(w.id)).map((w) => workloadSelector(cluster, w.endpoint)),
        here.filter((w) => openEgress.has(w.id)).map((w) => workloadSelector(cluster, w.endpoint)),
      ),
    );
    for (const w of here) {
      const ingress = openIngress.has(w.id)
        ? []
        : groupRules(
            flows.filter((f) => f.dst.id === w.id),
            'src',
          );
      const egress = openEgress.has(w.id)
        ? []
        : groupRules(
            flows.filter((f) => f.src.id === w.id),
            'dst',
          );
      if (ingress.length === 0 && egress.length === 0) continue;
      const open = [
        ...(openIngress.has(w.id)
          ? [`ingress is not restricted: it is reached from ${openIngress.get(w.id)!.join(', ')}`]
          : []),
        ...(openEgress.has(w.id)
          ? [`egress is not restricted: it reaches ${openEgress.get(w.id)!.join(', ')}`]
          : []),
      ];
      out.push(workloadPolicy(cluster, w, ingress, egress, dialect, here, open));
    }
  }
  return out;
}

/** Workloads with a flow to (`src`) or from (`dst`) a hostNetwork pod, with those pods. */
function unselectablePeers(flows: readonly IntentFlow[], end: 'src' | 'dst'): Map<string, string[]> {
  const other = end === 'src' ? 'dst' : 'src';
  const out = new Map<string, string[]>();
  for (const f of flows) {
    const self = f[end];
    const peer = f[other];
    if (self.type !== 'workload' || !isUnselectable(peer)) continue;
    const list = out.get(self.id) ?? [];
    const text = `${peer.id} (hostNetwork, which no pod selector names)`;
    if (!list.includes(text)) list.push(text);
    out.set(self.id, list);
  }
  return out;
}

function isHostNetwork(cluster: Cluster, workload: string): boolean {
  return cluster.endpoints.some((e) => e.workload === workload && e.hostNetwork);
}

/** A hostNetwork pod is never selected by a pod selector: no rule can name it. */
function isUnselectable(n: IntentNode): boolean {
  return n.type === 'workload' && n.endpoint.hostNetwork;
}

interface RuleGroup {
  readonly peers: readonly IntentNode[];
  readonly conns: ConnSet;
  readonly reasons: readonly string[];
  readonly dns: boolean;
}

/** Flows of one workload grouped by identical ports: one rule per port set. */
function groupRules(flows: readonly IntentFlow[], end: 'src' | 'dst'): RuleGroup[] {
  const groups = new Map<string, { peers: IntentNode[]; conns: ConnSet; reasons: string[]; dns: boolean }>();
  for (const f of flows) {
    const key = `${JSON.stringify(f.conns)}|${f.dns === true}`;
    const g = groups.get(key) ?? { peers: [], conns: f.conns, reasons: [], dns: f.dns === true };
    g.peers.push(f[end]);
    for (const r of f.reasons) if (!g.reasons.includes(r)) g.reasons.push(r);
    groups.set(key, g);
  }
  return [...groups.values()];
}

function defaultDeny(
  ns: string,
  dialect: Dialect,
  openIngress: readonly Labels[],
  openEgress: readonly Labels[],
): GeneratedPolicy[] {
  if (openIngress.length === 0 && openEgress.length === 0)
    return [
      denyPolicy(
        ns,
        dialect,
        'default-deny',
        [],
        ['Ingress', 'Egress'],
        `Namespace ${ns}: nothing comes in or goes out unless a policy below allows it.`,
      ),
    ];
  return [
    denyPolicy(
      ns,
      dialect,
      'default-deny-ingress',
      openIngress,
      ['Ingress'],
      `Namespace ${ns}: nothing comes in unless a policy below allows it${openIngress.length > 0 ? ' (but for the pods named, which hostNetwork pods reach)' : ''}.`,
    ),
    denyPolicy(
      ns,
      dialect,
      'default-deny-egress',
      openEgress,
      ['Egress'],
      `Namespace ${ns}: nothing goes out unless a policy below allows it${openEgress.length > 0 ? ' (but for the pods named, which reach hostNetwork pods)' : ''}.`,
    ),
  ];
}

function denyPolicy(
  ns: string,
  dialect: Dialect,
  name: string,
  exclude: readonly Labels[],
  types: readonly ('Ingress' | 'Egress')[],
  comment: string,
): GeneratedPolicy {
  const values = new Map<string, string[]>();
  for (const labels of exclude) {
    const [key, value] = Object.entries(labels)[0] ?? [];
    if (key === undefined || value === undefined) continue;
    values.set(key, [...(values.get(key) ?? []), value]);
  }
  const expressions = [...values].map(([key, v]) => ({ key, operator: 'NotIn', values: v }));
  const selector = expressions.length === 0 ? {} : { matchExpressions: expressions };
  const value =
    dialect === 'cilium'
      ? {
          apiVersion: 'cilium.io/v2',
          kind: 'CiliumNetworkPolicy',
          metadata: { name, namespace: ns },
          spec: {
            endpointSelector: selector,
            ...(types.includes('Ingress') ? { ingress: [{}] } : {}),
            ...(types.includes('Egress') ? { egress: [{}] } : {}),
          },
        }
      : {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: { name, namespace: ns },
          spec: { podSelector: selector, policyTypes: [...types] },
        };
  return { namespace: ns, value, comment, ruleComments: { ingress: [], egress: [] } };
}

function workloadPolicy(
  cluster: Cluster,
  w: Workload,
  ingress: readonly RuleGroup[],
  egress: readonly RuleGroup[],
  dialect: Dialect,
  siblings: readonly Workload[],
  open: readonly string[],
): GeneratedPolicy {
  const ns = w.workload.namespace;
  const clash = siblings.some((o) => o !== w && o.workload.name === w.workload.name);
  const name = policyName('allow', w.workload.name, ...(clash ? [w.workload.kind] : []));
  const selector = { ...workloadSelector(cluster, w.endpoint) };
  const comment = (g: RuleGroup) => commentOf(g);
  const types = [...(ingress.length > 0 ? ['Ingress'] : []), ...(egress.length > 0 ? ['Egress'] : [])];
  const value =
    dialect === 'cilium'
      ? {
          apiVersion: 'cilium.io/v2',
          kind: 'CiliumNetworkPolicy',
          metadata: { name, namespace: ns },
          spec: {
            endpointSelector: { matchLabels: selector },
            ...(ingress.length > 0
              ? { ingress: ingress.flatMap((g) => ciliumRules(cluster, g, 'from')) }
              : {}),
            ...(egress.length > 0 ? { egress: egress.flatMap((g) => ciliumRules(cluster, g, 'to')) } : {}),
          },
        }
      : {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: { name, namespace: ns },
          spec: {
            podSelector: { matchLabels: selector },
            policyTypes: types,
            ...(ingress.length > 0 ? { ingress: ingress.map((g) => npRule(cluster, ns, g, 'from')) } : {}),
            ...(egress.length > 0 ? { egress: egress.map((g) => npRule(cluster, ns, g, 'to')) } : {}),
          },
        };
  return {
    namespace: ns,
    value,
    comment: [`${w.id}: what it may receive and send.`, ...open].join('\n'),
    ruleComments: { ingress: ingress.map(comment), egress: egress.map(comment) },
  };
}

function commentOf(g: RuleGroup): string {
  if (g.dns) return 'DNS: name lookups to the cluster DNS (added to every egress; not in the flows)';
  const shown = g.reasons.slice(0, MAX_REASONS);
  const more = g.reasons.length - shown.length;
  return ['serves:', ...shown.map((r) => `  ${r}`), ...(more > 0 ? [`  and ${more} more`] : [])].join('\n');
}

function npRule(cluster: Cluster, ns: string, g: RuleGroup, key: 'from' | 'to'): Record<string, unknown> {
  const external = g.peers.flatMap((p) => (p.type === 'external' ? p.cidrs : []));
  const peers = [
    ...g.peers.filter((p) => p.type !== 'external').flatMap((p) => npPeers(cluster, ns, p)),
    ...(external.length === 0 ? [] : npPeers(cluster, ns, { type: 'external', id: '', cidrs: external })),
  ];
  const ports = portEntries(g.conns);
  return { [key]: peers, ...(ports === null ? {} : { ports }) };
}

function npPeers(cluster: Cluster, ns: string, n: IntentNode): Record<string, unknown>[] {
  if (n.type === 'external') return ipBlocks(cluster, n.cidrs).map((ipBlock) => ({ ipBlock }));
  const [namespace, labels] =
    n.type === 'selector'
      ? [n.namespace, n.labels]
      : [n.workload.namespace, workloadSelector(cluster, n.endpoint)];
  const podSelector = { matchLabels: { ...labels } };
  if (namespace === ns) return [{ podSelector }];
  return [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } }, podSelector }];
}

/**
 * ipBlocks for a set of addresses outside the cluster, as few as possible: the CIDRs of the set,
 * or the smallest CIDR covering it with the rest as `except`, whichever is shorter. Where
 * ipBlocks match pod IPs (upstream), pod addresses inside a block are excepted too, so that the
 * block admits only what it says.
 */
export function ipBlocks(cluster: Cluster, cidrs: readonly string[]): Record<string, unknown>[] {
  let set: IpSet = EMPTY_IPS;
  for (const c of cidrs) {
    const cidr = parseCidr(c);
    if (cidr !== undefined) set = unionIps(set, cidrSet(cidr));
  }
  const pods = cluster.endpoints
    .flatMap((e) => e.ips)
    .flatMap((ip) => {
      const a = parseIp(ip);
      return a === undefined ? [] : [a];
    });
  const out: Record<string, unknown>[] = [];
  for (const family of ['v4', 'v6'] as const) {
    const part: IpSet = family === 'v4' ? { v4: set.v4, v6: [] } : { v4: [], v6: set.v6 };
    if (isEmptyIps(part)) continue;
    const exact = ipsToCidrs(part);
    const cover = coverOf(part, family);
    const rest = ipsToCidrs(subtractIps(cidrSet(cover), part));
    const blocks =
      rest.length + 1 < exact.length
        ? [{ cidr: formatCidr(cover), except: rest }]
        : exact.map((c) => ({ cidr: c, except: [] as string[] }));
    for (const b of blocks) {
      const range = parseCidr(b.cidr)!;
      const inside = pods
        .filter((a) => a.family === family && range.first <= a.value && a.value <= range.last)
        // a pod address the intent itself names (as a range outside the cluster) stays in
        .filter((a) => !ipsContain(part, a))
        .map((a) => `${formatIp(a)}/${family === 'v4' ? 32 : 128}`)
        .filter((c) => c !== b.cidr && !b.except.includes(c));
      const except = [...b.except, ...new Set(inside)];
      out.push(except.length === 0 ? { cidr: b.cidr } : { cidr: b.cidr, except });
    }
  }
  return out;
}

/** The smallest CIDR holding every address of a one-family set. */
function coverOf(set: IpSet, family: 'v4' | 'v6'): Cidr {
  const r = set[family];
  const lo = r[0]!;
  const hi = r[r.length - 1]!;
  const bits = family === 'v4' ? 32 : 128;
  let prefix = 0;
  while (prefix < bits) {
    const shift = BigInt(bits - prefix - 1);
    if (lo >> shift !== hi >> shift) break;
    prefix++;
  }
  const size = BigInt(bits - prefix);
  const first = (lo >> size) << size;
  return parseCidr(`${formatIp({ family, value: first })}/${prefix}`)!;
}

/** NetworkPolicy port entries for a port set; null for every port of every protocol. */
export function portEntries(conns: ConnSet): Record<string, unknown>[] | null {
  if (isAllConns(conns)) return null;
  const out: Record<string, unknown>[] = [];
  for (const protocol of PROTOCOLS) {
    const iv = conns[protocol];
    for (let i = 0; i < iv.length; i += 2) {
      const lo = iv[i]!;
      const hi = iv[i + 1]!;
      if (lo === MIN_PORT && hi === MAX_PORT) out.push({ protocol });
      else if (lo === hi) out.push({ protocol, port: lo });
      else out.push({ protocol, port: lo, endPort: hi });
    }
  }
  return out;
}

/**
 * Cilium rule items for a group: Cilium rejects an item combining two kinds of peer
 * (rule_validation.go, "Combining … is not supported"), so endpoints and CIDRs get an item each.
 */
function ciliumRules(cluster: Cluster, g: RuleGroup, dir: 'from' | 'to'): Record<string, unknown>[] {
  const endpoints: Record<string, unknown>[] = [];
  const cidrs: Record<string, unknown>[] = [];
  for (const p of g.peers) {
    if (p.type === 'external') cidrs.push(...ipBlocks(cluster, p.cidrs));
    else {
      const [namespace, labels] =
        p.type === 'selector'
          ? [p.namespace, p.labels]
          : [p.workload.namespace, workloadSelector(cluster, p.endpoint)];
      endpoints.push({ matchLabels: { 'k8s:io.kubernetes.pod.namespace': namespace, ...prefixed(labels) } });
    }
  }
  const ports = ciliumPorts(g.conns);
  const item = (field: string, peers: Record<string, unknown>[]): Record<string, unknown> => ({
    [field]: peers,
    ...(ports === null ? {} : { toPorts: [{ ports }] }),
  });
  const items: Record<string, unknown>[] = [];
  if (endpoints.length > 0) items.push(item(`${dir}Endpoints`, endpoints));
  if (cidrs.length > 0) items.push(item(`${dir}CIDRSet`, cidrs));
  return items;
}

function prefixed(labels: Labels): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).map(([k, v]) => [`k8s:${k}`, v]));
}

function ciliumPorts(conns: ConnSet): Record<string, unknown>[] | null {
  if (isAllConns(conns)) return null;
  const out: Record<string, unknown>[] = [];
  for (const protocol of PROTOCOLS as readonly Protocol[]) {
    const iv = conns[protocol];
    for (let i = 0; i < iv.length; i += 2) {
      const lo = iv[i]!;
      const hi = iv[i + 1]!;
      // Cilium: port "0" is every port of the protocol.
      if (lo === MIN_PORT && hi === MAX_PORT) out.push({ port: '0', protocol });
      else if (lo === hi) out.push({ port: String(lo), protocol });
      else out.push({ port: String(lo), endPort: hi, protocol });
    }
  }
  return out;
}
