/**
 * The data of an explanation. Everything here is plain JSON (strings, numbers, arrays, records):
 * `check -o json` prints it as it is, the studio can post it between workers, and renderers in
 * render/ put it into words. Every reason and hint discriminates on `code`.
 */
import type { CheckVerdict } from '../engine/check.js';
import type { CniProfile } from '../engine/compile.js';
import type { IsolationState } from '../engine/evaluate.js';
import type { PathSegment, SourcePosition } from '../model/source.js';
import type {
  ContainerPort,
  Direction,
  LabelRequirement,
  LabelSelector,
  Labels,
  PolicyType,
  Protocol,
  RuleAction,
  WorkloadKind,
} from '../model/types.js';

/** Ports per protocol in the matrix contract's form; an entry without `ports` is every port. */
export type PortRanges = readonly {
  readonly protocol: Protocol;
  readonly ports?: readonly (readonly [number, number])[];
}[];

/** Where something is written: the field path inside its object and the resolved file position. */
export interface Location {
  readonly path: readonly PathSegment[];
  readonly source: SourcePosition;
}

/**
 * A policy named in an explanation, with where it starts: a NetworkPolicy (`namespace/name`), or a
 * cluster-scoped admin policy (`anp/NAME`, `banp/NAME`, `cnp/NAME`) with its tier and priority.
 */
export interface PolicyRef {
  readonly id: string;
  readonly kind: string;
  /** Absent for cluster-scoped policies. */
  readonly namespace?: string;
  readonly name: string;
  readonly tier?: 'admin' | 'baseline';
  readonly priority?: number;
  readonly source: SourcePosition;
}

/** One side of a connection. */
export type PartyRef =
  | {
      readonly type: 'pod';
      readonly id: string;
      readonly kind: WorkloadKind;
      readonly namespace: string;
      readonly name: string;
      readonly labels: Labels;
      readonly hostNetwork: boolean;
      readonly ips: readonly string[];
    }
  | { readonly type: 'external'; readonly id: string; readonly address: string };

/** One requirement of a label selector that an object's labels do not satisfy. */
export interface SelectorFailure {
  /** A `matchLabels` entry reads as `key In (value)`. */
  readonly requirement: LabelRequirement;
  readonly field: 'matchLabels' | 'matchExpressions';
  /** The object's value for the key, `null` when it has no such label. */
  readonly actual: string | null;
  readonly at: Location;
}

