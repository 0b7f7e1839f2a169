import { resolveEndpointSpec } from '../assert/members.js';
import type { ReachabilityTestSpec } from '../assert/types.js';
import type { CompiledCluster } from '../engine/compile.js';
import { type FlowProblem, probeFlows } from './flows.js';
import type { IntentFlow } from './types.js';

/**
 * A ReachabilityTest as intent: what its `expect: allowed` tests name must be allowed;
 * everything else is denied (the tests expecting `denied` hold by construction, and
 * `--verify` proves it).
 */
export function intentFromSpec(
  compiled: CompiledCluster,
  spec: ReachabilityTestSpec,
): { flows: IntentFlow[]; problems: FlowProblem[] } {
  const flows: IntentFlow[] = [];
  const problems: FlowProblem[] = [];
  for (const test of spec.tests) {
    if (test.expect !== 'allowed') continue;
    const where = `${test.source.file}:${test.source.line}`;
    const from = resolveEndpointSpec(compiled.cluster, test.from);
    const to = resolveEndpointSpec(compiled.cluster, test.to);
    if (!from.ok || !to.ok) {
      const failed = [from, to].flatMap((r) => (r.ok ? [] : [r.message]));
      problems.push({ where, message: failed.join('; ') });
      continue;
    }
    for (const s of from.members)
      for (const d of to.members) {
        if (s.type === 'service') continue;
        const r = probeFlows(compiled, s, d, test.port, test.protocol, `test "${test.name}" (${where})`);
        if ('message' in r) problems.push({ where, message: r.message });
        else flows.push(...r);
      }
  }
  return { flows, problems };
}
