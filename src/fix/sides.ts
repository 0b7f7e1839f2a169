import type { NetworkPolicyRule } from '../engine/compile.js';
import type { DirectionEvaluation, Party } from '../engine/evaluate.js';
import { connsAllow } from '../engine/port-set.js';
import type { RuleHit } from '../engine/resolve.js';
import { NAMESPACE_NAME_LABEL } from '../explain/index.js';
import { formatIp } from '../model/ip.js';
import type { PathSegment } from '../model/source.js';
import type { Direction, Endpoint, NetworkPolicy, Protocol } from '../model/types.js';
import { workloadSelector } from './stable-labels.js';
import type { FixContext } from './types.js';

/**
 * One side of a probe that has to change: the egress of the source or the ingress of the
 * destination, with the pod whose policies decide it and the party on the other side.
 */
export interface Side {
  readonly direction: Direction;
  readonly subject: Endpoint;
  readonly peer: Party;
  /** The destination pod's port (after Service translation and named-port resolution). */
  readonly port: number;
  readonly protocol: Protocol;
  /** The direction's evaluation, its rules and policies narrowed to NetworkPolicies (what fixes edit). */
  readonly evaluation: SideEvaluation;
  /** Whether this side already gives what is asked (allows for `allowed`, denies for `denied`). */
  readonly meets: boolean;
}

/** A direction's evaluation seen through the NetworkPolicies only. */
export interface SideEvaluation extends Omit<DirectionEvaluation, 'matches' | 'policies'> {
  readonly matches: readonly (RuleHit & { readonly rule: NetworkPolicyRule })[];
  readonly policies: readonly NetworkPolicy[];
}

function networkPolicyView(e: DirectionEvaluation): SideEvaluation {
  return {
    ...e,
    matches: e.matches.filter(
      (m): m is RuleHit & { rule: NetworkPolicyRule } => m.rule.dialect === 'networkpolicy',
    ),
    policies: e.policies.filter((p): p is NetworkPolicy => p.kind === 'NetworkPolicy'),
  };
}

/**
 * The sides of the failing probes, one per (direction, subject workload, peer workload): for
 * `allowed`, the sides that deny; for `denied`, the sides that allow (either one can deny).
 */
export function failingSides(ctx: FixContext): Side[] {
  const out = new Map<string, Side>();
  for (const probe of ctx.failing) {
    for (const evaluation of [probe.evaluation.egress, probe.evaluation.ingress]) {
      if (evaluation.subject.type !== 'endpoint') continue;
      const allows = connsAllow(evaluation.allowed, ctx.request.protocol, probe.port);
      const meets = ctx.request.want === 'allowed' ? allows : !allows;
      if (meets) continue;
      const peer = evaluation.direction === 'egress' ? probe.dst : probe.src;
      const key = `${evaluation.direction} ${evaluation.subject.endpoint.workload} ${partyKey(peer)}`;
      if (out.has(key)) continue;
      out.set(key, {
        direction: evaluation.direction,
        subject: evaluation.subject.endpoint,
        peer,
        port: probe.port,
        protocol: ctx.request.protocol,
        evaluation: networkPolicyView(evaluation),
        meets,
      });
    }
  }
  return [...out.values()];
}

function partyKey(p: Party): string {
  return p.type === 'endpoint' ? p.endpoint.workload : p.label;
}

/** The key of a direction's rules in a policy spec, and of the peers in a rule. */
export function ruleKeys(direction: Direction): {
  readonly rules: 'ingress' | 'egress';
  readonly peers: 'from' | 'to';
} {
  return direction === 'ingress' ? { rules: 'ingress', peers: 'from' } : { rules: 'egress', peers: 'to' };
}

/** Path of rule `index` of `direction` inside a policy. */
export function rulePath(direction: Direction, index: number): PathSegment[] {
  return ['spec', ruleKeys(direction).rules, index];
}

/** Path of peer `peer` of rule `index`. */
export function peerPath(direction: Direction, index: number, peer: number): PathSegment[] {
  return [...rulePath(direction, index), ruleKeys(direction).peers, peer];
}

/** The rule as written (before defaulting), or undefined. */
export function rawAt(ctx: FixContext, policy: NetworkPolicy, path: readonly PathSegment[]): unknown {
  let node: unknown = ctx.raw(policy.source);
  for (const seg of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[seg as string];
  }
  return node;
}

/**
 * A peer that selects `party` from a policy in `namespace`: the workload's stable labels, with
 * the namespace by `kubernetes.io/metadata.name` when it is another one; an address as a /32
 * (or /128) ipBlock.
 */
export function peerFor(ctx: FixContext, namespace: string, party: Party): Record<string, unknown> {
  if (party.type === 'external') {
    const text = formatIp(party.address);
    return { ipBlock: { cidr: text.includes(':') ? `${text}/128` : `${text}/32` } };
  }
  const labels = workloadSelector(ctx.cluster, party.endpoint);
  const podSelector = { matchLabels: { ...labels } };
  if (party.endpoint.namespace === namespace) return { podSelector };
  return {
    namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: party.endpoint.namespace } },
    podSelector,
  };
}

/** A port entry for `side`: the number the destination pod listens on. */
export function portEntry(side: Side): Record<string, unknown> {
  return { protocol: side.protocol, port: side.port };
}

/** A DNS-safe name for a new policy: lower case, dashes, at most 63 characters. */
export function policyName(...parts: string[]): string {
  const name = parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return name.slice(0, 63).replace(/-$/, '');
}

/** A short name of a party for policy names: the workload name, or the address. */
export function partyName(p: Party): string {
  return p.type === 'endpoint'
    ? p.endpoint.workload
        .split('/')
        .pop()!
        .replace(/\[.*\]$/, '')
    : p.label;
}
