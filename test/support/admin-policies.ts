/**
 * Admin policies written once and rendered in either API version: v1alpha1 (AdminNetworkPolicy,
 * and BaselineAdminNetworkPolicy named default for the baseline tier) or v1alpha2
 * (ClusterNetworkPolicy with tier Admin or Baseline). The conformance scenarios and the
 * differential tests build their policies with it; the same scenario then runs in both versions.
 */
import { dump } from 'js-yaml';
import { checkConnection } from '../../src/engine/check.js';
import { compileCluster } from '../../src/engine/compile.js';
import { resolveTarget } from '../../src/engine/targets.js';
import { loadManifests } from '../../src/load.js';
import type { Protocol, RuleAction } from '../../src/model/types.js';
import { naiveAllowed } from '../reference/naive.js';

export type ApiVersion = 'v1alpha1' | 'v1alpha2';

/** Namespaces by their `house` label; pods by namespace label and pod label (`house`). */
export type PeerSpec =
  | { readonly namespaces: string }
  | { readonly pods: readonly [namespace: string, pod: string] }
  | { readonly nodes: Readonly<Record<string, string>> }
  | { readonly networks: readonly string[] }
  | { readonly domainNames: readonly string[] }
  /** A peer of a type no version knows (it fails closed). */
  | { readonly unknown: string };

/** `[protocol, port]`, `[protocol, start, end]` or a named port. */
export type PortSpec = readonly [Protocol, number] | readonly [Protocol, number, number] | string;

export interface RuleSpec {
  readonly name?: string;
  readonly action: RuleAction;
  readonly peers: readonly PeerSpec[];
  readonly ports?: readonly PortSpec[];
}

export interface PolicySpec {
  readonly tier: 'admin' | 'baseline';
  readonly name: string;
  /** Ignored for a v1alpha1 baseline policy (a BANP has none). */
  readonly priority: number;
  readonly subject: { readonly namespaces: string } | { readonly pods: readonly [string, string] };
  readonly ingress?: readonly RuleSpec[];
  readonly egress?: readonly RuleSpec[];
}

export const tcp = (port: number, end?: number): PortSpec =>
  end === undefined ? ['TCP', port] : ['TCP', port, end];
export const udp = (port: number, end?: number): PortSpec =>
  end === undefined ? ['UDP', port] : ['UDP', port, end];
export const sctp = (port: number, end?: number): PortSpec =>
  end === undefined ? ['SCTP', port] : ['SCTP', port, end];

const house = (name: string) => ({ matchLabels: { house: name } });
/** `*` is every namespace or every pod. */
const selector = (name: string) => (name === '*' ? {} : house(name));

function renderPeer(peer: PeerSpec): Record<string, unknown> {
  if ('namespaces' in peer) return { namespaces: selector(peer.namespaces) };
  if ('pods' in peer)
    return { pods: { namespaceSelector: selector(peer.pods[0]), podSelector: selector(peer.pods[1]) } };
  if ('nodes' in peer) return { nodes: { matchLabels: peer.nodes } };
  if ('networks' in peer) return { networks: [...peer.networks] };
  if ('domainNames' in peer) return { domainNames: [...peer.domainNames] };
  return { [peer.unknown]: {} };
}

function renderPortV1(port: PortSpec): Record<string, unknown> {
  if (typeof port === 'string') return { namedPort: port };
  if (port.length === 2) return { portNumber: { protocol: port[0], port: port[1] } };
  return { portRange: { protocol: port[0], start: port[1], end: port[2] } };
}

function renderPortV2(port: PortSpec): Record<string, unknown> {
  if (typeof port === 'string') return { destinationNamedPort: port };
  const destinationPort =
    port.length === 2 ? { number: port[1] } : { range: { start: port[1], end: port[2] } };
  return { [port[0].toLowerCase()]: { destinationPort } };
}

const ACTION_WORDS: Record<ApiVersion, Record<RuleAction, string>> = {
  v1alpha1: { allow: 'Allow', deny: 'Deny', pass: 'Pass' },
  v1alpha2: { allow: 'Accept', deny: 'Deny', pass: 'Pass' },
};

function renderRule(rule: RuleSpec, direction: 'ingress' | 'egress', version: ApiVersion) {
  return {
    ...(rule.name === undefined ? {} : { name: rule.name }),
    action: ACTION_WORDS[version][rule.action],
    [direction === 'ingress' ? 'from' : 'to']: rule.peers.map(renderPeer),
    ...(rule.ports === undefined
      ? {}
      : version === 'v1alpha1'
        ? { ports: rule.ports.map(renderPortV1) }
        : { protocols: rule.ports.map(renderPortV2) }),
  };
}

