import { isPolicySubject } from '../../engine/match.js';
import type { Direction } from '../../model/types.js';
import { defaultDenyHint, isolationOf, showDirections } from '../analysis/isolation.js';
import type { LintRule, RuleFinding } from '../types.js';

/**
 * A workload that no policy isolates for ingress (or egress) in a namespace where other
 * workloads are: usually a podSelector that misses it. Namespaces with no isolation at all are
 * reported once by `namespace-not-isolated`. Informational unless `--strict`.
 */
export const workloadNotIsolated: LintRule = {
  id: 'workload-not-isolated',
  severity: 'info',
  strictSeverity: 'warning',
  summary: 'a workload is not isolated where its neighbours are',
  description:
    'Other pods of the namespace are isolated, but no policy selects this workload for that direction, so it accepts (or sends) any traffic. Often a podSelector that does not match its labels.',
  check(ctx) {
    const findings: RuleFinding[] = [];
    const { cluster } = ctx;
    const isIsolated = isolationOf(ctx.compiled);
    const isolatedSomewhere = new Set<string>();
    for (const e of cluster.endpoints)
      for (const d of ['ingress', 'egress'] as const)
        if (isIsolated(e, d)) isolatedSomewhere.add(`${e.namespace}/${d}`);
    const byId = new Map(cluster.endpoints.map((e) => [e.id, e]));
    for (const w of cluster.workloads) {
      const endpoints = w.endpoints.flatMap((id) => {
        const e = byId.get(id);
        return e === undefined || !isPolicySubject(e) ? [] : [e];
      });
      if (endpoints.length === 0) continue;
      const open = (['ingress', 'egress'] as Direction[]).filter(
        (d) => isolatedSomewhere.has(`${w.namespace}/${d}`) && endpoints.some((e) => !isIsolated(e, d)),
      );
      if (open.length === 0) continue;
      findings.push(
        ctx.finding(
          w,
          [],
          `is not isolated for ${showDirections(open)} although other workloads of ${w.namespace} are: no NetworkPolicy selects it for ${showDirections(open)}`,
          `make a policy's podSelector match its labels, or ${defaultDenyHint(w.namespace, open)}`,
        ),
      );
    }
    return findings;
  },
};