/** Why a peer (`from`/`to` item) matches the other side of the connection, or does not. */
export type PeerReason =
  | {
      /** Every selector of the peer holds. */
      readonly code: 'PEER_MATCHES';
      /** The Cilium endpoint selector as written (`fromEndpoints[i]`), when the peer is one. */
      readonly endpointSelector?: LabelSelector;
      /** `policy-namespace` when the peer has no namespaceSelector. */
      readonly namespaceScope: 'policy-namespace' | 'selector';
      readonly namespace: string;
      readonly namespaceSelector: LabelSelector | null;
      readonly podSelector: LabelSelector | null;
      readonly pod: string;
    }
  | {
      readonly code: 'PEER_NAMESPACE_MISMATCH';
      /** The Cilium endpoint selector as written (`fromEndpoints[i]`), when the peer is one. */
      readonly endpointSelector?: LabelSelector;
      readonly selector: LabelSelector;
      readonly namespace: string;
      /** The labels of the peer's namespace the selector was compared with. */
      readonly labels: Labels;
      readonly failures: readonly SelectorFailure[];
      /** Namespaces of the input the selector selects (empty: it selects none). */
      readonly selects: readonly string[];
      readonly at: Location;
    }
  | {
      readonly code: 'PEER_POD_MISMATCH';
      /** The Cilium endpoint selector as written (`fromEndpoints[i]`), when the peer is one. */
      readonly endpointSelector?: LabelSelector;
      readonly selector: LabelSelector;
      readonly pod: string;
      readonly labels: Labels;
      readonly failures: readonly SelectorFailure[];
      readonly at: Location;
    }
  | {
      /** A peer with only a podSelector selects pods of the policy's own namespace. */
      readonly code: 'PEER_NOT_IN_POLICY_NAMESPACE';
      /** The Cilium endpoint selector as written (`fromEndpoints[i]`), when the peer is one. */
      readonly endpointSelector?: LabelSelector;
      readonly policyNamespace: string;
      readonly namespace: string;
      readonly pod: string;
      readonly at: Location;
    }
  | {
      /** Pod and namespace selectors never select a hostNetwork pod. */
      readonly code: 'PEER_HOST_NETWORK';
      readonly pod: string;
      readonly at: Location;
    }
  | {
      /** Pod and namespace selectors select pods; the other side is an address outside the cluster. */
      readonly code: 'PEER_EXTERNAL';
      readonly address: string;
      /** Under Cilium: what the address is (the subject's own node, another node, the world). */
      readonly identity?: 'host' | 'remote-node' | 'world';
      readonly at: Location;
    }
  | {
      readonly code: 'IPBLOCK_MATCHES';
      readonly cidr: string;
      readonly except: readonly string[];
      readonly address: string;
      readonly at: Location;
    }
  | {
      readonly code: 'IPBLOCK_MISMATCH';
      readonly cidr: string;
      readonly addresses: readonly string[];
      readonly at: Location;
    }
  | {
      /** The address is in `cidr` but also in one of its `except` blocks. */
      readonly code: 'IPBLOCK_EXCEPTED';
      readonly cidr: string;
      readonly except: string;
      readonly address: string;
      readonly at: Location;
    }
  | {
      /** The CNI profile's ipBlocks never match pod addresses (Cilium). */
      readonly code: 'IPBLOCK_POD_IP_IGNORED';
      readonly cni: CniProfile;
      readonly pod: string;
      readonly at: Location;
    }
  | {
      /** The pod has no known IP (templates, unscheduled pods), so no ipBlock can hold it. */
      readonly code: 'IPBLOCK_NO_POD_IP';
      readonly pod: string;
      readonly at: Location;
    }
  | {
      /** An admin `nodes` peer: the addresses of the selected Node objects hold the party's address. */
      readonly code: 'PEER_NODES_MATCH' | 'PEER_NODES_MISMATCH';
      readonly addresses: readonly string[];
      readonly at: Location;
    }
  | {
      /** A Cilium entity (`world`, `host`, `remote-node`, …) and whether the party is one. */
      readonly code: 'PEER_ENTITY';
      readonly entity: string;
      /** What the party is to Cilium: a pod, the subject's own node, another node, the world. */
      readonly party: 'pod' | 'host' | 'remote-node' | 'world';
      readonly matched: boolean;
      readonly at: Location;
    }
  | {
      /** FQDN peers: which addresses they stand for is decided at run time (DNS), never statically. */
      readonly code: 'PEER_DOMAIN_NAMES';
      readonly names: readonly string[];
      /** The field the names are written in: `domainNames` (admin), `toFQDNs` (Cilium). */
      readonly field?: string;
      readonly at: Location;
    }
  | {
      /**
       * A peer with no field kubereach knows (a newer API version): it fails closed, matching
       * nothing in an allow rule and everything in a deny or pass rule (`failClosed`).
       */
      readonly code: 'PEER_UNKNOWN';
      readonly fields: readonly string[];
      readonly failClosed: boolean;
      readonly at: Location;
    };

