/**
 * Explanations of verdicts and policies, as data. Pure functions over engine results, free of
 * Node APIs (the studio runs them in the browser); render/ puts them into words.
 *
 * - {@link explainConnection}: why a connection is allowed or denied, per direction, policy,
 *   rule, peer and port, each with a reason code and the source line; plus hints for classic
 *   mistakes.
 * - {@link describePolicy} / {@link describePolicies}: what a policy does, in terms a renderer
 *   words plainly, with what it selects and matches in the input now.
 * - {@link explainMatrix}: the deciding policies and rules of every matrix pair, compactly.
 */
import type { CheckResult } from '../engine/check.js';
import type { CompiledCluster } from '../engine/compile.js';
import type { ConnectionEvaluation } from '../engine/evaluate.js';
import { explainCheck, explainEvaluation } from './connection.js';
import type { CheckExplanation, ConnectionExplanation, PortQuery } from './types.js';

export { explainCheck, explainEvaluation, groupProbes } from './connection.js';
export { describePolicies, describePolicy } from './describe.js';
export type * from './describe-types.js';
export { explainDirection } from './direction.js';
export {
  type CompactDirection,
  type DecidingRule,
  explainMatrix,
  type MatrixExplainOptions,
  type PairExplanation,
} from './pairs.js';
export { editDistance, NAMESPACE_NAME_LABEL } from './selector.js';
export type * from './types.js';

/**
 * Explains a connection. Given a `CheckResult` (from `checkConnection`), explains the whole
 * check: the Service hop or the reason no policy was consulted, then each probe at its port.
 * Given a `ConnectionEvaluation` (from `evaluateConnection`), explains that one connection, at
 * `query`'s port when given, otherwise in terms of the ports each rule opens.
 *
 * The result is plain JSON data; every reason and hint carries a `code` and the position of
 * the field that decided it.
 */
export function explainConnection(compiled: CompiledCluster, subject: CheckResult): CheckExplanation;
export function explainConnection(
  compiled: CompiledCluster,
  subject: ConnectionEvaluation,
  query?: PortQuery | null,
): ConnectionExplanation;
export function explainConnection(
  compiled: CompiledCluster,
  subject: CheckResult | ConnectionEvaluation,
  query: PortQuery | null = null,
): CheckExplanation | ConnectionExplanation {
  if ('verdict' in subject) return explainCheck(compiled, subject);
  return explainEvaluation(compiled, subject, query);
}
