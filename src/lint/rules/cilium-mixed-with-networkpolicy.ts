import type { CompiledNetworkPolicy } from '../../engine/compile.js';
import type { CompiledCiliumPolicy } from '../../engine/compile-cilium.js';
import { matchesSelector } from '../../engine/label-selector.js';
import { subjectSelects } from '../../engine/match.js';
import { type CompiledPolicy, isolatesIn, type Subject as RuleSubject, rulesOf } from '../../engine/rules.js';
import { formatObjectRef } from '../../model/diagnostics.js';
import type { PathSegment } from '../../model/source.js';
import type { Direction, Endpoint, LabelSelector } from '../../model/types.js';
import { ciliumSubject } from '../analysis/cilium.js';
import { listNames, listWorkloads } from '../analysis/describe.js';
import { fieldWritten } from '../context.js';
import type { LintContext, LintRule, RuleFinding } from '../types.js';

/**
 * A NetworkPolicy and a Cilium policy (CNP or CCNP rule) selecting the same pods for the same
 * direction. Cilium enforces both at once (design.md, "Cilium"): the pods are isolated if
 * either isolates them, a connection is allowed when an allow of either kind admits it, and a
 * Cilium deny rule wins over every allow. Authors of one kind often do not know the other is
 * there: the NetworkPolicy's allows reopen what the Cilium policy leaves closed, and a Cilium
 * deny closes what the NetworkPolicy opens.
 */
export const ciliumMixedWithNetworkpolicy: LintRule = {
  id: 'cilium-mixed-with-networkpolicy',
  severity: 'info',
  strictSeverity: 'warning',
  summary: 'a NetworkPolicy and a Cilium policy select the same pods for the same direction',
  description:
    'Cilium enforces NetworkPolicies and CiliumNetworkPolicies together: the pods are isolated when either kind isolates them, a connection is allowed when an allow rule of either kind admits it (allows add up across kinds), and an ingressDeny/egressDeny rule wins over every allow of every kind. Restricting pods with one kind does not undo what the other allows. Keep one kind per set of pods, or read both together (kubereach check shows both).',
  check(ctx) {
    if (ctx.compiled.ciliumPolicies.length === 0 || ctx.compiled.policies.length === 0) return [];
    const findings: RuleFinding[] = [];
    for (const cp of ctx.compiled.ciliumPolicies) {
      for (const direction of ['ingress', 'egress'] as const) {
        if (!takesPart(cp, direction)) continue;
        const overlap = ctx.compiled.policies
          .filter((np) => takesPart(np, direction))
          .map((np) => ({ np, pods: sharedPods(ctx, np, cp) }))
          .filter((x) => x.pods !== null && (x.pods === 'unknown' || x.pods.length > 0));
        if (overlap.length === 0) continue;
        findings.push(report(ctx, cp, direction, overlap));
      }
    }
    return findings;
  },
};

/** Whether a policy has a say in a direction: it isolates the pods there, or has rules there. */
function takesPart(cp: CompiledPolicy, direction: Direction): boolean {
  return isolatesIn(cp, direction) || rulesOf(cp, direction).length > 0;
}

/**
 * The pods both policies select; `unknown` on policy-only input when the selectors provably
 * overlap (one selects every pod where the other applies, or both are written alike), null when
 * they cannot be shown to share a pod.
 */
function sharedPods(
  ctx: LintContext,
  np: CompiledNetworkPolicy,
  cp: CompiledCiliumPolicy,
): readonly Endpoint[] | 'unknown' | null {
  if (ctx.hasWorkloads) {
    const labels = ctx.compiled.namespaceLabels;
    return ctx.cluster.endpoints.filter(
      (e) => subjectSelects(np.subject, e, labels) && subjectSelects(cp.subject, e, labels),
    );
  }
  if (!namespaceOverlaps(np.subject, cp.subject, ctx)) return null;
  const a = np.subject.podSelector;
  const b = cp.subject.podSelector;
  return selectsAll(a) || selectsAll(b) || JSON.stringify(a) === JSON.stringify(b) ? 'unknown' : null;
}

function namespaceOverlaps(np: RuleSubject, cilium: RuleSubject, ctx: LintContext): boolean {
  if (cilium.namespace !== null || np.namespace === null) return cilium.namespace === np.namespace;
  const selector = cilium.namespaceSelector;
  return selector === null || matchesSelector(selector, ctx.compiled.namespaceLabels(np.namespace));
}

function selectsAll(selector: LabelSelector | null): boolean {
  return (
    selector === null ||
    (Object.keys(selector.matchLabels).length === 0 && selector.matchExpressions.length === 0)
  );
}

function report(
  ctx: LintContext,
  cp: CompiledCiliumPolicy,
  direction: Direction,
  overlap: readonly { np: CompiledNetworkPolicy; pods: readonly Endpoint[] | 'unknown' | null }[],
): RuleFinding {
  const subject = ciliumSubject(cp.policy);
  const names = listNames(overlap.map((x) => `${x.np.policy.namespace}/${x.np.policy.name}`));
  const pods = overlap.flatMap((x) => (Array.isArray(x.pods) ? x.pods : []));
  const which = pods.length > 0 ? `pods ${listWorkloads(pods)}` : 'the same pods';
  const self = formatObjectRef({ kind: subject.kind, name: subject.name, ...nsOf(subject) });
  const npIsolates = overlap.some((x) => isolatesIn(x.np, direction));
  const isolation =
    npIsolates && isolatesIn(cp, direction)
      ? 'both isolate them'
      : npIsolates
        ? `only the NetworkPolicy isolates them (enableDefaultDeny leaves ${direction} open here; this policy's rules still add and subtract)`
        : `only ${self} isolates them (the NetworkPolicy's ${direction} rules still add)`;
  const deny = cp.spec[direction === 'ingress' ? 'ingressDeny' : 'egressDeny'].length > 0;
  const what = `${which} are also selected for ${direction} by NetworkPolicy ${names}: Cilium enforces both, ${isolation}; a connection is allowed when an allow rule of either admits it${deny ? `, and this policy's ${direction}Deny rules win over every allow of both` : ', and any Cilium deny rule wins over both'}`;
  return ctx.finding(
    subject,
    sectionPath(ctx, cp, direction),
    what,
    'keep one kind of policy per set of pods, or read them together: what the NetworkPolicy allows stays allowed whatever this policy leaves out',
  );
}

function nsOf(subject: { namespace?: string }): { namespace?: string } {
  return subject.namespace === undefined ? {} : { namespace: subject.namespace };
}

/** Where the direction is written in the rule: its allow section, else its deny section. */
function sectionPath(ctx: LintContext, cp: CompiledCiliumPolicy, direction: Direction): PathSegment[] {
  const subject = ciliumSubject(cp.policy);
  for (const section of [direction, `${direction}Deny`]) {
    const path = [...cp.spec.path, section];
    if (fieldWritten(ctx.cluster, subject, path)) return path;
  }
  return [...cp.spec.path];
}
