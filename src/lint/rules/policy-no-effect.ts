import { listNames } from '../analysis/describe.js';
import type { LintRule, RuleFinding } from '../types.js';

/**
 * A policy whose removal changes no verdict for the pods of the input: the pods it selects are
 * isolated by other policies, which already allow everything it allows (or it allows
 * everything, which undoes its own isolation). Default-deny policies (no rules) state intent
 * and are not reported; duplicates are left to `duplicate-policy`.
 */
export const policyNoEffect: LintRule = {
  id: 'policy-no-effect',
  severity: 'warning',
  summary: 'a policy changes nothing',
  description:
    'Removing this policy leaves every connection between the pods of the input as it is: other policies isolate the same pods and allow at least as much, or the policy allows everything it isolates. It may have been superseded, or its rules may be wider than meant.',
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const [policy, { others }] of ctx.effects.noEffect) {
      const why =
        others.length === 0
          ? 'it allows everything to and from the pods it isolates'
          : `${listNames(others.map((p) => `${p.namespace}/${p.name}`))} already ${others.length === 1 ? 'isolates' : 'isolate'} the same pods and allow at least as much`;
      findings.push(
        ctx.finding(
          policy,
          [],
          `changes nothing for the pods in the input: ${why}`,
          'delete the policy, or check whether its selectors or rules say what was meant',
        ),
      );
    }
    return findings;
  },
};
