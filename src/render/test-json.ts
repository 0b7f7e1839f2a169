import type { TestRun } from '../assert/run.js';
import type { CheckResult } from '../engine/check.js';
import { formatTarget } from '../engine/targets.js';
import type { Diagnostic } from '../model/diagnostics.js';
import { API_VERSION, diagnosticToJson } from './json.js';

/**
 * The `ReachabilityTestReport` document: the summary, then every test with its position, its
 * ends as written, its `status` (`passed`, `failed`, or `undecidable` when a verdict is decided
 * at run time), the verdict of each pair with `decidable` and, for pairs that did not pass, the
 * `check -o json` document of the actual verdict (made by `checkJson`).
 */
export function testRunToJson(
  run: TestRun,
  checkJson: (result: CheckResult) => Record<string, unknown>,
  diagnostics: readonly Diagnostic[],
): Record<string, unknown> {
  return {
    apiVersion: API_VERSION,
    kind: 'ReachabilityTestReport',
    spec: { name: run.spec.name, file: run.spec.file },
    summary: { passed: run.passed, failed: run.failed, undecidable: run.undecidable },
    tests: run.outcomes.map((o) => ({
      name: o.test.name,
      source: o.test.source,
      from: o.test.from.text,
      to: o.test.to.text,
      port: o.test.port,
      protocol: o.test.protocol,
      expect: o.test.expect,
      status: o.status,
      passed: o.passed,
      group: o.group,
      pairs: o.pairs.map((p) => ({
        src: formatTarget(p.src),
        dst: formatTarget(p.dst),
        verdict: p.result.verdict,
        decidable: p.decidable,
        passed: p.passed,
        ...(p.passed ? {} : { check: checkJson(p.result) }),
      })),
    })),
    diagnostics: diagnostics.map(diagnosticToJson),
  };
}
