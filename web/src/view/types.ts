/**
 * The studio's view data: plain, serializable records that the engine worker sends to the page.
 * Nothing here holds functions or class instances, so it crosses `postMessage` unchanged.
 */
import type { ConnSet } from '../../../src/engine/port-set.js';
import type { Labels, PolicyType, Protocol } from '../../../src/model/types.js';

/** A position in one of the workspace's files, 1-based. */
export interface SourceLink {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** How many of a node's pods are isolated for a direction. */
export type Coverage = 'none' | 'some' | 'all';

/** A workload, a pod or an external address block, as the graph and the matrix show it. */
export interface NodeInfo {
  readonly id: string;
  /** `Pod`, a workload kind, `External`, or `Entity` (a Cilium entity a rule names: `host`, …). */
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly labels: Labels;
  readonly cidrs?: readonly string[];
  /** Number of pods (or pod templates) the node stands for. */
  readonly pods: number;
  readonly ips: readonly string[];
  /** Isolation for ingress: `all` when every pod is selected by an ingress policy. */
  readonly ingress: Coverage;
  readonly egress: Coverage;
  readonly source?: SourceLink;
}

export interface NamespaceInfo {
  readonly name: string;
  readonly labels: Labels;
  /** Referenced but not declared in the input. */
  readonly implicit: boolean;
  readonly source?: SourceLink;
}

/** An allowed connection between two nodes: the ports allowed from `src` to `dst`. */
export interface EdgeInfo {
  readonly src: string;
  readonly dst: string;
  readonly conns: ConnSet;
  /** The ports of `conns` a Cilium L7 rule governs: allowed at L4, each request judged at run time. */
  readonly l7?: ConnSet;
}

/** Everything the graph is drawn from, before filters and collapsing. */
export interface GraphModel {
  readonly namespaces: readonly NamespaceInfo[];
  readonly nodes: readonly NodeInfo[];
  readonly edges: readonly EdgeInfo[];
}

export interface PolicyInfo {
  /** `namespace/name`; a cluster-scoped policy's own id. */
  readonly id: string;
  /** `''` for a cluster-scoped policy. */
  readonly namespace: string;
  /** For policies other than NetworkPolicy: AdminNetworkPolicy, CiliumNetworkPolicy, … */
  readonly kind?: string;
  /**
   * For policies other than NetworkPolicy: the tier the engine walks it in, and (admin and
   * baseline tiers) its priority there; Cilium policies share the namespace tier.
   */
  readonly tier?: 'admin' | 'namespace' | 'baseline';
  readonly priority?: number;
  readonly name: string;
  readonly policyTypes: readonly PolicyType[];
  readonly enabled: boolean;
  /** Pods the policy selects right now. */
  readonly selects: number;
  readonly source: SourceLink;
}

export interface DiagnosticInfo {
  /** The lint rule id for a lint finding, else the diagnostic code. */
  readonly code: string;
  /** Set for lint findings: the rule that reported it. */
  readonly rule?: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  readonly hint?: string;
  readonly source?: SourceLink;
}

/** A connection query: from → to : port/protocol, endpoints as the CLI spells them. */
export interface ProbeQuery {
  readonly src: string;
  readonly dst: string;
  /** A number, a port name, or undefined for curl's default (80). */
  readonly port?: number | string;
  readonly protocol: Protocol;
  /**
   * Pick the port instead: the first one the pair allows within `filter` (80/TCP first, as curl),
   * or the filter's first port when the pair allows none.
   */
  readonly choosePort?: { readonly filter: ConnSet | null };
}