/** Why a port entry of a rule matches the probed port, or does not. */
export type PortReason =
  | {
      readonly code: 'PORT_MATCHES';
      readonly port: number;
      readonly protocol: Protocol;
      /** As written: a number, a port name, or `null` for every port of the protocol. */
      readonly rulePort: number | string | null;
      readonly endPort?: number;
      /** Where the destination pod declares a named port. */
      readonly pod?: string;
      readonly at: Location;
    }
  | {
      readonly code: 'PORT_MISMATCH';
      readonly port: number;
      readonly protocol: Protocol;
      readonly rulePort: number;
      readonly endPort?: number;
      readonly at: Location;
    }
  | {
      readonly code: 'PROTOCOL_MISMATCH';
      readonly port: number;
      readonly protocol: Protocol;
      readonly ruleProtocol: Protocol;
      readonly rulePort: number | string | null;
      readonly endPort?: number;
      readonly at: Location;
    }
  | {
      readonly code: 'NAMED_PORT_NOT_DECLARED';
      readonly name: string;
      readonly protocol: Protocol;
      readonly pod: string;
      /** The ports the destination pod declares. */
      readonly declared: readonly ContainerPort[];
      readonly at: Location;
    }
  | {
      /** The destination declares the name, for another number than the probed port. */
      readonly code: 'NAMED_PORT_OTHER_NUMBER';
      readonly name: string;
      readonly protocol: Protocol;
      readonly pod: string;
      readonly resolved: number;
      readonly port: number;
      readonly at: Location;
    }
  | {
      /** Named ports resolve against pods; an address outside the cluster has none. */
      readonly code: 'NAMED_PORT_EXTERNAL';
      readonly name: string;
      readonly protocol: Protocol;
      readonly address: string;
      readonly at: Location;
    }
  | {
      /** Without a probed port: the entry as written (a number, a range, or every port). */
      readonly code: 'PORT_LISTED';
      readonly protocol: Protocol;
      readonly rulePort: number | null;
      readonly endPort?: number;
      readonly at: Location;
    }
  | {
      /** Without a probed port: a named port and the number it resolves to on the destination. */
      readonly code: 'NAMED_PORT_RESOLVES';
      readonly name: string;
      readonly protocol: Protocol;
      readonly pod: string;
      readonly resolved: number;
      readonly at: Location;
    };

/** One `from`/`to` item of a rule against the other side of the connection. */
export interface PeerExplanation {
  readonly index: number;
  readonly at: Location;
  readonly matched: boolean;
  /** `PEER_MATCHES` or `IPBLOCK_MATCHES` when it matches; otherwise every way it fails. */
  readonly reasons: readonly PeerReason[];
}

/** The `from`/`to` of a rule against the other side of the connection. */
export interface PeerOutcome {
  readonly matched: boolean;
  /** True when the rule has no `from`/`to`: it matches every peer, cluster-external included. */
  readonly all: boolean;
  /** Index of the first matching item. */
  readonly matchedIndex: number | null;
  readonly peers: readonly PeerExplanation[];
}

/** One `ports` item of a rule against the probed port. */
export interface PortExplanation {
  readonly index: number;
  readonly at: Location;
  /** `null` without a probed port. */
  readonly matched: boolean | null;
  readonly reason: PortReason;
}

/** The `ports` of a rule against the probed port. */
export interface PortOutcome {
  /** Whether the probed port is open; without a probed port, whether the rule opens any. */
  readonly matched: boolean;
  /** True when the rule has no `ports`: it matches every port of every protocol. */
  readonly all: boolean;
  /** What the rule opens towards this destination (named ports resolved). */
  readonly opens: PortRanges;
  readonly ports: readonly PortExplanation[];
}

/** Why a rule allows or not: peer and port both match, or which of them does not. */
export type RuleCode = 'RULE_ALLOWS' | 'RULE_PEER_MISMATCH' | 'RULE_PORT_MISMATCH' | 'RULE_MISMATCH';

/** One rule of a selecting policy, for this direction. */
export interface RuleExplanation {
  readonly direction: Direction;
  readonly index: number;
  /** The rule's name (admin policies may name their rules). */
  readonly name?: string;
  /** What the rule does with what it matches (NetworkPolicy rules always allow). */
  readonly action: RuleAction;
  readonly at: Location;
  /** Peer and port both match: for an allow rule, it allows. */
  readonly allows: boolean;
  /** `RULE_MISMATCH`: neither the peer nor the port matches. */
  readonly code: RuleCode;
  readonly peers: PeerOutcome;
  readonly ports: PortOutcome;
  /** A Cilium rule: its section, whether it is `- {}` (allows nothing), its L7 protocol. */
  readonly cilium?: {
    readonly section: string;
    readonly empty: boolean;
    readonly l7?: string;
  };
}

