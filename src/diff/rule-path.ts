import type { CompiledRule } from '../engine/rules.js';
import type { PathSegment } from '../model/source.js';

/**
 * Where a compiled rule is written in its policy: `spec.ingress[i]` (NetworkPolicy, admin
 * policies), or for a Cilium policy the rule's section and spec (`spec.ingressDeny[0]`,
 * `specs[1].egress[2]`).
 */
export function rulePathOf(rule: CompiledRule): PathSegment[] {
  if (rule.dialect !== 'cilium' || rule.policy.kind === 'NetworkPolicy' || !('specs' in rule.policy))
    return ['spec', rule.direction, rule.rule.index];
  const item = rule.rule;
  if (!('section' in item)) return ['spec', rule.direction, item.index];
  const spec = rule.policy.specs.find((s) => s[item.section].includes(item));
  return [...(spec?.path ?? ['spec']), item.section, item.index];
}
