import { type IpAddress, parseCidr, parseIp } from '../model/ip.js';
import type { Cluster, Endpoint, Service, Workload } from '../model/types.js';

/** What a name on the command line (or in a test spec) refers to. */
export type Target =
  | { readonly type: 'workload'; readonly workload: Workload; readonly endpoints: readonly Endpoint[] }
  | { readonly type: 'endpoint'; readonly endpoint: Endpoint }
  | { readonly type: 'service'; readonly service: Service; readonly ip?: string }
  | { readonly type: 'external'; readonly address: IpAddress; readonly text: string };

export type TargetResult =
  | { readonly ok: true; readonly target: Target; readonly note?: string }
  | { readonly ok: false; readonly message: string; readonly hint?: string };

/** kubectl's spellings of the kinds an endpoint may name. */
export const KIND_ALIASES: Readonly<Record<string, string>> = {
  po: 'Pod',
  pod: 'Pod',
  pods: 'Pod',
  deploy: 'Deployment',
  deployment: 'Deployment',
  deployments: 'Deployment',
  rs: 'ReplicaSet',
  replicaset: 'ReplicaSet',
  replicasets: 'ReplicaSet',
  sts: 'StatefulSet',
  statefulset: 'StatefulSet',
  statefulsets: 'StatefulSet',
  ds: 'DaemonSet',
  daemonset: 'DaemonSet',
  daemonsets: 'DaemonSet',
  job: 'Job',
  jobs: 'Job',
  cj: 'CronJob',
  cronjob: 'CronJob',
  cronjobs: 'CronJob',
  rc: 'ReplicationController',
  replicationcontroller: 'ReplicationController',
  replicationcontrollers: 'ReplicationController',
  svc: 'Service',
  service: 'Service',
  services: 'Service',
};

/** The kind a kubectl spelling names (`deploy` → Deployment), own entries only (not `constructor`). */
export function kindOfAlias(text: string): string | undefined {
  const key = text.toLowerCase();
  return Object.hasOwn(KIND_ALIASES, key) ? KIND_ALIASES[key] : undefined;
}

/**
 * Resolves `NAMESPACE/NAME`, `NAMESPACE/KIND/NAME`, `NAME` (in `defaultNamespace`), a pod or
 * service IP, or an external IP. Names prefer workloads, then pods, then services; a name two
 * kinds share is reported as ambiguous with the spellings that pick one.
 */
export function resolveTarget(cluster: Cluster, text: string, defaultNamespace = 'default'): TargetResult {
  const trimmed = text.trim();
  const ip = parseIp(trimmed);
  if (ip !== undefined) return resolveIp(cluster, trimmed, ip);
  if (parseCidr(trimmed) !== undefined) {
    return {
      ok: false,
      message: `${trimmed} is a CIDR; name a single address`,
      hint: 'every address of one external node behaves alike; `matrix` lists the nodes',
    };
  }
  const parts = trimmed.split('/');
  let namespace = defaultNamespace;
  let kind: string | undefined;
  let name: string;
  if (parts.length === 1) name = parts[0]!;
  else if (parts.length === 2) [namespace, name] = parts as [string, string];
  else if (parts.length === 3) {
    namespace = parts[0]!;
    const alias = kindOfAlias(parts[1]!);
    if (alias === undefined) {
      return {
        ok: false,
        message: `unknown kind ${JSON.stringify(parts[1])} in ${JSON.stringify(trimmed)}`,
        hint: 'kinds: pod, deploy, sts, ds, rs, job, cronjob, rc, svc',
      };
    }
    kind = alias;
    name = parts[2]!;
  } else {
    return {
      ok: false,
      message: `cannot read ${JSON.stringify(trimmed)} as an endpoint`,
      hint: 'write NAMESPACE/NAME, NAMESPACE/KIND/NAME or an IP address',
    };
  }
  const candidates: Target[] = [];
  if (kind === undefined || kind !== 'Service') {
    for (const w of cluster.workloads) {
      if (w.namespace !== namespace || w.name !== name) continue;
      if (kind !== undefined && kind !== w.kind && kind !== 'Pod') continue;
      if (kind === 'Pod' && w.kind !== 'Pod') continue;
      candidates.push(workloadTarget(cluster, w));
    }
    if (kind === undefined || kind === 'Pod') {
      const covered = new Set(
        candidates.flatMap((c) =>
          c.type === 'endpoint' ? [c.endpoint] : c.type === 'workload' ? c.endpoints : [],
        ),
      );
      for (const e of cluster.endpoints) {
        if (e.namespace === namespace && e.name === name && e.kind === 'Pod' && !covered.has(e))
          candidates.push({ type: 'endpoint', endpoint: e });
      }
    }
  }
  if (kind === undefined || kind === 'Service') {
    for (const s of cluster.services)
      if (s.namespace === namespace && s.name === name) candidates.push({ type: 'service', service: s });
  }
  if (candidates.length === 1) return { ok: true, target: candidates[0]! };
  const nonService = candidates.filter((c) => c.type !== 'service');
  if (candidates.length === 2 && nonService.length === 1) {
    // A workload and its Service often share a name: the name means the pods; the Service
    // is one `svc/` away.
    return {
      ok: true,
      target: nonService[0]!,
      note: `${namespace}/${name} is also a Service; write ${namespace}/svc/${name} to go through it`,
    };
  }
  if (candidates.length > 1) {
    // A bare pod and the workload it is are one thing; a workload and a service of the same name
    // are commonly both meant: prefer the workload as a source, but ask when ambiguous.
    return {
      ok: false,
      message: `${namespace}/${name} is ambiguous: ${candidates.map(describeCandidate).join(', ')}`,
      hint: `name the kind: ${candidates.map((c) => `${namespace}/${kindAlias(c)}/${name}`).join(' or ')}`,
    };
  }
  return notFound(cluster, namespace, name, kind);
}

