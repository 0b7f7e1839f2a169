import { isPolicySubject } from '../../engine/match.js';
import type { Direction, Endpoint } from '../../model/types.js';
import { listWorkloads, plural } from '../analysis/describe.js';
import { defaultDenyHint, isolationOf, showDirections } from '../analysis/isolation.js';
import type { LintRule, RuleFinding } from '../types.js';

/**
 * A namespace with workloads none of which is isolated for ingress (or egress): everything may
 * reach them (or they may reach everything). Informational unless `--strict`.
 */
export const namespaceNotIsolated: LintRule = {
  id: 'namespace-not-isolated',
  severity: 'info',
  strictSeverity: 'warning',
  summary: 'a namespace has no ingress (or egress) isolation',
  description:
    'Pods that no NetworkPolicy selects accept connections from every pod and address, and may connect anywhere. A default-deny policy per namespace makes every allowed connection explicit.',
  check(ctx) {
    const findings: RuleFinding[] = [];
    const isIsolated = isolationOf(ctx.compiled);
    const byNamespace = new Map<string, Endpoint[]>();
    for (const e of ctx.cluster.endpoints) {
      if (!isPolicySubject(e)) continue;
      const list = byNamespace.get(e.namespace) ?? [];
      list.push(e);
      byNamespace.set(e.namespace, list);
    }
    const withPolicies = new Set([
      ...ctx.cluster.policies.map((p) => p.namespace),
      ...ctx.cluster.ciliumPolicies.map((p) => p.namespace),
    ]);
    // With Cilium policies in the input, isolation may come from either kind.
    const kind = ctx.cluster.ciliumPolicies.length > 0 ? 'policy' : 'NetworkPolicy';
    for (const ns of [...ctx.cluster.namespaces.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const pods = byNamespace.get(ns.name) ?? [];
      if (pods.length === 0) continue;
      const open = (['ingress', 'egress'] as Direction[]).filter((d) => !pods.some((e) => isIsolated(e, d)));
      if (open.length === 0) continue;
      const count = new Set(pods.map((e) => e.workload)).size;
      const workloads = `${plural(count, 'workload')} (${listWorkloads(pods)})`;
      const hasPolicies = withPolicies.has(ns.name);
      const what = hasPolicies
        ? `no ${kind} isolates ${showDirections(open)}: its ${workloads} ${effect(open, count)}`
        : `has no ${kind}: its ${workloads} ${effect(open, count)}`;
      findings.push(ctx.finding(ns, [], what, defaultDenyHint(ns.name, open)));
    }
    return findings;
  },
};

function effect(open: readonly Direction[], count: number): string {
  const parts = open.map((d) =>
    d === 'ingress'
      ? `${count === 1 ? 'accepts' : 'accept'} traffic from anywhere`
      : 'may send traffic anywhere',
  );
  return parts.join(' and ');
}