/** What a selecting policy contributes: an allowing rule, no rules at all, or no allowing rule. */
export type PolicyCode =
  | 'POLICY_ALLOWS'
  | 'POLICY_NO_RULES'
  | 'POLICY_NO_RULE_ALLOWS'
  /** An admin or baseline policy with a rule that matches the connection (see `tiers` for what it did). */
  | 'POLICY_RULE_MATCHES'
  /** An admin or baseline policy none of whose rules matches. */
  | 'POLICY_NO_RULE_MATCHES';

/** A policy that selects the subject for the direction, and what its rules say. */
export interface PolicyExplanation {
  readonly policy: PolicyRef;
  /** `POLICY_NO_RULES`: it isolates and has no rule for the direction (deny-all). */
  readonly code: PolicyCode;
  /** The policy's podSelector (it selects the subject); `{}` for an admin subject without one. */
  readonly podSelector: LabelSelector;
  readonly at: Location;
  readonly rules: readonly RuleExplanation[];
}

/**
 * A policy that does not take part but looks meant to: the likeliest place for a fix when a
 * direction denies, or a warning when rules are silently ignored.
 */
export type NearMiss =
  | {
      /** In the subject's namespace, with a rule that would allow, but its podSelector does not select the subject. */
      readonly code: 'POLICY_DOES_NOT_SELECT';
      readonly policy: PolicyRef;
      readonly selector: LabelSelector;
      readonly pod: string;
      readonly labels: Labels;
      readonly failures: readonly SelectorFailure[];
      /** Indices of the rules that would allow the connection. */
      readonly rules: readonly number[];
      readonly at: Location;
    }
  | {
      /** Selects the subject and has rules for the direction, but policyTypes leaves the direction out. */
      readonly code: 'POLICY_TYPES_EXCLUDE';
      readonly policy: PolicyRef;
      readonly direction: Direction;
      readonly policyTypes: readonly PolicyType[];
      readonly ruleCount: number;
      readonly at: Location;
    }
  | {
      /** A policy in another namespace whose selector and rules fit; policies apply only to their own namespace. */
      readonly code: 'POLICY_IN_OTHER_NAMESPACE';
      readonly policy: PolicyRef;
      readonly namespace: string;
      readonly rules: readonly number[];
      readonly at: Location;
    };

