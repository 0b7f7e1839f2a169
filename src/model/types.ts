import type { Diagnostic } from './diagnostics.js';
import type { SourceLocator, SourceRef } from './source.js';

/** Transport protocols a NetworkPolicy port can name. */
export type Protocol = 'TCP' | 'UDP' | 'SCTP';
export const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

/** The two directions of a NetworkPolicy. */
export type PolicyType = 'Ingress' | 'Egress';
export type Direction = 'ingress' | 'egress';

export type Labels = Readonly<Record<string, string>>;

export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface LabelRequirement {
  readonly key: string;
  readonly operator: SelectorOperator;
  readonly values: readonly string[];
}

/** A validated label selector. `{}` (no labels, no expressions) selects everything. */
export interface LabelSelector {
  readonly matchLabels: Labels;
  readonly matchExpressions: readonly LabelRequirement[];
}

export interface Namespace {
  readonly kind: 'Namespace';
  readonly name: string;
  /** Always includes `kubernetes.io/metadata.name: <name>`, as the API server sets it. */
  readonly labels: Labels;
  /** True when the namespace was not declared but referenced by another object. */
  readonly implicit: boolean;
  readonly source?: SourceRef;
}

export interface ContainerPort {
  readonly name?: string;
  readonly port: number;
  readonly protocol: Protocol;
}

export type WorkloadKind =
  | 'Pod'
  | 'Deployment'
  | 'ReplicaSet'
  | 'StatefulSet'
  | 'DaemonSet'
  | 'Job'
  | 'CronJob'
  | 'ReplicationController';

export const WORKLOAD_KINDS: readonly WorkloadKind[] = [
  'Pod',
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'ReplicationController',
];

/**
 * Something that sends and receives traffic: a pod, or a workload's pod template standing in for
 * pods that are not in the input. Connectivity is computed between endpoints.
 */
export interface Endpoint {
  /** Unique node id: `namespace/name`, or `namespace/name[Kind]` when two objects share a name. */
  readonly id: string;
  readonly kind: WorkloadKind;
  readonly namespace: string;
  readonly name: string;
  readonly labels: Labels;
  readonly ports: readonly ContainerPort[];
  readonly hostNetwork: boolean;
  /** Pod IPs (`status.podIPs`), empty for templates and pods not yet scheduled. */
  readonly ips: readonly string[];
  /** Id of the workload this endpoint belongs to (itself for a bare pod or a template). */
  readonly workload: string;
  /** True when this endpoint is a workload's pod template rather than a real pod. */
  readonly template: boolean;
  readonly source: SourceRef;
}

/** A group of endpoints that one controller manages (or a bare pod on its own). */
export interface Workload {
  readonly id: string;
  readonly kind: WorkloadKind;
  readonly namespace: string;
  readonly name: string;
  /** Labels of the pod template (or of the pod for a bare pod). */
  readonly labels: Labels;
  readonly endpoints: readonly string[];
  readonly source: SourceRef;
}

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';

export interface ServicePort {
  readonly name?: string;
  readonly protocol: Protocol;
  readonly port: number;
  /** A number, or a container port name resolved per endpoint pod. Defaults to `port`. */
  readonly targetPort: number | string;
  readonly nodePort?: number;
}

export interface Service {
  readonly kind: 'Service';
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  readonly type: ServiceType;
  /** ClusterIPs; empty for headless (`None`) and ExternalName services. */
  readonly clusterIPs: readonly string[];
  readonly headless: boolean;
  /** `null` when the service has no selector (its endpoints are managed by hand). */
  readonly selector: Labels | null;
  readonly ports: readonly ServicePort[];
  readonly externalIPs: readonly string[];
  readonly externalName?: string;
  readonly source: SourceRef;
}

/** A port of a rule: a number, a named port, or every port of the protocol (`port: null`). */
export interface PolicyPort {
  readonly protocol: Protocol;
  readonly port: number | string | null;
  readonly endPort?: number;
  readonly index: number;
}

export interface PodPeer {
  readonly type: 'pods';
  /** `null` when absent: with a namespaceSelector that means every pod of those namespaces. */
  readonly podSelector: LabelSelector | null;
  /** `null` when absent: the policy's own namespace. */
  readonly namespaceSelector: LabelSelector | null;
  readonly index: number;
}

export interface IpBlockPeer {
  readonly type: 'ipBlock';
  readonly cidr: string;
  readonly except: readonly string[];
  readonly index: number;
}

export type PolicyPeer = PodPeer | IpBlockPeer;

export interface PolicyRule {
  readonly index: number;
  /** `null` when `from`/`to` is absent or empty: every peer, cluster-external included. */
  readonly peers: readonly PolicyPeer[] | null;
  /** `null` when `ports` is absent or empty: every port of every protocol. */
  readonly ports: readonly PolicyPort[] | null;
}

export interface NetworkPolicy {
  readonly kind: 'NetworkPolicy';
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  readonly podSelector: LabelSelector;
  /** Effective policy types after API defaulting. */
  readonly policyTypes: readonly PolicyType[];
  /** True when `spec.policyTypes` was written in the input. */
  readonly policyTypesExplicit: boolean;
  readonly ingress: readonly PolicyRule[];
  readonly egress: readonly PolicyRule[];
  readonly source: SourceRef;
}

/** Everything kubereach evaluates: the validated, defaulted cluster state and policies. */
export interface Cluster {
  readonly namespaces: ReadonlyMap<string, Namespace>;
  readonly endpoints: readonly Endpoint[];
  readonly workloads: readonly Workload[];
  readonly services: readonly Service[];
  readonly policies: readonly NetworkPolicy[];
  readonly diagnostics: readonly Diagnostic[];
  readonly locator: SourceLocator;
}
