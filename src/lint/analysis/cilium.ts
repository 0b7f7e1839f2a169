import type { PathSegment } from '../../model/source.js';
import type { CiliumPolicy, CiliumRuleItem, CiliumSection, CiliumSpec, Cluster } from '../../model/types.js';
import type { Subject } from '../types.js';

/** A Cilium policy as a lint subject (a clusterwide policy has no namespace). */
export function ciliumSubject(policy: CiliumPolicy): Subject {
  return {
    kind: policy.kind,
    ...(policy.namespace === null ? {} : { namespace: policy.namespace }),
    name: policy.name,
    source: policy.source,
  };
}

/** One item of a rule section, with where it is written. */
export interface CiliumItemAt {
  readonly policy: CiliumPolicy;
  readonly spec: CiliumSpec;
  readonly item: CiliumRuleItem;
  readonly path: readonly PathSegment[];
}

const SECTIONS: readonly CiliumSection[] = ['ingress', 'ingressDeny', 'egress', 'egressDeny'];

/** Every item of every rule of every Cilium policy, in input order. */
export function ciliumItems(cluster: Cluster): CiliumItemAt[] {
  const out: CiliumItemAt[] = [];
  for (const policy of cluster.ciliumPolicies)
    for (const spec of policy.specs)
      for (const section of SECTIONS)
        for (const item of spec[section])
          out.push({ policy, spec, item, path: [...spec.path, section, item.index] });
  return out;
}