/** A classic mistake that likely explains a verdict, with the line to change. */
export type Hint =
  | {
      /**
       * A selector asks for `key: value` and the object carries `value` under another key (most
       * often `name: X` where namespaces carry `kubernetes.io/metadata.name: X`).
       */
      readonly code: 'LABEL_KEY_DIFFERS';
      readonly target: 'namespace' | 'pod';
      readonly object: string;
      readonly key: string;
      readonly value: string;
      readonly suggestedKey: string;
      readonly at: Location;
    }
  | {
      /** No object of the input carries the label key the selector asks for. */
      readonly code: 'LABEL_NOT_CARRIED';
      readonly target: 'namespace' | 'pod';
      readonly key: string;
      /** The closest key that objects do carry, if any is close. */
      readonly closestKey: string | null;
      /** A label an object carries that the selector could ask for instead. */
      readonly suggestion: { readonly object: string; readonly key: string; readonly value: string } | null;
      readonly object: string;
      readonly at: Location;
    }
  | {
      /** The object carries the key with a value one or two edits away (a typo). */
      readonly code: 'LABEL_VALUE_CLOSE';
      readonly target: 'namespace' | 'pod';
      readonly object: string;
      readonly key: string;
      readonly value: string;
      readonly actual: string;
      readonly at: Location;
    }
  | {
      /**
       * A podSelector without namespaceSelector that selects the peer pod's labels, but the pod
       * lives in another namespace.
       */
      readonly code: 'POD_SELECTOR_NAMESPACE_LOCAL';
      /** The Cilium endpoint selector as written (`fromEndpoints[i]`), when the peer is one. */
      readonly endpointSelector?: LabelSelector;
      readonly policyNamespace: string;
      readonly namespace: string;
      readonly at: Location;
    }
  | {
      /**
       * One item with both selectors requires both (AND); only one holds, the item selects no
       * pod of the input, and as separate items (OR) it would match.
       */
      readonly code: 'PEER_AND_NOT_OR';
      readonly holds: 'namespaceSelector' | 'podSelector';
      readonly at: Location;
    }
  | {
      /**
       * Allowed by a namespaceSelector-only item written next to a podSelector-only item (OR);
       * as one item (AND) the podSelector would have to hold too, and it does not.
       */
      readonly code: 'PEERS_OR_NOT_AND';
      readonly direction: Direction;
      readonly namespacePeer: number;
      readonly podPeer: number;
      readonly at: Location;
    }
  | {
      /** A named port declared for another protocol. */
      readonly code: 'NAMED_PORT_OTHER_PROTOCOL';
      readonly name: string;
      readonly protocol: Protocol;
      readonly declaredProtocol: Protocol;
      readonly pod: string;
      readonly at: Location;
    }
  | {
      /** A probe to a Service port that does not exist, when the service exposes others. */
      readonly code: 'SERVICE_PORT_CHOICE';
      readonly service: string;
      readonly port: number | string;
      readonly ports: readonly number[];
      /** The Service port whose targetPort is the port asked for (the pods' port, not the Service's). */
      readonly targetOf?: number;
      /** False when no port was given (curl's 80 was assumed); absent when not known. */
      readonly portGiven?: boolean;
    };

/** Why a direction allows or denies, in one code. */
export type DirectionCode =
  /** An admin-tier rule decided (AdminNetworkPolicy, ClusterNetworkPolicy tier Admin). */
  | 'ADMIN_ALLOWS'
  | 'ADMIN_DENIES'
  /** A baseline-tier rule decided (BaselineAdminNetworkPolicy, ClusterNetworkPolicy tier Baseline). */
  | 'BASELINE_ALLOWS'
  | 'BASELINE_DENIES'
  /** A namespace-tier deny rule decided (deny beats allow). */
  | 'NAMESPACE_DENIES'
  | 'NOT_ISOLATED'
  | 'HOST_NETWORK'
  /** Ingress from the subject's own node: Cilium always admits it (allow-localhost). */
  | 'OWN_NODE'
  | 'EXTERNAL'
  | 'RULE_ALLOWS'
  /** Isolated by policies none of which has a rule for this direction. */
  | 'NO_RULES'
  /** No rule's peers include the other side. */
  | 'NO_PEER_MATCH'
  /** Some rule's peers include the other side, but no such rule opens the port. */
  | 'NO_PORT_MATCH';

