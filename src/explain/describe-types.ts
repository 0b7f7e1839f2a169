/** The data of a policy description; plain JSON like the rest of explain/. */
import type { Direction, LabelSelector, PolicyTypeReason, Protocol } from '../model/types.js';
import type { Location, PolicyRef } from './types.js';

/**
 * Why a policy does or does not isolate the pods it selects for a direction, after the API
 * server's policyTypes defaulting: the model's `PolicyTypeReason` (normalize-policy.ts owns it).
 */
export type IsolationCode = PolicyTypeReason;

/** The namespaces a pod peer covers. */
export type NamespaceScope =
  | { readonly scope: 'policy-namespace'; readonly namespace: string }
  | { readonly scope: 'all' }
  | { readonly scope: 'selector'; readonly selector: LabelSelector; readonly selects: readonly string[] };

/** The pods a pod peer covers inside its namespaces. */
export type PodScope =
  | { readonly scope: 'all' }
  | { readonly scope: 'selector'; readonly selector: LabelSelector };

/** One `from`/`to` item: pods (namespace and pod scope) or an ipBlock, with what it matches now. */
export type PeerDescription =
  | {
      readonly type: 'pods';
      readonly index: number;
      readonly at: Location;
      readonly namespaces: NamespaceScope;
      readonly pods: PodScope;
      /** Pods of the input this peer matches now. */
      readonly matchesNow: readonly string[];
    }
  | {
      readonly type: 'ipBlock';
      readonly index: number;
      readonly at: Location;
      readonly cidr: string;
      readonly except: readonly string[];
      /** Pods whose IPs fall in the block, when the CNI profile matches pod IPs. */
      readonly matchesNow: readonly string[];
    };

/** One `ports` item as written, with named ports resolved against the destinations now. */
export interface PortDescription {
  readonly index: number;
  readonly at: Location;
  readonly protocol: Protocol;
  /** A number, a port name, or `null` for every port of the protocol. */
  readonly port: number | string | null;
  readonly endPort?: number;
  /** For a named port: the numbers it resolves to on the destination pods now, and who lacks it. */
  readonly named?: {
    readonly resolves: readonly { readonly port: number; readonly pods: readonly string[] }[];
    readonly undeclared: readonly string[];
  };
}

/** One rule of a direction the policy isolates. */
export interface RuleDescription {
  readonly direction: Direction;
  readonly index: number;
  readonly at: Location;
  /** `null`: no `from`/`to`, every peer including addresses outside the cluster. */
  readonly peers: readonly PeerDescription[] | null;
  /** `null`: no `ports`, every port of every protocol. */
  readonly ports: readonly PortDescription[] | null;
  /** Pods any peer of the rule matches now (every pod when `peers` is null). */
  readonly matchesNow: readonly string[];
}

/** What a policy does for one direction: whether it isolates, why, and its rules. */
export interface DirectionDescription {
  readonly direction: Direction;
  readonly isolates: boolean;
  readonly code: IsolationCode;
  readonly at: Location;
  /** The rules in effect (empty when the policy isolates without rules: deny-all). */
  readonly rules: readonly RuleDescription[];
  /** Rules written for a direction the policy does not isolate: they have no effect. */
  readonly ignoredRules: number;
}

/** One NetworkPolicy in plain terms, with what it selects and matches in the input now. */
export interface PolicyDescription {
  readonly policy: PolicyRef;
  readonly podSelector: LabelSelector;
  readonly at: Location;
  /** Pods the policy selects now. */
  readonly selects: readonly string[];
  /** hostNetwork pods the podSelector would select: NetworkPolicies do not apply to them. */
  readonly hostNetworkSkipped: readonly string[];
  readonly ingress: DirectionDescription;
  readonly egress: DirectionDescription;
}

/** Policies that select the same pods (same namespace and podSelector), as one target. */
export interface TargetDescription {
  readonly namespace: string;
  readonly podSelector: LabelSelector;
  readonly selects: readonly string[];
  /** Ids of the policies isolating the target for ingress. */
  readonly ingressIsolatedBy: readonly string[];
  readonly egressIsolatedBy: readonly string[];
  readonly policies: readonly PolicyDescription[];
}
