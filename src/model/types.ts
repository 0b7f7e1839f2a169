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

/**
 * A cluster node: its labels (for admin `nodes` peers) and its addresses
 * (`status.addresses` of type InternalIP and ExternalIP).
 */
export interface ClusterNode {
  readonly kind: 'Node';
  readonly name: string;
  readonly labels: Labels;
  readonly addresses: readonly string[];
  readonly source: SourceRef;
}

/** What a rule of a tiered policy does with the traffic it matches. */
export type RuleAction = 'allow' | 'deny' | 'pass';

/** The kinds of policy.networking.k8s.io (cluster-scoped admin policies). */
export type AdminPolicyKind = 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy' | 'ClusterNetworkPolicy';

/**
 * The pods an admin policy applies to. `namespaces`: every pod of the selected namespaces;
 * `pods`: namespaceSelector AND podSelector. hostNetwork pods are never selected.
 */
export type AdminSubject =
  | { readonly type: 'namespaces'; readonly namespaceSelector: LabelSelector }
  | { readonly type: 'pods'; readonly namespaceSelector: LabelSelector; readonly podSelector: LabelSelector };

/**
 * A peer of an admin rule. `pods` with an absent namespaceSelector (v1alpha2) selects in every
 * namespace (the normalizer writes `{}`). `networks` match pod IPs too; `nodes` match the
 * addresses of the selected Node objects; `domainNames` cannot be decided statically;
 * `unknown` is a peer with no field kubereach knows: it fails closed (an allow rule matches
 * nothing through it, a deny or pass rule matches everything).
 */
export type AdminPeer =
  | { readonly type: 'namespaces'; readonly namespaceSelector: LabelSelector; readonly index: number }
  | {
      readonly type: 'pods';
      readonly namespaceSelector: LabelSelector;
      readonly podSelector: LabelSelector;
      readonly index: number;
    }
  | { readonly type: 'nodes'; readonly nodeSelector: LabelSelector; readonly index: number }
  | { readonly type: 'networks'; readonly cidrs: readonly string[]; readonly index: number }
  | { readonly type: 'domainNames'; readonly domainNames: readonly string[]; readonly index: number }
  | { readonly type: 'unknown'; readonly fields: readonly string[]; readonly index: number };

/**
 * A port of an admin rule: a number, a range (`endPort`, inclusive) or a named port. A named
 * port has no protocol of its own (`protocol: null`): it resolves on the destination pod with
 * the protocol that pod declares for the name.
 */
export interface AdminPort {
  readonly protocol: Protocol | null;
  readonly port: number | string;
  readonly endPort?: number;
  readonly index: number;
}

export interface AdminRule {
  readonly index: number;
  readonly name?: string;
  readonly action: RuleAction;
  /** Never empty (the CRDs require at least one peer). */
  readonly peers: readonly AdminPeer[];
  /** `null`: every port of every protocol. */
  readonly ports: readonly AdminPort[] | null;
}

/**
 * An AdminNetworkPolicy, BaselineAdminNetworkPolicy (v1alpha1) or ClusterNetworkPolicy
 * (v1alpha2), normalized to one shape. Cluster-scoped: `id` is `anp/NAME`, `banp/NAME` or
 * `cnp/NAME`.
 */
export interface AdminPolicy {
  readonly kind: AdminPolicyKind;
  readonly apiVersion: string;
  readonly id: string;
  readonly name: string;
  readonly tier: 'admin' | 'baseline';
  /** 0–1000, lower first. A BaselineAdminNetworkPolicy has none: kubereach orders it last (1001). */
  readonly priority: number;
  readonly subject: AdminSubject;
  readonly ingress: readonly AdminRule[];
  readonly egress: readonly AdminRule[];
  readonly source: SourceRef;
}

/** Everything kubereach evaluates: the validated, defaulted cluster state and policies. */
export interface Cluster {
  readonly namespaces: ReadonlyMap<string, Namespace>;
  readonly endpoints: readonly Endpoint[];
  readonly workloads: readonly Workload[];
  readonly services: readonly Service[];
  readonly policies: readonly NetworkPolicy[];
  /** AdminNetworkPolicies, BaselineAdminNetworkPolicies and ClusterNetworkPolicies. */
  readonly adminPolicies: readonly AdminPolicy[];
  readonly nodes: readonly ClusterNode[];
  readonly diagnostics: readonly Diagnostic[];
  readonly locator: SourceLocator;
}
