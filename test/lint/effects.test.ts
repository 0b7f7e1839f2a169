/**
 * The effects analysis is a proof: removing a policy it reports as changing nothing, or a rule
 * it reports as redundant, must leave every verdict as it was. Checked on generated clusters by
 * recomputing reachability without the item, pair by pair (pods and external addresses).
 */
import { describe, expect, it } from 'vitest';
import { generateCluster } from '../../bench/generate.js';
import { compileCluster } from '../../src/engine/compile.js';
import { connsEqual } from '../../src/engine/port-set.js';
import { computeReachability, type Reachability } from '../../src/engine/reachability.js';
import { analyseEffects } from '../../src/lint/analysis/effects.js';
import { loadManifests } from '../../src/load.js';
import type { Cluster, NetworkPolicy } from '../../src/model/types.js';

function reachOf(cluster: Cluster): Reachability {
  return computeReachability(compileCluster(cluster));
}

/** Every verdict of `before` (pods and external nodes) is the same in `after`. */
function sameVerdicts(cluster: Cluster, before: Reachability, after: Reachability): boolean {
  const parties = (r: Reachability, other: Reachability) => {
    const out: [number, number][] = [];
    for (const e of cluster.endpoints) out.push([r.classOf(e), other.classOf(e)]);
    r.external.nodes.forEach((node, x) => {
      out.push([r.externalParty(x), other.externalParty(other.external.nodeOf(node.address))]);
    });
    return out;
  };
  const list = parties(before, after);
  for (const [s1, s2] of list)
    for (const [d1, d2] of list) {
      if (before.isExternal(s1) && before.isExternal(d1)) continue;
      if (!connsEqual(before.connsBetween(s1, d1), after.connsBetween(s2, d2))) return false;
    }
  return true;
}

function withoutPolicy(cluster: Cluster, policy: NetworkPolicy): Cluster {
  return { ...cluster, policies: cluster.policies.filter((p) => p !== policy) };
}

function withoutRule(
  cluster: Cluster,
  policy: NetworkPolicy,
  direction: 'ingress' | 'egress',
  index: number,
) {
  const edited: NetworkPolicy = {
    ...policy,
    [direction]: policy[direction].filter((r) => r.index !== index),
  };
  return { ...cluster, policies: cluster.policies.map((p) => (p === policy ? edited : p)) };
}

describe('the effects analysis proves what it reports', () => {
  it.each([7, 11, 23])('on a generated cluster (seed %i)', (seed) => {
    const objects = generateCluster({ pods: 120, policies: 40, namespaces: 4, seed });
    const cluster = loadManifests([
      { name: 'g.json', text: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }) },
    ]);
    // Repeat a few policies and rules so there is something to find.
    const extra = cluster.policies.slice(0, 5).map((p, i) => ({
      ...p,
      id: `${p.namespace}/${p.name}-copy${i}`,
      name: `${p.name}-copy${i}`,
      ingress:
        i % 2 === 0
          ? p.ingress
          : [...p.ingress, ...p.ingress.map((r) => ({ ...r, index: r.index + p.ingress.length }))],
    }));
    const input: Cluster = { ...cluster, policies: [...cluster.policies, ...extra] };
    const reach = reachOf(input);
    const effects = analyseEffects(reach);
    expect(effects.noEffect.size + effects.redundantRules.size + effects.duplicates.size).toBeGreaterThan(0);
    // Everything reported, removed at once, changes nothing (the greedy order guarantees it).
    let reduced = input;
    for (const p of [...effects.noEffect.keys(), ...effects.duplicates.keys()])
      reduced = withoutPolicy(reduced, p);
    for (const rule of effects.redundantRules.keys())
      reduced = withoutRule(
        reduced,
        reduced.policies.find((p) => p.id === rule.policy.id)!,
        rule.direction,
        rule.rule.index,
      );
    expect(sameVerdicts(input, reach, reachOf(reduced))).toBe(true);
    // And the comparison does see a change: without any policy, verdicts differ.
    expect(sameVerdicts(input, reach, reachOf({ ...input, policies: [] }))).toBe(false);
  });
});
