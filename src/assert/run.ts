import { type CheckResult, checkConnection } from '../engine/check.js';
import type { CompiledCluster } from '../engine/compile.js';
import { checkDecidable } from '../engine/decidable.js';
import type { Target } from '../engine/targets.js';
import type { Diagnostic } from '../model/diagnostics.js';
import { resolveEndpointSpec, targetWorkload } from './members.js';
import type { ReachabilityTestCase, ReachabilityTestSpec } from './types.js';

/**
 * One pair of a test: a source member, a destination member and the verdict. `decidable` is
 * false when the verdict hangs on what is judged at run time (a Cilium L7 rule, an FQDN peer):
 * such a pair neither passes nor fails.
 */
export interface PairOutcome {
  readonly src: Target;
  readonly dst: Target;
  readonly result: CheckResult;
  readonly decidable: boolean;
  readonly passed: boolean;
}

/**
 * How an assertion came out: `undecidable` when no pair failed but some pair's verdict is
 * decided at run time (L7 rules, FQDNs), so nothing proves the assertion either way.
 */
export type TestStatus = 'passed' | 'failed' | 'undecidable';

/** The outcome of one assertion. */
export interface TestOutcome {
  readonly test: ReachabilityTestCase;
  readonly status: TestStatus;
  readonly passed: boolean;
  /** True when either end is a group: the test holds only if every pair does. */
  readonly group: boolean;
  readonly pairs: readonly PairOutcome[];
  /** The pairs whose decided verdict is not the expected one. */
  readonly failures: readonly PairOutcome[];
  /** The pairs whose verdict is decided at run time. */
  readonly undecidable: readonly PairOutcome[];
}

export interface TestRun {
  readonly spec: ReachabilityTestSpec;
  /** Empty when resolving the tests against the cluster failed (see `diagnostics`). */
  readonly outcomes: readonly TestOutcome[];
  readonly passed: number;
  readonly failed: number;
  /** Assertions whose verdict is decided at run time (neither passed nor failed). */
  readonly undecidable: number;
  /** Endpoints that name nothing, empty groups, unresolvable ports: errors stop the run. */
  readonly diagnostics: readonly Diagnostic[];
}

export interface RunOptions {
  /** Namespace for names without one (`-n`); `default` otherwise. */
  readonly defaultNamespace?: string;
}

/**
 * Resolves every test's endpoints against the cluster, then checks each pair of members with
 * `checkConnection`. A test passes when every pair's verdict is the expected one (`partial`
 * never passes) and decided statically; it fails when some decided verdict is not; otherwise
 * (a verdict decided at run time, by an L7 rule or an FQDN) it is `undecidable`. A group's members are never paired with themselves. Any resolution error stops
 * the run before a verdict: a spec that names something absent is wrong, not failing.
 */
export function runReachabilityTests(
  compiled: CompiledCluster,
  spec: ReachabilityTestSpec,
  options: RunOptions = {},
): TestRun {
  const cluster = compiled.cluster;
  const diagnostics: Diagnostic[] = [];
  const resolved: { test: ReachabilityTestCase; src: Target[]; dst: Target[]; group: boolean }[] = [];
  for (const test of spec.tests) {
    const report = (code: Diagnostic['code'], where: 'from' | 'to', message: string, hint?: string) => {
      diagnostics.push({
        code,
        severity: 'error',
        message: `${spec.name} tests[${test.index}].${where}: ${message}`,
        path: `tests[${test.index}].${where}`,
        source: where === 'from' ? test.fromSource : test.toSource,
        ...(hint === undefined ? {} : { hint }),
      });
    };
    const from = resolveEndpointSpec(cluster, test.from, options.defaultNamespace);
    const to = resolveEndpointSpec(cluster, test.to, options.defaultNamespace);
    if (!from.ok) report(from.code, 'from', from.message, from.hint);
    if (!to.ok) report(to.code, 'to', to.message, to.hint);
    if (!from.ok || !to.ok) continue;
    if (typeof test.port === 'string' && to.members.some((m) => m.type === 'external')) {
      report(
        'INVALID_PORT',
        'to',
        `port name ${test.port} cannot be resolved for an address outside the cluster`,
        'give a port number',
      );
      continue;
    }
    const group = from.group || to.group;
    resolved.push({ test, src: [...from.members], dst: [...to.members], group });
  }
  if (diagnostics.some((d) => d.severity === 'error'))
    return { spec, outcomes: [], passed: 0, failed: 0, undecidable: 0, diagnostics };

  const outcomes: TestOutcome[] = [];
  for (const { test, src, dst, group } of resolved) {
    const pairs: PairOutcome[] = [];
    for (const s of src) {
      for (const d of dst) {
        const sw = targetWorkload(s);
        if (group && sw !== undefined && sw === targetWorkload(d)) continue;
        const result = checkConnection(compiled, s, d, test.port, test.protocol);
        const decidable = checkDecidable(result);
        pairs.push({
          src: s,
          dst: d,
          result,
          decidable,
          passed: decidable && result.verdict === test.expect,
        });
      }
    }
    if (pairs.length === 0) {
      diagnostics.push({
        code: 'EMPTY_GROUP',
        severity: 'error',
        message: `${spec.name} tests[${test.index}]: ${test.from.text} and ${test.to.text} are the same single workload; there is no pair to test`,
        source: test.source,
      });
      continue;
    }
    const failures = pairs.filter((p) => p.decidable && !p.passed);
    const undecidable = pairs.filter((p) => !p.decidable);
    const status: TestStatus =
      failures.length > 0 ? 'failed' : undecidable.length > 0 ? 'undecidable' : 'passed';
    outcomes.push({ test, status, passed: status === 'passed', group, pairs, failures, undecidable });
  }
  if (diagnostics.some((d) => d.severity === 'error'))
    return { spec, outcomes: [], passed: 0, failed: 0, undecidable: 0, diagnostics };
  const count = (status: TestStatus) => outcomes.filter((o) => o.status === status).length;
  return {
    spec,
    outcomes,
    passed: count('passed'),
    failed: count('failed'),
    undecidable: count('undecidable'),
    diagnostics,
  };
}
