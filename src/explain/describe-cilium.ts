import { splitCiliumSelector } from '../engine/cilium-labels.js';
import type { CompiledCluster } from '../engine/compile.js';
import type { CompiledCiliumPolicy } from '../engine/compile-cilium.js';
import { peerMatches, subjectSelects } from '../engine/match.js';
import type { CompiledPeer } from '../engine/rules.js';
import { formatPath } from '../model/source.js';
import type {
  CiliumPeer,
  CiliumPolicy,
  CiliumPortRule,
  CiliumRuleItem,
  CiliumSection,
  CiliumSpec,
  LabelSelector,
} from '../model/types.js';
import { locate, policyRef } from './refs.js';
import type { Location, PolicyRef, UnmodelledField } from './types.js';
import { unmodelledFor } from './unmodelled.js';

/** A peer of a Cilium rule item, with what it matches in the input now. */
export type CiliumPeerDescription =
  | {
      readonly type: 'endpoints';
      readonly field: string;
      readonly index: number;
      readonly at: Location;
      /** What the selector asks of a pod's namespace (null: the policy's namespace for a CNP, any for a CCNP). */
      readonly namespace: LabelSelector | null;
      /** What it asks of the pod's own labels (null: nothing). */
      readonly pod: LabelSelector | null;
      /** A reserved identity named as `reserved:X` instead of the pod's labels. */
      readonly reserved: readonly string[];
      readonly matchesNow: readonly string[];
    }
  | {
      readonly type: 'entity';
      readonly field: string;
      readonly index: number;
      readonly at: Location;
      readonly entity: string;
    }
  | {
      readonly type: 'cidr';
      readonly field: string;
      readonly index: number;
      readonly at: Location;
      readonly cidr: string;
      readonly except: readonly string[];
    }
  | {
      readonly type: 'fqdn';
      readonly field: string;
      readonly index: number;
      readonly at: Location;
      readonly name: string;
      readonly pattern: boolean;
    };

/** One item of a rule section. */
export interface CiliumItemDescription {
  readonly section: CiliumSection;
  readonly index: number;
  readonly at: Location;
  /** `- {}`: allows nothing (a default deny). */
  readonly empty: boolean;
  /** `null`: no peer field (every peer); `[]`: an explicitly empty list (nothing). */
  readonly peers: readonly CiliumPeerDescription[] | null;
  /** `null`: every port. */
  readonly toPorts: readonly CiliumPortRule[] | null;
  /** Fields of the item kubereach reads but does not evaluate. */
  readonly unmodelled: readonly string[];
}

/** One rule of a Cilium policy (`spec` or `specs[i]`). */
export interface CiliumRuleDescription {
  readonly path: string;
  readonly at: Location;
  readonly endpointSelector: LabelSelector | null;
  /** Set for a host policy (CCNP nodeSelector): it selects nodes, which kubereach does not evaluate. */
  readonly nodeSelector: LabelSelector | null;
  /** A CNP endpointSelector naming another namespace: Cilium replaces it by the policy's. */
  readonly namespaceReplaced: string | null;
  /** Pods the rule selects now. */
  readonly selects: readonly string[];
  readonly isolates: { readonly ingress: boolean; readonly egress: boolean };
  readonly defaultDenyExplicit: { readonly ingress: boolean; readonly egress: boolean };
  /** Items in the order the verdict takes them: deny sections first. */
  readonly items: readonly CiliumItemDescription[];
  /** Unmodelled fields with what kubereach assumed (from the load-time warnings). */
  readonly unmodelled: readonly UnmodelledField[];
}

/** A CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy as plain data. */
export interface CiliumPolicyDescription {
  readonly policy: PolicyRef;
  readonly kind: CiliumPolicy['kind'];
  readonly rules: readonly CiliumRuleDescription[];
}

/** The Cilium policy an `explain policy` argument names: `cnp/NAMESPACE/NAME` or `ccnp/NAME`. */
export function findCiliumPolicy(compiled: CompiledCluster, text: string): CiliumPolicy | undefined {
  return compiled.cluster.ciliumPolicies.find((p) => p.id === text);
}

/**
 * Describes a Cilium policy: per rule, the pods it selects now, whether it isolates them, and
 * each item (deny sections first) with what its peers match now.
 */
export function describeCiliumPolicy(
  compiled: CompiledCluster,
  policy: CiliumPolicy,
): CiliumPolicyDescription {
  return {
    policy: policyRef(compiled, policy),
    kind: policy.kind,
    rules: policy.specs.map((spec) => describeSpec(compiled, policy, spec)),
  };
}

const ORDER: readonly CiliumSection[] = ['ingressDeny', 'ingress', 'egressDeny', 'egress'];

