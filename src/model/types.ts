import type { Diagnostic } from './diagnostics.js';
import type { PathSegment, SourceLocator, SourceRef } from './source.js';

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
  /** The node the pod runs on (`spec.nodeName`); absent for templates and unscheduled pods. */
  readonly node?: string;
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

/**
 * Why a direction is or is not among a NetworkPolicy's effective policyTypes
 * (SetDefaults_NetworkPolicySpec): `LISTED`/`NOT_LISTED` in policyTypes as written; without
 * policyTypes, ingress is `IMPLIED`, egress `IMPLIED_BY_RULES` when spec.egress has a rule,
 * `EMPTY_LIST_NOT_IMPLIED` for `egress: []`, `NOT_IMPLIED` otherwise.
 */
export type PolicyTypeReason =
  | 'LISTED'
  | 'NOT_LISTED'
  | 'IMPLIED'
  | 'IMPLIED_BY_RULES'
  | 'EMPTY_LIST_NOT_IMPLIED'
  | 'NOT_IMPLIED';

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
  /** Why each direction is (or is not) among the effective policyTypes, per the API's defaulting. */
  readonly policyTypesReason: Readonly<Record<Direction, PolicyTypeReason>>;
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

/** The kinds of cilium.io/v2 policies. */
export type CiliumPolicyKind = 'CiliumNetworkPolicy' | 'CiliumClusterwideNetworkPolicy';

/**
 * Cilium's entities (pkg/policy/api/entity.go, the CRD's enum): peers named by what they are
 * rather than by labels or addresses.
 */
export type CiliumEntity =
  | 'all'
  | 'world'
  | 'cluster'
  | 'host'
  | 'remote-node'
  | 'kube-apiserver'
  | 'health'
  | 'init'
  | 'ingress'
  | 'unmanaged'
  | 'none';

export const CILIUM_ENTITIES: readonly CiliumEntity[] = [
  'all',
  'world',
  'cluster',
  'host',
  'remote-node',
  'kube-apiserver',
  'health',
  'init',
  'ingress',
  'unmanaged',
  'none',
];

/** The four rule sections of a Cilium rule. */
export type CiliumSection = 'ingress' | 'ingressDeny' | 'egress' | 'egressDeny';

/**
 * An L3 peer of a Cilium rule item. `endpoints`: an endpoint selector as written (label keys keep
 * their `k8s:`/`any:`/`reserved:` source prefix; the engine reads Cilium's identity labels);
 * `entity`; `cidr` (`fromCIDR`/`toCIDR` have no `except`); `fqdn` (`toFQDNs`: decided at run
 * time). `field` is the field the peer was written in and `index` its position there.
 */
export type CiliumPeer =
  | {
      readonly type: 'endpoints';
      readonly selector: LabelSelector;
      readonly field: string;
      readonly index: number;
    }
  | { readonly type: 'entity'; readonly entity: CiliumEntity; readonly field: string; readonly index: number }
  | {
      readonly type: 'cidr';
      readonly cidr: string;
      readonly except: readonly string[];
      readonly field: string;
      readonly index: number;
    }
  | {
      readonly type: 'fqdn';
      readonly matchName?: string;
      readonly matchPattern?: string;
      readonly field: string;
      readonly index: number;
    };

/**
 * A port of `toPorts[i].ports[j]`. `protocols`: TCP, UDP and SCTP for `ANY` or no protocol;
 * empty for protocols kubereach does not evaluate (ICMP, VRRP, IGMP). `port: null` is every
 * port (`"0"`); a string is a named port; `endPort` is inclusive.
 */
export interface CiliumPort {
  readonly protocols: readonly Protocol[];
  readonly port: number | string | null;
  readonly endPort?: number;
  readonly index: number;
}

/** L7 rules of a port rule: each request is judged by a proxy at run time. */
export interface CiliumL7 {
  readonly type: 'http' | 'dns' | 'kafka' | 'l7proto';
  /** What decides, in the rule's words (`GET /public`, `*.example.com`), for explanations. */
  readonly matches: readonly string[];
}

/** One `toPorts` entry: its ports (`null`: every port) and its L7 rules, if any. */
export interface CiliumPortRule {
  readonly index: number;
  readonly ports: readonly CiliumPort[] | null;
  readonly l7: CiliumL7 | null;
}

/**
 * One item of an `ingress`/`ingressDeny`/`egress`/`egressDeny` list. `peers: null` when no
 * peer field is written (the item applies to every peer, when it has `toPorts`); an explicitly
 * empty peer list (`fromEndpoints: []`) is `[]` and selects nothing. `toPorts: null`: every port.
 * `unmodelled` names the fields kubereach reads but does not evaluate (`toServices`,
 * `fromRequires`, `icmps`, …): verdicts they could change carry a warning.
 */
export interface CiliumRuleItem {
  readonly section: CiliumSection;
  readonly index: number;
  readonly peers: readonly CiliumPeer[] | null;
  readonly toPorts: readonly CiliumPortRule[] | null;
  /** True when the item has neither a peer field nor `toPorts` (`- {}`: it allows nothing). */
  readonly empty: boolean;
  readonly unmodelled: readonly string[];
}

/**
 * One rule of a Cilium policy: `spec`, or one entry of `specs` (`path` says which). Exactly one
 * of `endpointSelector` and `nodeSelector` is set (nodeSelector only in a clusterwide policy:
 * a host policy, which selects no pod). `defaultDeny` is `enableDefaultDeny` after Cilium's
 * defaulting: a direction isolates when set explicitly, else when it has an allow or deny item.
 */
export interface CiliumSpec {
  readonly path: readonly PathSegment[];
  readonly endpointSelector: LabelSelector | null;
  readonly nodeSelector: LabelSelector | null;
  readonly ingress: readonly CiliumRuleItem[];
  readonly ingressDeny: readonly CiliumRuleItem[];
  readonly egress: readonly CiliumRuleItem[];
  readonly egressDeny: readonly CiliumRuleItem[];
  readonly defaultDeny: { readonly ingress: boolean; readonly egress: boolean };
  /** True when `enableDefaultDeny` set the direction explicitly. */
  readonly defaultDenyExplicit: { readonly ingress: boolean; readonly egress: boolean };
  readonly description?: string;
}

/**
 * A CiliumNetworkPolicy (namespaced) or CiliumClusterwideNetworkPolicy, as Cilium parses it:
 * `spec` and `specs` flattened into `specs`. `id` is `cnp/NAMESPACE/NAME` or `ccnp/NAME`.
 */
export interface CiliumPolicy {
  readonly kind: CiliumPolicyKind;
  readonly id: string;
  /** `null` for a clusterwide policy. */
  readonly namespace: string | null;
  readonly name: string;
  readonly specs: readonly CiliumSpec[];
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
  /** CiliumNetworkPolicies and CiliumClusterwideNetworkPolicies. */
  readonly ciliumPolicies: readonly CiliumPolicy[];
  /**
   * The kube-apiserver's addresses, from the Endpoints or EndpointSlice of the Service
   * default/kubernetes (Cilium's `kube-apiserver` entity).
   */
  readonly apiServerAddresses: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
  readonly locator: SourceLocator;
}
