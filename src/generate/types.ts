import type { ConnSet } from '../engine/port-set.js';
import type { Endpoint, Labels, Workload } from '../model/types.js';

/** One end of an intended connection: a workload of the input, or addresses outside the cluster. */
export type IntentNode =
  | {
      readonly type: 'workload';
      readonly id: string;
      readonly workload: Workload;
      readonly endpoint: Endpoint;
    }
  | { readonly type: 'external'; readonly id: string; readonly cidrs: readonly string[] }
  /** Pods by labels that the input does not hold (the cluster DNS when kube-system is absent). */
  | { readonly type: 'selector'; readonly id: string; readonly namespace: string; readonly labels: Labels };

/** A connection the generated policies must allow, and where it comes from. */
export interface IntentFlow {
  readonly src: IntentNode;
  readonly dst: IntentNode;
  readonly conns: ConnSet;
  /** What asked for it, for comments: `flows.csv:3`, `today's connectivity`, a test name. */
  readonly reasons: readonly string[];
  /** True for DNS to kube-dns, added to every source's egress (named as such). */
  readonly dns?: boolean;
}

/** The dialects `generate` writes. */
export type Dialect = 'networkpolicy' | 'cilium';

/** One generated object with the comment written above it and above each rule. */
export interface GeneratedPolicy {
  readonly namespace: string;
  readonly value: Readonly<Record<string, unknown>>;
  readonly comment: string;
  /** Comments above each rule, by direction and index. */
  readonly ruleComments: { readonly ingress: readonly string[]; readonly egress: readonly string[] };
}
