import type { ConnSet } from '../engine/port-set.js';
import type { ServiceType, WorkloadKind } from '../model/types.js';

/** The workload a finding is about. */
export interface WorkloadRef {
  readonly id: string;
  readonly kind: WorkloadKind;
  readonly namespace: string;
  readonly name: string;
}

/**
 * Whether a workload's pods are isolated for a direction: all of them, none, some (`partial`),
 * or none because they use the host network (NetworkPolicies never select those).
 */
/**
 * `baseline-deny`: no NetworkPolicy isolates the pods, but a baseline-tier rule denies every pod
 * (and, for egress, every address) that no earlier tier allows: a cluster default deny, which
 * protects them as isolation would.
 */
/**
 * `deny-all`: nothing isolates the pods, but a Cilium deny rule of a policy selecting them
 * (ingressDeny/egressDeny, which no allow can override) takes every peer on every port.
 */
export type IsolationState =
  | 'isolated'
  | 'not-isolated'
  | 'partial'
  | 'host-network'
  | 'baseline-deny'
  | 'deny-all';

export interface WorkloadIsolation {
  readonly workload: WorkloadRef;
  readonly ingress: IsolationState;
  readonly egress: IsolationState;
  /** Ids (`namespace/name`) of the policies isolating its pods, per direction. */
  readonly ingressPolicies: readonly string[];
  readonly egressPolicies: readonly string[];
}

/** External addresses that are treated alike and what they may use. */
export interface ExternalPeer {
  readonly cidrs: readonly string[];
  readonly conns: ConnSet;
}

/** A Service that publishes a workload outside the cluster. */
export interface PublishingService {
  readonly namespace: string;
  readonly name: string;
  readonly type: ServiceType;
  readonly externalIPs: readonly string[];
  readonly ports: readonly { readonly port: number; readonly protocol: string; readonly nodePort?: number }[];
}

export interface ExternalExposure {
  readonly workload: WorkloadRef;
  /** Outside addresses, grouped by what they may use; sorted by address. */
  readonly peers: readonly ExternalPeer[];
  /** Union over all peers. */
  readonly conns: ConnSet;
  /** For ingress: NodePort and LoadBalancer Services and external IPs that select the workload. */
  readonly services: readonly PublishingService[];
}

export interface NamespaceWideExposure {
  readonly workload: WorkloadRef;
  /** What every other namespace may use (the intersection over them). */
  readonly conns: ConnSet;
  /** How many other namespaces (with pods) there are. */
  readonly namespaces: number;
}

/** The cluster-wide exposure report of `kubereach exposure`. */
export interface ExposureReport {
  readonly workloads: number;
  /** Workloads not (fully) isolated for ingress or egress. */
  readonly notIsolated: readonly WorkloadIsolation[];
  /** Workloads that addresses outside the cluster may connect to. */
  readonly externalIngress: readonly ExternalExposure[];
  /** Workloads that may connect to addresses outside the cluster. */
  readonly externalEgress: readonly ExternalExposure[];
  /** Workloads whose ingress admits pods of every other namespace. */
  readonly allNamespaces: readonly NamespaceWideExposure[];
}

export type PeerDirection = 'in' | 'out';

/** One peer of a workload: a pod, workload, namespace or external node. */
export interface Peer {
  readonly id: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly cidrs?: readonly string[];
  readonly conns: ConnSet;
}

export interface PeerList {
  readonly direction: PeerDirection;
  /** Isolation of the workload for this direction (ingress for `in`, egress for `out`). */
  readonly isolation: IsolationState;
  readonly policies: readonly string[];
  readonly peers: readonly Peer[];
}

/** "Who can reach me" (`in`) and "whom can I reach" (`out`) for one workload. */
export interface PeerReport {
  readonly workload: WorkloadRef;
  readonly granularity: 'pod' | 'workload' | 'namespace';
  readonly lists: readonly PeerList[];
}
