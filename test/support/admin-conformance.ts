/**
 * Runs the conformance scenarios of test/fixtures/admin in one API version: every step of every
 * scenario, every probe, through the public API (and, as a check on the tables themselves,
 * through the naive reference evaluator).
 */
import { describe, expect, it } from 'vitest';
import { HOUSES, SCENARIOS, type Scenario } from '../fixtures/admin/conformance.js';
import { type ApiVersion, type PolicyState, type Probe, probeState } from './admin-policies.js';

/** The state each step of a scenario probes: the setup with every change so far applied. */
export function stepStates(scenario: Scenario): PolicyState[] {
  const states: PolicyState[] = [];
  let state = scenario.setup();
  for (const step of scenario.steps) {
    if (step.change !== undefined) state = step.change(state);
    states.push(state);
  }
  return states;
}

const show = ([src, dst, protocol, port]: Probe, allowed: boolean) =>
  `${src} → ${dst} ${protocol}/${port}: ${allowed ? 'allowed' : 'denied'}`;

/** Every probe of every scenario, as `it` per step, answered by `how`. */
export function describeConformance(version: ApiVersion, how: 'engine' | 'naive'): void {
  describe(`network-policy-api conformance, ${version}, answered by the ${how}`, () => {
    for (const scenario of SCENARIOS) {
      describe(`${scenario.upstream} (${scenario.name})`, () => {
        const states = stepStates(scenario);
        scenario.steps.forEach((step, i) => {
          it(step.name, () => {
            const probe = probeState([HOUSES], states[i]!, version);
            expect(probe.errors).toEqual([]);
            const answer = how === 'engine' ? probe.allowed : probe.naive;
            const got = step.probes.map((p) => show(p, answer(p)));
            expect(got).toEqual(step.probes.map((p) => show(p, p[4])));
          });
        });
      });
    }
  });
}
