import type { CompiledAdminPolicy, CompiledCluster } from '../engine/compile.js';
import { peerMatches, selectedNodes, subjectSelects } from '../engine/match.js';
import type { CompiledRule } from '../engine/rules.js';
import type {
  AdminPeer,
  AdminPolicy,
  AdminPort,
  Direction,
  LabelSelector,
  RuleAction,
} from '../model/types.js';
import { compiledPolicyOf, locate, peersField, policyRef, rulePath } from './refs.js';
import type { Location, PolicyRef } from './types.js';

/** A peer of an admin rule, with the pods (or addresses) it matches in the input now. */
export type AdminPeerDescription =
  | {
      readonly type: 'namespaces';
      readonly index: number;
      readonly at: Location;
      readonly namespaceSelector: LabelSelector;
      readonly matchesNow: readonly string[];
    }
  | {
      readonly type: 'pods';
      readonly index: number;
      readonly at: Location;
      readonly namespaceSelector: LabelSelector;
      readonly podSelector: LabelSelector;
      readonly matchesNow: readonly string[];
    }
  | {
      readonly type: 'nodes';
      readonly index: number;
      readonly at: Location;
      readonly nodeSelector: LabelSelector;
      /** Node names selected now. */
      readonly matchesNow: readonly string[];
    }
  | {
      readonly type: 'networks';
      readonly index: number;
      readonly at: Location;
      readonly cidrs: readonly string[];
      readonly matchesNow: readonly string[];
    }
  | {
      readonly type: 'domainNames';
      readonly index: number;
      readonly at: Location;
      readonly domainNames: readonly string[];
    }
  | {
      readonly type: 'unknown';
      readonly index: number;
      readonly at: Location;
      readonly fields: readonly string[];
      readonly failClosed: boolean;
    };

/** One rule of an admin policy, in evaluation order. */
export interface AdminRuleDescription {
  readonly direction: Direction;
  readonly index: number;
  readonly name: string | null;
  readonly action: RuleAction;
  readonly at: Location;
  readonly peers: readonly AdminPeerDescription[];
  /** `null`: every port of every protocol. */
  readonly ports: readonly AdminPort[] | null;
}

/** An AdminNetworkPolicy, BaselineAdminNetworkPolicy or ClusterNetworkPolicy as plain data. */
export interface AdminPolicyDescription {
  readonly policy: PolicyRef;
  readonly kind: AdminPolicy['kind'];
  readonly tier: 'admin' | 'baseline';
  readonly priority: number;
  readonly subject: AdminPolicy['subject'];
  readonly at: Location;
  /** Pods the subject selects now (hostNetwork pods never are). */
  readonly selects: readonly string[];
  readonly ingress: readonly AdminRuleDescription[];
  readonly egress: readonly AdminRuleDescription[];
  /**
   * Other policies of the same tier and priority whose subjects select some of the same pods:
   * where their rules match the same connection, the API leaves the outcome undefined.
   */
  readonly samePriority: readonly PolicyRef[];
}

/**
 * Describes an admin or baseline policy: the pods its subject selects now, and each rule in the
 * order the tier tries it, with what its peers match now.
 */
export function describeAdminPolicy(compiled: CompiledCluster, policy: AdminPolicy): AdminPolicyDescription {
  const cp = compiledPolicyOf(compiled, policy) as CompiledAdminPolicy;
  const selected = compiled.cluster.endpoints.filter((e) =>
    subjectSelects(cp.subject, e, compiled.namespaceLabels),
  );
  const selectedIds = new Set(selected.map((e) => e.id));
  const samePriority = compiled.adminPolicies.filter(
    (other) =>
      other !== cp &&
      other.tier === cp.tier &&
      other.priority === cp.priority &&
      compiled.cluster.endpoints.some(
        (e) => selectedIds.has(e.id) && subjectSelects(other.subject, e, compiled.namespaceLabels),
      ),
  );
  return {
    policy: policyRef(compiled, policy),
    kind: policy.kind,
    tier: policy.tier,
    priority: policy.priority,
    subject: policy.subject,
    at: locate(compiled, policy, ['spec', 'subject']),
    selects: selected.map((e) => e.id).sort(),
    ingress: cp.ingressRules.map((r) => describeRule(compiled, r)),
    egress: cp.egressRules.map((r) => describeRule(compiled, r)),
    samePriority: samePriority.map((o) => policyRef(compiled, o.policy)),
  };
}

function describeRule(compiled: CompiledCluster, rule: CompiledRule): AdminRuleDescription {
  const written = rule.rule as AdminPolicy['ingress'][number];
  const path = rulePath(rule.direction, written.index);
  return {
    direction: rule.direction,
    index: written.index,
    name: written.name ?? null,
    action: rule.action,
    at: locate(compiled, rule.policy, path),
    peers: (rule.peers ?? []).map((_, i) => {
      const source = written.peers[i]!;
      return describePeer(
        compiled,
        rule,
        source,
        locate(compiled, rule.policy, [...path, peersField(rule.direction), source.index]),
        i,
      );
    }),
    ports: written.ports,
  };
}

function describePeer(
  compiled: CompiledCluster,
  rule: CompiledRule,
  peer: AdminPeer,
  at: Location,
  position: number,
): AdminPeerDescription {
  const compiledPeer = rule.peers![position]!;
  const pods = () =>
    compiled.cluster.endpoints
      .filter((e) =>
        peerMatches(
          compiledPeer,
          rule.action,
          { type: 'endpoint', endpoint: e },
          compiled.namespaceLabels,
          compiled.match,
        ),
      )
      .map((e) => e.id)
      .sort();
  switch (peer.type) {
    case 'namespaces':
      return {
        type: 'namespaces',
        index: peer.index,
        at,
        namespaceSelector: peer.namespaceSelector,
        matchesNow: pods(),
      };
    case 'pods':
      return {
        type: 'pods',
        index: peer.index,
        at,
        namespaceSelector: peer.namespaceSelector,
        podSelector: peer.podSelector,
        matchesNow: pods(),
      };
    case 'networks':
      return { type: 'networks', index: peer.index, at, cidrs: peer.cidrs, matchesNow: pods() };
    case 'nodes':
      return {
        type: 'nodes',
        index: peer.index,
        at,
        nodeSelector: peer.nodeSelector,
        matchesNow: selectedNodes(compiled.cluster.nodes, peer.nodeSelector)
          .map((n) => n.name)
          .sort(),
      };
    case 'domainNames':
      return { type: 'domainNames', index: peer.index, at, domainNames: peer.domainNames };
    case 'unknown':
      return {
        type: 'unknown',
        index: peer.index,
        at,
        fields: peer.fields,
        failClosed: rule.action !== 'allow',
      };
  }
}