/** One direction of a connection: egress of the source or ingress of the destination. */
export interface DirectionExplanation {
  readonly direction: Direction;
  /** The party whose policies apply (source for egress, destination for ingress). */
  readonly subject: PartyRef;
  /** The other side: the peer the rules are compared with. */
  readonly peer: PartyRef;
  readonly state: IsolationState;
  readonly code: DirectionCode;
  /** Whether the probed port is allowed; without a probed port, whether anything is. */
  readonly allowed: boolean;
  readonly allowedConns: PortRanges;
  /** Namespace-tier policies that select the subject for this direction, in input order. */
  readonly policies: readonly PolicyExplanation[];
  /** Admin and baseline policies whose subject selects the subject, in evaluation order. */
  readonly tieredPolicies: readonly PolicyExplanation[];
  /** The walk through the tiers: what decided each port range, in evaluation order. */
  readonly tiers: readonly TierStep[];
  /** The tier whose decision stands for the probed port (or, without one, for most ports). */
  readonly decidedBy: TierStep['tier'];
  /** Same-priority policies that match the same ports differently (undefined upstream). */
  readonly ties: readonly TieExplanation[];
  /**
   * True when the verdict is decided at run time, not here: a rule with FQDN peers could change
   * it, or an L7 rule (Cilium `http`, `dns`, `kafka`) allows the port and judges each request.
   */
  readonly undecidable: boolean;
  /** The L7 rules that allow the probed port (allowed at L4; each request judged at run time). */
  readonly l7: readonly { readonly type: string; readonly matches: readonly string[] }[];
  /**
   * The rules with FQDN peers (Cilium `toFQDNs`, admin `domainNames`) that could change the
   * verdict of the probed port if DNS answered with this address; absent when none.
   */
  readonly fqdn?: readonly FqdnRule[];
  /**
   * Fields of Cilium policies selecting the subject in this direction that kubereach does not
   * evaluate (`toServices`, `fromRequires`, …): the verdict may differ on the cluster. Absent
   * when none.
   */
  readonly unmodelled?: readonly UnmodelledField[];
  /**
   * Under the Cilium profile: what each side is to Cilium (a pod, the subject's own node, another
   * node, the world; `apiServer` for the API server's addresses), and CiliumNetworkPolicies
   * whose endpointSelector names a namespace, which Cilium replaces by the policy's own.
   */
  readonly cilium?: {
    readonly subject: CiliumIdentityRef;
    readonly peer: CiliumIdentityRef;
    readonly selectorNamespaces: readonly SelectorNamespaceNote[];
  };
  readonly nearMisses: readonly NearMiss[];
  readonly hints: readonly Hint[];
}

/**
 * One step of the walk through the tiers: a rule that decided (or passed on) a range of ports,
 * the namespace tier's isolation denying what no rule allows, or the default allow.
 */
export interface TierStep {
  readonly tier: 'admin' | 'namespace' | 'baseline' | 'default';
  readonly action: RuleAction;
  /** `rule`: a rule decided; `isolated`: isolated, no allow rule holds these ports; `default`: no tier decided. */
  readonly cause: 'rule' | 'isolated' | 'default';
  readonly conns: PortRanges;
  /** With a probed port, whether this step holds it; `null` without one. */
  readonly holdsQuery: boolean | null;
  readonly policy: PolicyRef | null;
  readonly rule: {
    readonly index: number;
    readonly name: string | null;
    readonly at: Location;
  } | null;
}

/** Policies of one tier and priority that match the same ports with different actions. */
export interface TieExplanation {
  readonly tier: 'admin' | 'baseline';
  readonly priority: number;
  readonly conns: PortRanges;
  /** The policy whose rule kubereach applied (its documented order: kind, then name). */
  readonly applied: PolicyRef;
  readonly others: readonly PolicyRef[];
}

/** The probed port: explanations without one describe which ports rules open instead. */
export interface PortQuery {
  readonly port: number;
  readonly protocol: Protocol;
}

/** One pod-to-pod (or pod-to-address) connection, both directions. */
export interface ConnectionExplanation {
  readonly src: PartyRef;
  readonly dst: PartyRef;
  readonly query: PortQuery | null;
  readonly allowed: boolean;
  /** A pod talking to itself is always allowed, whatever the policies say. */
  readonly self: boolean;
  readonly allowedConns: PortRanges;
  readonly egress: DirectionExplanation;
  readonly ingress: DirectionExplanation;
}

