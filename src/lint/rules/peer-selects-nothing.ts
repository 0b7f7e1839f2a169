import { matchesSelector } from '../../engine/label-selector.js';
import { NAMESPACE_NAME_LABEL } from '../../model/normalize.js';
import type { Endpoint, LabelSelector, Namespace, NetworkPolicy, PodPeer } from '../../model/types.js';
import { listNames, peerPath, showSelector } from '../analysis/describe.js';
import { endpointsIn, namespacesMatching, podPeersOf, podsMatching } from '../analysis/policies.js';
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
  const namespaces = namespacesOf(ctx);
  let searched: readonly string[];
  if (peer.namespaceSelector !== null) {
    const selector = peer.namespaceSelector;
    const matched = namespacesMatching(ctx, selector);
    if (matched.length === 0) {
      if (!judgeable(ctx, selector)) return undefined;
      const why = explainNoMatch(selector, namespaces, 'namespace');
      return {
        field: 'namespaceSelector',
        what: `namespaceSelector ${showSelector(selector)} matches no namespace`,
        hint: `${why === undefined ? '' : `${why}; `}match a label the namespaces carry (every namespace has ${NAMESPACE_NAME_LABEL}=<its name>)`,
      };
    }
    searched = matched;
  } else {
    searched = [policy.namespace];
  }
  if (peer.podSelector === null || !ctx.hasWorkloads) return undefined;
  const podSelector = peer.podSelector;
  const inSearched = (test: (e: Endpoint) => boolean) =>
    searched.some((ns) => endpointsIn(ctx, ns).some((e) => !e.hostNetwork && test(e)));
  if (!inSearched(() => true) || inSearched((e) => matchesSelector(podSelector, e.labels))) return undefined;
  if (
    peer.namespaceSelector === null &&
    podsMatching(ctx, podSelector).some((e) => e.namespace !== policy.namespace)
  )
    return undefined;
  const pods = searched.flatMap((ns) => endpointsIn(ctx, ns)).filter((e) => !e.hostNetwork);
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

const NAMESPACES = new WeakMap<LintContext['cluster'], readonly Namespace[]>();

/** The cluster's namespaces as a list (made once per cluster). */
function namespacesOf(ctx: LintContext): readonly Namespace[] {
  let list = NAMESPACES.get(ctx.cluster);
  if (list === undefined) {
    list = [...ctx.cluster.namespaces.values()];
    NAMESPACES.set(ctx.cluster, list);
  }
  return list;
}