function describeSpec(
  compiled: CompiledCluster,
  policy: CiliumPolicy,
  spec: CiliumSpec,
): CiliumRuleDescription {
  const cp = compiled.ciliumPolicies.find((c) => c.policy === policy && c.spec === spec);
  const selected =
    cp === undefined
      ? []
      : compiled.cluster.endpoints.filter((e) => subjectSelects(cp.subject, e, compiled.namespaceLabels));
  const unmodelled = selected.length === 0 ? [] : unmodelledOfSpec(compiled, spec, selected[0]!);
  return {
    path: formatPath(spec.path),
    at: locate(compiled, policy, spec.path),
    endpointSelector: spec.endpointSelector,
    nodeSelector: spec.nodeSelector,
    namespaceReplaced: replacedNamespace(policy, spec),
    selects: selected.map((e) => e.id).sort(),
    isolates: { ingress: cp?.ingress ?? false, egress: cp?.egress ?? false },
    defaultDenyExplicit: spec.defaultDenyExplicit,
    items: ORDER.flatMap((section) =>
      spec[section].map((item) => describeItem(compiled, policy, spec, cp, item)),
    ),
    unmodelled,
  };
}

/** The unmodelled fields of this rule (every pod it selects carries the same). */
function unmodelledOfSpec(
  compiled: CompiledCluster,
  spec: CiliumSpec,
  pod: Parameters<typeof unmodelledFor>[1],
) {
  const prefix = formatPath(spec.path);
  return [...unmodelledFor(compiled, pod, 'ingress'), ...unmodelledFor(compiled, pod, 'egress')].filter((u) =>
    u.path.startsWith(`${prefix}.`),
  );
}

/** The namespace a CNP endpointSelector names other than its own (Cilium replaces it), if any. */
function replacedNamespace(policy: CiliumPolicy, spec: CiliumSpec): string | null {
  if (policy.namespace === null || spec.endpointSelector === null) return null;
  for (const [key, value] of Object.entries(spec.endpointSelector.matchLabels)) {
    if (
      (key === 'k8s:io.kubernetes.pod.namespace' || key === 'io.kubernetes.pod.namespace') &&
      value !== policy.namespace
    )
      return value;
  }
  return null;
}

function describeItem(
  compiled: CompiledCluster,
  policy: CiliumPolicy,
  spec: CiliumSpec,
  cp: CompiledCiliumPolicy | undefined,
  item: CiliumRuleItem,
): CiliumItemDescription {
  const path = [...spec.path, item.section, item.index];
  const compiledRules =
    cp === undefined ? [] : [...cp.ingressRules, ...cp.egressRules].filter((r) => r.rule === item);
  const compiledPeers = compiledRules[0]?.peers ?? [];
  return {
    section: item.section,
    index: item.index,
    at: locate(compiled, policy, path),
    empty: item.empty,
    peers:
      item.peers === null
        ? null
        : item.peers.map((p) =>
            describePeer(
              compiled,
              policy,
              [...path, p.field, p.index],
              p,
              compiledPeers.filter((c) => c.source === p),
              compiledRules[0]?.action ?? 'allow',
            ),
          ),
    toPorts: item.toPorts,
    unmodelled: item.unmodelled,
  };
}

function describePeer(
  compiled: CompiledCluster,
  policy: CiliumPolicy,
  path: readonly (string | number)[],
  peer: CiliumPeer,
  compiledPeers: readonly CompiledPeer[],
  action: 'allow' | 'deny' | 'pass',
): CiliumPeerDescription {
  const at = locate(compiled, policy, path);
  const base = { field: peer.field, index: peer.index, at };
  switch (peer.type) {
    case 'endpoints': {
      const split = splitCiliumSelector(peer.selector);
      const matchesNow = compiled.cluster.endpoints
        .filter((e) =>
          compiledPeers.some((c) =>
            peerMatches(
              c,
              action,
              { type: 'endpoint', endpoint: e },
              compiled.namespaceLabels,
              compiled.match,
            ),
          ),
        )
        .map((e) => e.id)
        .sort();
      return {
        type: 'endpoints',
        ...base,
        namespace: split.namespace,
        pod: split.pod,
        reserved: split.reserved,
        matchesNow,
      };
    }
    case 'entity':
      return { type: 'entity', ...base, entity: peer.entity };
    case 'cidr':
      return { type: 'cidr', ...base, cidr: peer.cidr, except: peer.except };
    case 'fqdn':
      return {
        type: 'fqdn',
        ...base,
        name: peer.matchName ?? peer.matchPattern ?? '*',
        pattern: peer.matchName === undefined,
      };
    default:
      return peer satisfies never;
  }
}
