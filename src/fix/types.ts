import type { ConnectionChange } from '../diff/types.js';
import type { CheckResult, CheckVerdict, ProbeResult } from '../engine/check.js';
import type { CniProfile, CompiledCluster } from '../engine/compile.js';
import type { ConnSet } from '../engine/port-set.js';
import type { AnyPolicy } from '../engine/rules.js';
import type { Target } from '../engine/targets.js';
import type { PathSegment, SourcePosition, SourceRef } from '../model/source.js';
import type { Cluster, Direction, Protocol } from '../model/types.js';
import type { Edit } from './edit.js';

/** What the connection should be after the fix. */
export type Want = 'allowed' | 'denied';

/** One connection and what it should be, endpoints as the command line names them. */
export interface FixRequest {
  readonly src: string;
  readonly dst: string;
  readonly port: number | string;
  readonly protocol: Protocol;
  readonly want: Want;
  /** Namespace of endpoints written without one. */
  readonly namespace?: string;
}

/** Everything a strategy may look at: the cluster as it is and the connection as it is. */
export interface FixContext {
  readonly cluster: Cluster;
  readonly compiled: CompiledCluster;
  readonly request: FixRequest;
  readonly src: Target;
  readonly dst: Target;
  readonly result: CheckResult;
  /** The probes that do not meet the wish (denied ones for `allowed`, allowed ones for `denied`). */
  readonly failing: readonly ProbeResult[];
  /** The object as written (before defaulting), for edits that keep what the author wrote. */
  raw(ref: SourceRef): Readonly<Record<string, unknown>> | undefined;
  /** The file a new policy for `namespace` goes to: beside that namespace's policies. */
  fileFor(namespace: string, fallback: SourceRef): string;
}

/** A proposed edit before the engine has judged it. */
export interface Candidate {
  /** Id of the strategy that proposed it. */
  readonly strategy: string;
  /** Repairs what the author evidently meant (one label, selector, port, protocol, namespace or dash off). */
  readonly nearMiss: boolean;
  /** The direction the edit changes, when it changes one only (the other may need an edit too). */
  readonly side?: Direction;
  /** One line: what the edit does, naming the policy and field. */
  readonly title: string;
  /** The field the edit is about (for `file:line`), when it edits an existing object. */
  readonly at?: { readonly policy: AnyPolicy; readonly path: readonly PathSegment[] };
  readonly edits: readonly Edit[];
  /**
   * Connections of the target pair the edit is meant to change along with the asked port
   * (DNS on TCP along with UDP 53): changes to them are not side effects.
   */
  readonly companion?: ConnSet;
}

/** A fix strategy: one file under src/fix/strategies/, registered in src/fix/registry.ts. */
export interface FixStrategy {
  /** Kebab-case id, shown with each proposal. */
  readonly id: string;
  /** The wish it serves. */
  readonly want: Want;
  /** One line: which mistake it repairs or which edit it makes. */
  readonly summary: string;
  propose(ctx: FixContext): readonly Candidate[];
}

/** A changed text file of a proposal. */
export interface FileChange {
  readonly file: string;
  readonly before: string;
  readonly after: string;
}

/** A candidate judged by the engine on a copy of the input with the edit applied. */
export interface Proposal extends Candidate {
  /** True when the edit makes the connection what was asked. */
  readonly works: boolean;
  /** The verdict of the connection after the edit. */
  readonly after: CheckVerdict;
  /** Every other connection the edit changes (workload granularity). */
  readonly sideEffects: readonly ConnectionChange[];
  readonly files: readonly FileChange[];
  /** Where the edit is written (the edited field, or the end of the file a policy is added to). */
  readonly source?: SourcePosition;
  /** When it does not work: why, as a code. */
  readonly failure?: 'STILL_FAILS' | 'PARTIAL' | 'EDIT_NOT_APPLIED' | 'INPUT_ERRORS';
}

/** Why no proposal can change the connection at all. */
export type FixBlocker =
  | { readonly code: 'ALREADY'; readonly verdict: CheckVerdict }
  | { readonly code: 'NOT_A_POLICY_VERDICT'; readonly verdict: CheckVerdict; readonly reason?: string }
  | { readonly code: 'NO_POLICY_SIDE'; readonly detail: string }
  /**
   * An admin-tier rule decides first (Deny against `allowed`, Allow against `denied`): no
   * NetworkPolicy edit can change the verdict; only a cluster admin can.
   */
  | {
      readonly code: 'ADMIN_DECIDES';
      readonly kind: string;
      readonly policy: string;
      readonly priority: number;
      readonly action: 'allow' | 'deny';
      readonly direction: Direction;
    }
  /**
   * A Cilium deny rule decides the connection (deny beats every allow) and no narrowing or
   * removal of it that kubereach knows makes the connection allowed.
   */
  | {
      readonly code: 'CILIUM_DENY_DECIDES';
      readonly kind: string;
      /** `cnp/NAMESPACE/NAME` or `ccnp/NAME`. */
      readonly policy: string;
      /** The deny rule's path in the policy: `spec.ingressDeny[0]`. */
      readonly rule: string;
      readonly direction: Direction;
    };

/** The outcome of `fix`: ranked proposals, or why there can be none. */
export interface FixReport {
  readonly request: FixRequest;
  readonly before: CheckVerdict;
  readonly proposals: readonly Proposal[];
  readonly blocker?: FixBlocker;
  readonly cni: CniProfile;
}