/** What happens before policies: Service translation and port resolution. */
export type CheckReason =
  | {
      readonly code: 'SERVICE_HOP';
      readonly service: string;
      /** The address or name the connection was made to. */
      readonly address: string;
      readonly port: number;
      readonly protocol: Protocol;
      readonly portName: string | null;
      readonly targetPort: number | string;
      readonly endpoints: readonly { readonly pod: string; readonly targetPort: number | null }[];
      readonly at: Location;
    }
  | {
      readonly code: 'NO_SUCH_SERVICE_PORT';
      readonly service: string;
      readonly port: number | string;
      readonly protocol: Protocol;
      readonly ports: readonly {
        readonly port: number;
        readonly protocol: Protocol;
        readonly name: string | null;
      }[];
      readonly at: Location;
    }
  | {
      readonly code: 'NO_ENDPOINTS';
      readonly service: string;
      /** `null`: the service has no selector (endpoints managed by hand). */
      readonly selector: Labels | null;
      readonly at: Location;
    }
  | {
      readonly code: 'TARGET_PORT_NOT_DECLARED';
      readonly service: string;
      readonly targetPort: string;
      readonly protocol: Protocol;
      readonly pods: readonly string[];
      readonly at: Location;
    }
  | {
      /** The source stands for no pod (a Service that selects none). */
      readonly code: 'NO_SOURCE_PODS';
      readonly source: string;
    }
  | {
      readonly code: 'NO_SUCH_NAMED_PORT';
      readonly name: string;
      readonly protocol: Protocol;
      readonly pods: readonly string[];
    };

/** Probes whose explanations read the same, shown once. */
export interface ProbeGroup {
  /** Indices into `CheckExplanation.probes`; the first one stands for the group. */
  readonly probes: readonly number[];
}

/** The explanation of a `check`: what happened before policies, then every probe. */
export interface CheckExplanation {
  readonly verdict: CheckVerdict;
  readonly allowed: boolean;
  readonly src: string;
  readonly dst: string;
  readonly port: number | string;
  readonly protocol: Protocol;
  readonly reasons: readonly CheckReason[];
  /**
   * False when what is judged at run time (an L7 rule, an FQDN peer) could change the verdict:
   * `allowed` is then the L3/L4 answer only. A probe one direction denies outright stays decided.
   */
  readonly decidable: boolean;
  readonly probes: readonly ConnectionExplanation[];
  readonly groups: readonly ProbeGroup[];
  /** Every hint of every probe and of the Service hop, without duplicates. */
  readonly hints: readonly Hint[];
}

/** A rule whose FQDN peers decide at run time, with the names or patterns it lists. */
export interface FqdnRule {
  readonly policy: PolicyRef;
  readonly at: Location;
  readonly names: readonly string[];
}

/**
 * A field of a Cilium policy kubereach reads but does not evaluate, on a verdict it could
 * change: the policy, the field's path, and what kubereach assumed in its place.
 */
export interface UnmodelledField {
  readonly policy: PolicyRef;
  /** `spec.egress[0].toServices` */
  readonly path: string;
  readonly severity: 'warning' | 'info';
  readonly assumed: string;
  readonly source?: SourcePosition;
}

/** An unmodelled field on the matrix: the nodes whose connections in `direction` it could change. */
export interface MatrixCaveat {
  readonly field: UnmodelledField;
  readonly direction: Direction;
  /** Ids of the matrix nodes holding pods the rule selects. */
  readonly parties: readonly string[];
}

/** What one side of a connection is to Cilium. */
export interface CiliumIdentityRef {
  readonly relation: 'pod' | 'host' | 'remote-node' | 'world';
  /** The node's name, for a node address or a hostNetwork pod on a known node. */
  readonly node?: string;
  readonly apiServer: boolean;
}

/**
 * A CiliumNetworkPolicy endpointSelector that names a namespace (`k8s:io.kubernetes.pod.namespace`):
 * Cilium replaces it by the policy's namespace, so the policy selects in its own namespace only.
 */
export interface SelectorNamespaceNote {
  readonly policy: PolicyRef;
  readonly at: Location;
  /** The namespace written in the selector. */
  readonly written: string;
  /** The namespace the policy selects in (its own). */
  readonly namespace: string;
}