function workloadTarget(cluster: Cluster, w: Workload): Target {
  const byId = new Map(cluster.endpoints.map((e) => [e.id, e]));
  const endpoints = w.endpoints.map((id) => byId.get(id)).filter((e): e is Endpoint => e !== undefined);
  if (endpoints.length === 1) return { type: 'endpoint', endpoint: endpoints[0]! };
  return { type: 'workload', workload: w, endpoints };
}

function describeCandidate(t: Target): string {
  switch (t.type) {
    case 'workload':
      return t.workload.kind;
    case 'endpoint':
      return t.endpoint.kind;
    case 'service':
      return 'Service';
    case 'external':
      return 'address';
  }
}

function kindAlias(t: Target): string {
  const kind = describeCandidate(t);
  const entry = Object.entries(KIND_ALIASES).find(([, v]) => v === kind);
  return entry?.[0] ?? kind.toLowerCase();
}

function resolveIp(cluster: Cluster, text: string, address: IpAddress): TargetResult {
  // Dotted-quad IPv4 has one spelling; IPv6 has many (fd00::1, fd00:0::1, FD00::1): compare values.
  const same =
    address.family === 'v4'
      ? (ip: string) => ip === text
      : (ip: string) => ip === text || (ip.includes(':') && parseIp(ip)?.value === address.value);
  for (const e of cluster.endpoints)
    if (e.ips.some(same)) return { ok: true, target: { type: 'endpoint', endpoint: e } };
  for (const s of cluster.services) {
    if (s.clusterIPs.some(same) || s.externalIPs.some(same))
      return { ok: true, target: { type: 'service', service: s, ip: text } };
  }
  return { ok: true, target: { type: 'external', address, text } };
}

function notFound(cluster: Cluster, namespace: string, name: string, kind: string | undefined): TargetResult {
  const what = kind === undefined ? 'workload, pod or service' : kind;
  const sameName = [
    ...cluster.workloads.filter((w) => w.name === name).map((w) => `${w.namespace}/${w.name}`),
    ...cluster.services.filter((s) => s.name === name).map((s) => `${s.namespace}/svc/${s.name}`),
  ];
  const inNamespace = cluster.workloads.filter((w) => w.namespace === namespace).map((w) => w.name);
  let hint: string | undefined;
  if (sameName.length > 0)
    hint = `found in other namespaces: ${[...new Set(sameName)].slice(0, 5).join(', ')}`;
  else if (inNamespace.length > 0)
    hint = `${namespace} has: ${inNamespace.slice(0, 8).join(', ')}${inNamespace.length > 8 ? ', …' : ''}`;
  else if (!cluster.namespaces.has(namespace)) hint = `namespace ${namespace} is not in the input`;
  return {
    ok: false,
    message: `no ${what} ${namespace}/${name} in the input`,
    ...(hint === undefined ? {} : { hint }),
  };
}

/** A short display name: `ns/name`, `ns/svc/name`, or the address. */
export function formatTarget(t: Target): string {
  switch (t.type) {
    case 'workload':
      return t.workload.id;
    case 'endpoint':
      return t.endpoint.id;
    case 'service':
      return t.ip ?? `${t.service.namespace}/svc/${t.service.name}`;
    case 'external':
      return t.text;
  }
}
