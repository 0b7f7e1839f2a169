import type { CompiledCluster } from '../engine/compile.js';
import { isolatingPolicies } from '../engine/isolation.js';
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
    for (const e of endpoints) {
      if (e.hostNetwork) {
        host++;
        continue;
      }
      const isolating = isolatingPolicies(compiled, e, dir);
      for (const cp of isolating) policies.add(cp.policy.id);
      if (isolating.length > 0) isolated++;
    }
    let state: IsolationState;
    if (endpoints.length > 0 && host === endpoints.length) state = 'host-network';
    else if (isolated === endpoints.length) state = 'isolated';
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
