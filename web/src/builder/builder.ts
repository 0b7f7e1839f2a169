/**
 * The policy builder's logic, kept apart from the page: a policy for a workload (or a whole
 * namespace) with "allow from / to" peers from three areas — this namespace, the cluster,
 * outside the cluster — and ports taken from the pods and Services.
 */
import { stringify } from 'yaml';
import { resolveTargetPort, serviceEndpoints } from '../../../src/engine/check.js';
import { compileCluster } from '../../../src/engine/compile.js';
import { NAMESPACE_NAME_LABEL } from '../../../src/explain/index.js';
import { policyName } from '../../../src/fix/sides.js';
import { workloadSelector } from '../../../src/fix/stable-labels.js';
import type { Cluster, Direction, Endpoint, Protocol } from '../../../src/model/types.js';

/** Where a peer lives, as the builder offers it. */
export type PeerArea = 'namespace' | 'cluster' | 'outside';

/**
 * A peer: in `namespace`, a workload of the subject's namespace or all of its pods; in
 * `cluster`, a workload (`ns/name`) or every pod of a namespace (`ns/*`); `outside`, a CIDR.
 */
export interface BuilderPeer {
  readonly area: PeerArea;
  /** A workload id, `ns/*`, or a CIDR for `outside`. */
  readonly target: string;
}

export interface BuilderPort {
  readonly protocol: Protocol;
  readonly port: number;
}

export interface BuilderSpec {
  /** A workload id (`ns/name`) or a whole namespace (`ns/*`). */
  readonly subject: string;
  readonly direction: Direction;
  readonly peers: readonly BuilderPeer[];
  /** Empty: every port. */
  readonly ports: readonly BuilderPort[];
}

/** A port to offer, with where it comes from (`http`, `Service catalog:80`). */
export interface PortChoice extends BuilderPort {
  readonly label: string;
}

function endpointsOf(cluster: Cluster, target: string): Endpoint[] {
  if (target.endsWith('/*')) {
    const ns = target.slice(0, -2);
    return cluster.endpoints.filter((e) => e.namespace === ns);
  }
  return cluster.endpoints.filter((e) => e.workload === target);
}

function namespaceOf(target: string): string {
  return target.split('/')[0] ?? 'default';
}

/**
 * The ports worth offering: those the destination pods declare, and the target ports of the
 * Services in front of them (policies see the target port, never the Service port).
 */
export function portChoices(
  cluster: Cluster,
  spec: Pick<BuilderSpec, 'subject' | 'direction' | 'peers'>,
): PortChoice[] {
  const destinations =
    spec.direction === 'ingress'
      ? endpointsOf(cluster, spec.subject)
      : spec.peers.filter((p) => p.area !== 'outside').flatMap((p) => endpointsOf(cluster, p.target));
  const out = new Map<string, PortChoice>();
  const add = (c: PortChoice) => {
    const key = `${c.protocol}/${c.port}`;
    if (!out.has(key)) out.set(key, c);
  };
  for (const e of destinations)
    for (const p of e.ports) add({ protocol: p.protocol, port: p.port, label: p.name ?? 'container port' });
  const compiled = compileCluster(cluster);
  for (const svc of cluster.services) {
    const selected = serviceEndpoints(compiled, svc).filter((e) => destinations.includes(e));
    for (const sp of svc.ports)
      for (const e of selected) {
        const target = resolveTargetPort(sp, e);
        if (target !== undefined)
          add({ protocol: sp.protocol, port: target, label: `Service ${svc.name}:${sp.port}` });
      }
  }
  return [...out.values()].sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
}

/** The NetworkPolicy the builder stands for. */
export function buildPolicy(cluster: Cluster, spec: BuilderSpec): Record<string, unknown> {
  const ns = namespaceOf(spec.subject);
  const whole = spec.subject.endsWith('/*');
  const subjectPods = endpointsOf(cluster, spec.subject);
  const podSelector =
    whole || subjectPods[0] === undefined
      ? {}
      : { matchLabels: { ...workloadSelector(cluster, subjectPods[0]) } };
  const name = policyName('allow', whole ? ns : (spec.subject.split('/')[1] ?? ns), spec.direction);
  const peers = spec.peers.map((p) => peerOf(cluster, ns, p));
  const ports = spec.ports.map((p) => ({ protocol: p.protocol, port: p.port }));
  const key = spec.direction === 'ingress' ? 'from' : 'to';
  const rule = { ...(peers.length === 0 ? {} : { [key]: peers }), ...(ports.length === 0 ? {} : { ports }) };
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace: ns },
    spec: {
      podSelector,
      policyTypes: [spec.direction === 'ingress' ? 'Ingress' : 'Egress'],
      // No peer yet: the policy isolates and allows nothing (a deny until peers are added).
      [spec.direction]: peers.length === 0 ? [] : [rule],
    },
  };
}

function peerOf(cluster: Cluster, ns: string, p: BuilderPeer): Record<string, unknown> {
  if (p.area === 'outside') return { ipBlock: { cidr: p.target } };
  const peerNs = namespaceOf(p.target);
  const all = p.target.endsWith('/*');
  const pod = all ? undefined : endpointsOf(cluster, p.target)[0];
  const podSelector = pod === undefined ? undefined : { matchLabels: { ...workloadSelector(cluster, pod) } };
  if (p.area === 'namespace' && peerNs === ns) return { podSelector: podSelector ?? {} };
  return {
    namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: peerNs } },
    ...(podSelector === undefined ? {} : { podSelector }),
  };
}

/** The policy as YAML, ready to append to a file. */
export function builderYaml(cluster: Cluster, spec: BuilderSpec): string {
  return stringify(buildPolicy(cluster, spec), { indentSeq: true, lineWidth: 0 });
}
