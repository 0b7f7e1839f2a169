import { matchesSelector } from '../../engine/label-selector.js';
import { NAMESPACE_NAME_LABEL } from '../../model/normalize.js';
import type { LabelSelector, NetworkPolicy, PodPeer } from '../../model/types.js';
import { listNames, peerPath, showSelector } from '../analysis/describe.js';
import { endpointsIn, podPeersOf } from '../analysis/policies.js';
import { editDistance, explainNoMatch } from '../analysis/selectors.js';
import type { LintContext, LintRule, RuleFinding } from '../types.js';

/**
 * A namespaceSelector that matches no namespace, or a podSelector that matches no pod of the
 * namespaces it looks in: the peer allows nothing. The hint names the closest existing label.
 * A podSelector-only peer matching pods in other namespaces is left to
 * `pod-selector-other-namespace`.
 */
export const peerSelectsNothing: LintRule = {
  id: 'peer-selects-nothing',
  severity: 'warning',
  summary: 'a from/to peer selects nothing in the input',
  description:
    'A peer whose namespaceSelector matches no namespace, or whose podSelector matches no pod, allows no traffic. It is usually a misspelt label, or a label the namespaces do not carry: namespaces have kubernetes.io/metadata.name, not name.',
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const policy of ctx.cluster.policies) {
      for (const { direction, rule, peer } of podPeersOf(policy)) {
        const path = peerPath(direction, rule.index, peer.index);
        const finding = checkPeer(ctx, policy, peer);
        if (finding !== undefined)
          findings.push(ctx.finding(policy, [...path, finding.field], finding.what, finding.hint));
      }
    }
    return findings;
  },
};

interface PeerProblem {
  readonly field: 'namespaceSelector' | 'podSelector';
  readonly what: string;
  readonly hint: string;
}

function checkPeer(ctx: LintContext, policy: NetworkPolicy, peer: PodPeer): PeerProblem | undefined {
  const namespaces = [...ctx.cluster.namespaces.values()];
  let searched: string[];
  if (peer.namespaceSelector !== null) {
    const selector = peer.namespaceSelector;
    const matched = namespaces.filter((ns) => matchesSelector(selector, ns.labels));
    if (matched.length === 0) {
      if (!judgeable(ctx, selector)) return undefined;
      const why = explainNoMatch(selector, namespaces, 'namespace');
      return {
        field: 'namespaceSelector',
        what: `namespaceSelector ${showSelector(selector)} matches no namespace`,
        hint: `${why === undefined ? '' : `${why}; `}match a label the namespaces carry (every namespace has ${NAMESPACE_NAME_LABEL}=<its name>)`,
      };
    }
    searched = matched.map((ns) => ns.name);
  } else {
    searched = [policy.namespace];
  }
  if (peer.podSelector === null || !ctx.hasWorkloads) return undefined;
  const podSelector = peer.podSelector;
  const pods = searched.flatMap((ns) => endpointsIn(ctx, ns)).filter((e) => !e.hostNetwork);
  if (pods.length === 0 || pods.some((e) => matchesSelector(podSelector, e.labels))) return undefined;
  if (peer.namespaceSelector === null) {
    const elsewhere = ctx.cluster.endpoints.some(
      (e) => !e.hostNetwork && e.namespace !== policy.namespace && matchesSelector(podSelector, e.labels),
    );
    if (elsewhere) return undefined;
  }
  const why = explainNoMatch(
    podSelector,
    pods.map((e) => ({ name: e.workload, labels: e.labels })),
    'pod',
  );
  return {
    field: 'podSelector',
    what: `podSelector ${showSelector(podSelector)} matches no pod in ${searched.length === 1 ? 'namespace' : 'namespaces'} ${listNames(searched)}`,
    hint: `${why === undefined ? '' : `${why}; `}make the podSelector match the labels of the pods to allow`,
  };
}

/** Namespaces every cluster has, whether or not the input declares them. */
const SYSTEM_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

/**
 * Whether the input says enough about namespaces to call `selector` a mistake. Namespace labels
 * are known only when some Namespace is declared. A selector on the name label alone points at
 * a namespace that may simply be outside the input; it is reported only when a namespace of the
 * input has a close name (a typo), and never for the namespaces every cluster has.
 */
function judgeable(ctx: LintContext, selector: LabelSelector): boolean {
  const namespaces = [...ctx.cluster.namespaces.values()];
  if (!namespaces.some((ns) => !ns.implicit)) return false;
  const keys = [...Object.keys(selector.matchLabels), ...selector.matchExpressions.map((r) => r.key)];
  if (!keys.every((k) => k === NAMESPACE_NAME_LABEL)) return true;
  const wanted = [
    ...Object.values(selector.matchLabels),
    ...selector.matchExpressions.flatMap((r) => (r.operator === 'In' ? r.values : [])),
  ].filter((name) => !SYSTEM_NAMESPACES.has(name));
  return wanted.some((name) =>
    namespaces.some((ns) => editDistance(ns.name, name) <= Math.max(2, Math.floor(name.length / 3))),
  );
}
