import type { PolicyDescription, TargetDescription } from '../explain/describe-types.js';
import { API_VERSION } from './json.js';

/** `explain -o json`: the policies grouped per target, as explain/ describes them. */
export function explainTargetsToJson(targets: readonly TargetDescription[]): Record<string, unknown> {
  return { apiVersion: API_VERSION, kind: 'PolicyExplanation', targets };
}

/** `explain policy -o json`: one policy as explain/ describes it. */
export function explainPolicyToJson(policy: PolicyDescription): Record<string, unknown> {
  return { apiVersion: API_VERSION, kind: 'PolicyDescription', policy };
}
