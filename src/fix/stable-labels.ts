import { matchesSelector } from '../engine/label-selector.js';
import type { Cluster, Endpoint, Labels } from '../model/types.js';

/**
 * Labels that controllers set per revision or per pod: a policy selecting on them breaks at the
 * next rollout (pod-template-hash, controller-revision-hash) or selects one replica only.
 */
export const UNSTABLE_LABELS: ReadonlySet<string> = new Set([
  'pod-template-hash',
  'controller-revision-hash',
  'statefulset.kubernetes.io/pod-name',
  'pod-template-generation',
  'controller-uid',
  'batch.kubernetes.io/controller-uid',
  'job-name',
  'batch.kubernetes.io/job-name',
  'apps.kubernetes.io/pod-index',
]);

/** Keys tried first when choosing a selector: the ones people and charts use to name an app. */
const PREFERRED = [
  'app.kubernetes.io/name',
  'app',
  'k8s-app',
  'run',
  'name',
  'component',
  'app.kubernetes.io/component',
  'app.kubernetes.io/instance',
  'tier',
];

/** The labels of `labels` that stay the same across rollouts and replicas. */
export function stableLabels(labels: Labels): Labels {
  return Object.fromEntries(Object.entries(labels).filter(([k]) => !UNSTABLE_LABELS.has(k)));
}

/**
 * The smallest set of stable labels of `endpoint` (preferred keys first) that selects its
 * workload's pods and no other pod of its namespace, or all its stable labels when no subset
 * does. Empty when the pod has no stable label (the caller then selects by something else).
 */
export function workloadSelector(cluster: Cluster, endpoint: Endpoint): Labels {
  const stable = stableLabels(endpoint.labels);
  const keys = Object.keys(stable).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const others = cluster.endpoints.filter(
    (e) => e.namespace === endpoint.namespace && e.workload !== endpoint.workload,
  );
  const chosen: Record<string, string> = {};
  for (const key of keys) {
    chosen[key] = stable[key]!;
    const selector = { matchLabels: chosen, matchExpressions: [] };
    if (!others.some((e) => matchesSelector(selector, e.labels))) return { ...chosen };
  }
  return stable;
}

function rank(key: string): number {
  const i = PREFERRED.indexOf(key);
  return i < 0 ? PREFERRED.length : i;
}
