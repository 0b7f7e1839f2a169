import type {
  AdminPeer,
  AdminPolicy,
  AdminRule,
  CiliumEntity,
  CiliumL7,
  CiliumPeer,
  CiliumPolicy,
  CiliumRuleItem,
  Direction,
  LabelSelector,
  NetworkPolicy,
  PolicyPeer,
  PolicyRule,
  Protocol,
  RuleAction,
} from '../model/types.js';
import type { IpSet } from './ip-set.js';
import type { ConnSet } from './port-set.js';

/**
 * The rule model every policy dialect compiles to (design.md, "One rule model, three tiers,
 * every dialect"). The matcher (`match.ts`) decides whether a rule's subject, peers and ports
 * match; isolation (`isolation.ts`) which namespace-tier policies isolate a pod; the resolver
 * (`resolve.ts`) turns the matching rules of one direction into a verdict per port.
 */

/** Tiers in evaluation order. */
export type Tier = 'admin' | 'namespace' | 'baseline';
export const TIERS: readonly Tier[] = ['admin', 'namespace', 'baseline'];

/** The policy languages kubereach reads. */
export type Dialect = 'networkpolicy' | 'admin' | 'cilium';

/** A policy object of any dialect, as the model holds it. */
export type AnyPolicy = NetworkPolicy | AdminPolicy | CiliumPolicy;

/** A rule of any dialect, as the model holds it. */
export type AnyRule = PolicyRule | AdminRule | CiliumRuleItem;

/** A peer of any dialect, as the model holds it. */
export type AnyPeer = PolicyPeer | AdminPeer | CiliumPeer;

/**
 * The pods a policy applies to. `namespace` set: only pods of that namespace (NetworkPolicy);
 * `null`: any namespace whose labels `namespaceSelector` matches (admin policies). A `null`
 * selector matches everything. hostNetwork pods are never selected.
 */
export interface Subject {
  readonly namespace: string | null;
  readonly namespaceSelector: LabelSelector | null;
  readonly podSelector: LabelSelector | null;
}

/**
 * A compiled peer. `pods`: pods in the namespace `namespace` (when `namespaceSelector` is null)
 * or in the namespaces the selector matches, filtered by `podSelector` (null: all of them).
 * `ips`: addresses; whether they match pod IPs is `podIps` (`always` for admin `networks`
 * and `nodes`, `cni` for NetworkPolicy ipBlock — the CNI profile decides, `never` for Cilium
 * CIDR rules, which match neither pod nor node addresses). `domains`: FQDNs, which no static
 * analysis can resolve: they match nothing here, and verdicts they could change are marked
 * undecidable. `entity`: a Cilium entity (`world`, `host`, `remote-node`, …). `unknown`: fails
 * closed (see `AdminPeer`).
 */
export type CompiledPeer =
  | {
      readonly type: 'pods';
      readonly namespace: string;
      readonly namespaceSelector: LabelSelector | null;
      readonly podSelector: LabelSelector | null;
      readonly index: number;
      readonly source: AnyPeer;
    }
  | {
      readonly type: 'ips';
      readonly ips: IpSet;
      readonly podIps: 'always' | 'cni' | 'never';
      readonly index: number;
      readonly source: AnyPeer;
    }
  | {
      readonly type: 'domains';
      readonly names: readonly string[];
      readonly index: number;
      readonly source: AnyPeer;
    }
  | {
      readonly type: 'entity';
      readonly entity: CiliumEntity;
      readonly index: number;
      readonly source: AnyPeer;
    }
  | { readonly type: 'unknown'; readonly index: number; readonly source: AnyPeer };

/** A named port of a rule; `protocol: null` takes the protocol the destination declares. */
export interface NamedPort {
  readonly protocol: Protocol | null;
  readonly name: string;
}

/** One rule of one policy, in the shape every dialect shares. */
export interface CompiledRule {
  /** Index in `CompiledCluster.rules`. */
  readonly id: number;
  readonly dialect: Dialect;
  readonly policy: AnyPolicy;
  readonly tier: Tier;
  /** Precedence within the tier, lower first (0 for the namespace tier). */
  readonly priority: number;
  /**
   * Position in the tier's evaluation order for this direction: admin and baseline rules are
   * tried in ascending `order` (priority, then kubereach's documented tie order, then rule
   * order). Namespace-tier rules are unordered (a union); their `order` is input order.
   */
  readonly order: number;
  readonly direction: Direction;
  readonly action: RuleAction;
  readonly subject: Subject;
  /** The rule as written (its `index` is its position in `spec.ingress`/`spec.egress`). */
  readonly rule: AnyRule;
  /** `null`: every peer, cluster-external included. */
  readonly peers: readonly CompiledPeer[] | null;
  /** Ports fixed by number or range; `null` when the rule has no ports (every port). */
  readonly fixedPorts: ConnSet | null;
  /** Named ports, resolved per destination. */
  readonly namedPorts: readonly NamedPort[];
  /**
   * Cilium L7 rules on these ports (`http`, `dns`, `kafka`): allowed at L4, each request then
   * judged by a proxy at run time.
   */
  readonly l7?: CiliumL7;
}

/** One policy of any dialect, compiled. */
export interface CompiledPolicy {
  readonly dialect: Dialect;
  readonly policy: AnyPolicy;
  readonly tier: Tier;
  readonly priority: number;
  readonly subject: Subject;
  /**
   * Whether the policy isolates the pods it selects for this direction (namespace tier only:
   * admin and baseline policies never isolate; their rules decide or pass).
   */
  readonly ingress: boolean;
  readonly egress: boolean;
  readonly ingressRules: readonly CompiledRule[];
  readonly egressRules: readonly CompiledRule[];
}

/** The rules of a compiled policy for one direction. */
export function rulesOf(policy: CompiledPolicy, direction: Direction): readonly CompiledRule[] {
  return direction === 'ingress' ? policy.ingressRules : policy.egressRules;
}

/** Whether a compiled policy isolates its pods for one direction. */
export function isolatesIn(policy: CompiledPolicy, direction: Direction): boolean {
  return direction === 'ingress' ? policy.ingress : policy.egress;
}
