import type { MatrixNode } from '../engine/matrix.js';
import type { ConnSet } from '../engine/port-set.js';
import type { AnyPolicy } from '../engine/rules.js';
import type { SourcePosition } from '../model/source.js';
import type { Direction } from '../model/types.js';

/** The two versions a diff compares. */
export type Version = 'before' | 'after';

/** What happened to a pair of nodes: it gained its first ports, lost its last, or some of them. */
export type ChangeType = 'added' | 'removed' | 'changed';

/** What happened to a policy between the versions (by namespace and name). */
export type PolicyStatus = 'added' | 'removed' | 'modified' | 'unchanged';

/**
 * What a policy does to the changed ports of a connection. `allows` and `isolates` act in the
 * new version; `no-longer-allows` and `no-longer-isolates` describe the old version.
 */
/**
 * What a policy did to a change: its rule `allows` (or, before, allowed: `no-longer-allows`), it
 * `isolates` (or `no-longer-isolates`), or an admin or baseline rule `denies` (`no-longer-denies`).
 */
export type CauseEffect =
  | 'allows'
  | 'no-longer-allows'
  | 'isolates'
  | 'no-longer-isolates'
  | 'denies'
  | 'no-longer-denies';

/** A policy responsible for (part of) a connection change. */
export interface PolicyCause {
  /** The policy as it is in `version`. */
  readonly policy: AnyPolicy;
  /** The version the effect is observed in: `after` for allows/isolates, `before` otherwise. */
  readonly version: Version;
  readonly direction: Direction;
  readonly effect: CauseEffect;
  /** Whether the policy itself was added, removed or modified; `unchanged` when pods or labels moved. */
  readonly status: PolicyStatus;
  /** Indices of the rules (in `spec.ingress`/`spec.egress`) that allow(ed) the changed ports. */
  readonly rules: readonly number[];
  /**
   * The same rules by their path in the policy: `spec.ingress[0]`, and for Cilium policies the
   * section and spec (`spec.ingressDeny[0]`, `specs[1].egress[2]`).
   */
  readonly rulePaths: readonly string[];
  /** Where the policy (or its one deciding rule) is written in `version`. */
  readonly source: SourcePosition;
}

/** One pair of nodes whose allowed connections differ between the versions. */
export interface ConnectionChange {
  readonly type: ChangeType;
  readonly src: string;
  readonly dst: string;
  /** Allowed before (empty for `added`). */
  readonly before: ConnSet;
  /** Allowed after (empty for `removed`). */
  readonly after: ConnSet;
  /**
   * How many pairs of distinct pods (a pod and an address range counting as one) changed. At the
   * workload and namespace granularities `before` and `after` unite the ports of these pairs only.
   */
  readonly pairs?: number;
  /** The policies responsible, in a stable order; empty when only endpoints came or went. */
  readonly causes: readonly PolicyCause[];
}

/** A policy modified between the versions. */
export interface PolicyModification {
  readonly before: AnyPolicy;
  readonly after: AnyPolicy;
}

/** Connectivity differences between two versions of a cluster's manifests. */
export interface ConnectivityDiff {
  readonly granularity: 'pod' | 'workload' | 'namespace';
  /** Changed pairs, ordered by source then destination. */
  readonly changes: readonly ConnectionChange[];
  /** Nodes (pods, workloads or namespaces; never external nodes) only in one version. */
  readonly endpoints: { readonly added: readonly MatrixNode[]; readonly removed: readonly MatrixNode[] };
  /** Policies of every dialect added, removed or modified, whether or not they change connectivity. */
  readonly policies: {
    readonly added: readonly AnyPolicy[];
    readonly removed: readonly AnyPolicy[];
    readonly modified: readonly PolicyModification[];
  };
  /** Every node of either version (the new version's first), external address nodes included. */
  readonly nodes: readonly MatrixNode[];
}

/** True when the versions differ in connectivity or endpoints (what `diff` exits 1 for). */
export function hasDifferences(diff: ConnectivityDiff): boolean {
  return diff.changes.length > 0 || diff.endpoints.added.length > 0 || diff.endpoints.removed.length > 0;
}
