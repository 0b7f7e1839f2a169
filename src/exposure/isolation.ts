import type { CompiledCluster } from '../engine/compile.js';
import { applicableRules, isolatingPolicies } from '../engine/isolation.js';
import { isEmptySelector } from '../engine/label-selector.js';
import { isAllConns } from '../engine/port-set.js';
import type { CompiledRule } from '../engine/rules.js';
import type { Direction, Endpoint, Workload } from '../model/types.js';
import type { IsolationState, WorkloadIsolation, WorkloadRef } from './types.js';

/** The reference form of a workload. */
export function workloadRef(w: Workload): WorkloadRef {
  return { id: w.id, kind: w.kind, namespace: w.namespace, name: w.name };
}

/**
 * Whether the workload's pods are isolated per direction. A pod is isolated for a direction
 * when a policy of its namespace selects it with that direction among its effective
 * policyTypes (networking.k8s.io/v1 NetworkPolicySpec); hostNetwork pods are never selected.
 */
export function workloadIsolation(
  compiled: CompiledCluster,
  workload: Workload,
  endpoints: readonly Endpoint[],
): WorkloadIsolation {
  const direction = (dir: Direction) => {
    const policies = new Set<string>();
    let isolated = 0;
    let host = 0;
    let baseline = 0;
    let denied = 0;
    for (const e of endpoints) {
      if (e.hostNetwork) {
        host++;
        continue;
      }
      const isolating = isolatingPolicies(compiled, e, dir);
      for (const cp of isolating) policies.add(cp.policy.id);
      if (isolating.length > 0) isolated++;
      else {
        const applicable = applicableRules(compiled, e, dir);
        const denyAll = applicable.namespace.find(ciliumDeniesEverything);
        const deny = applicable.baseline.find((r) => deniesEverything(r, dir));
        if (denyAll !== undefined) {
          denied++;
          policies.add(denyAll.policy.id);
        } else if (deny !== undefined) {
          baseline++;
          policies.add(deny.policy.id);
        }
      }
    }
    let state: IsolationState;
    if (endpoints.length > 0 && host === endpoints.length) state = 'host-network';
    else if (isolated === endpoints.length) state = 'isolated';
    else if (isolated + denied === endpoints.length && denied > 0) state = 'deny-all';
    else if (isolated + baseline + denied === endpoints.length && baseline > 0) state = 'baseline-deny';
    else if (isolated === 0) state = 'not-isolated';
    else state = 'partial';
    return { state, policies: [...policies] };
  };
  const ingress = direction('ingress');
  const egress = direction('egress');
  return {
    workload: workloadRef(workload),
    ingress: ingress.state,
    egress: egress.state,
    ingressPolicies: ingress.policies,
    egressPolicies: egress.policies,
  };
}

/**
 * A baseline deny rule that covers every peer on every port: all pods (`namespaces: {}`), and
 * for egress every address too (`networks` holding 0.0.0.0/0 and, where used, ::/0). Ingress
 * admin peers select pods only, so an ingress deny of every pod is the whole default deny.
 */
function deniesEverything(rule: CompiledRule, direction: Direction): boolean {
  if (rule.action !== 'deny' || rule.fixedPorts !== null || rule.namedPorts.length > 0) return false;
  const peers = rule.peers ?? [];
  const allPods = peers.some(
    (p) =>
      p.type === 'unknown' ||
      (p.type === 'pods' &&
        p.namespaceSelector !== null &&
        isEmptySelector(p.namespaceSelector) &&
        (p.podSelector === null || isEmptySelector(p.podSelector))),
  );
  if (direction === 'ingress') return allPods;
  const allV4 = peers.some(
    (p) => p.type === 'unknown' || (p.type === 'ips' && p.ips.v4[0] === 0n && p.ips.v4[1] === 0xffffffffn),
  );
  return allPods && allV4;
}

/**
 * A Cilium deny rule (namespace tier) that takes every peer on every port: no peer field (with
 * ports), or the entity `all`, or `world` with `cluster`; ports absent or covering everything.
 * Deny beats allow, so it protects the pods as isolation would, and more.
 */
function ciliumDeniesEverything(rule: CompiledRule): boolean {
  if (rule.dialect !== 'cilium' || rule.action !== 'deny') return false;
  if (rule.fixedPorts !== null && !isAllConns(rule.fixedPorts)) return false;
  if (rule.peers === null) return true;
  const entities = new Set(rule.peers.flatMap((p) => (p.type === 'entity' ? [p.entity] : [])));
  return entities.has('all') || (entities.has('world') && entities.has('cluster'));
}

/** States that keep the pods from being reached (or reaching) as isolation does, or better. */
export function protectedState(state: IsolationState): boolean {
  return state === 'isolated' || state === 'baseline-deny' || state === 'deny-all';
}