/** The policy as a manifest of the given API version. */
export function renderAdminPolicy(policy: PolicySpec, version: ApiVersion): string {
  const subject =
    'namespaces' in policy.subject
      ? { namespaces: selector(policy.subject.namespaces) }
      : {
          pods: {
            namespaceSelector: selector(policy.subject.pods[0]),
            podSelector: selector(policy.subject.pods[1]),
          },
        };
  const rules = {
    ...(policy.ingress === undefined
      ? {}
      : { ingress: policy.ingress.map((r) => renderRule(r, 'ingress', version)) }),
    ...(policy.egress === undefined
      ? {}
      : { egress: policy.egress.map((r) => renderRule(r, 'egress', version)) }),
  };
  const doc =
    version === 'v1alpha2'
      ? {
          apiVersion: 'policy.networking.k8s.io/v1alpha2',
          kind: 'ClusterNetworkPolicy',
          metadata: { name: policy.name },
          spec: {
            tier: policy.tier === 'admin' ? 'Admin' : 'Baseline',
            priority: policy.priority,
            subject,
            ...rules,
          },
        }
      : policy.tier === 'admin'
        ? {
            apiVersion: 'policy.networking.k8s.io/v1alpha1',
            kind: 'AdminNetworkPolicy',
            metadata: { name: policy.name },
            spec: { priority: policy.priority, subject, ...rules },
          }
        : {
            apiVersion: 'policy.networking.k8s.io/v1alpha1',
            kind: 'BaselineAdminNetworkPolicy',
            metadata: { name: 'default' },
            spec: { subject, ...rules },
          };
  return dump(doc, { lineWidth: -1 });
}

/** A connection to probe: source and destination (`namespace/pod`), protocol, port, verdict. */
export type Probe = readonly [
  src: string,
  dst: string,
  protocol: 'tcp' | 'udp' | 'sctp',
  port: number | string,
  allowed: boolean,
];

/** What a scenario evaluates: admin policies and NetworkPolicy manifests over a base cluster. */
export interface PolicyState {
  readonly policies: readonly PolicySpec[];
  readonly networkPolicies: readonly string[];
  /** Namespaces whose `house` label is changed (the namespace object is declared again). */
  readonly relabel?: Readonly<Record<string, string>>;
}

/**
 * Loads `base` (manifest texts) with the state rendered in `version`, and returns a probe
 * function answering through the public API (loadManifests, compileCluster, resolveTarget,
 * checkConnection).
 */
export function probeState(
  base: readonly string[],
  state: PolicyState,
  version: ApiVersion,
): {
  readonly allowed: (probe: Probe) => boolean;
  readonly naive: (probe: Probe) => boolean;
  readonly errors: readonly string[];
} {
  const texts = [
    ...base,
    ...Object.entries(state.relabel ?? {}).map(
      ([name, house]) =>
        `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}, labels: {house: ${house}}}\n`,
    ),
    ...state.networkPolicies,
    ...state.policies.map((p) => renderAdminPolicy(p, version)),
  ];
  const cluster = loadManifests(texts.map((text, i) => ({ name: `m${i}.yaml`, text })));
  const compiled = compileCluster(cluster);
  const errors = cluster.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
  const resolve = (text: string) => {
    const t = resolveTarget(cluster, text);
    if (!t.ok) throw new Error(`${text}: ${t.message}`);
    return t.target;
  };
  const endpoint = (id: string) => {
    const e = cluster.endpoints.find((x) => x.id === id);
    if (e === undefined) throw new Error(`no endpoint ${id}`);
    return e;
  };
  return {
    errors,
    allowed: ([src, dst, protocol, port]) =>
      checkConnection(compiled, resolve(src), resolve(dst), port, protocol.toUpperCase() as Protocol).allowed,
    naive: ([src, dst, protocol, port]) => {
      const d = endpoint(dst);
      const number =
        typeof port === 'number'
          ? port
          : d.ports.find((p) => p.name === port && p.protocol === protocol.toUpperCase())?.port;
      if (number === undefined) throw new Error(`${dst} has no port ${port}`);
      return naiveAllowed(cluster, endpoint(src), d, number, protocol.toUpperCase() as Protocol);
    },
  };
}
