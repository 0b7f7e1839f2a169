/**
 * Party signatures (src/engine/signatures.ts) and the two ways reachability computes them: bit
 * masks over a profile's peer sets, and partition refinement of all parties. Properties: the
 * refinement groups parties exactly by the sets holding them, the engine answers the same
 * with either way, and its pair walk (rows of parties built word-parallel, or party by party
 * under `signatures: 'groups'`) emits what the per-pair path answers, on random clusters of
 * every dialect.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CniProfile, compileCluster } from '../../src/engine/compile.js';
import { connsEqual, connsKey, isEmptyConns } from '../../src/engine/port-set.js';
import { computeReachability, type Reachability } from '../../src/engine/reachability.js';
import { bitsToList, groupParties, maskOf, splitParties } from '../../src/engine/signatures.js';
import { loadManifests } from '../../src/load.js';
import type { Cluster } from '../../src/model/types.js';
import { clusterArbitrary, tieredClusterArbitrary } from '../support/arbitraries.js';
import { loadGenerated, loadTiered } from '../support/differential.js';

/** Random sets over P parties, as bitsets (some shared, some empty, some full). */
const setsArbitrary = fc
  .integer({ min: 1, max: 80 })
  .chain((P) =>
    fc.tuple(
      fc.constant(P),
      fc.array(
        fc.oneof(
          fc.uniqueArray(fc.integer({ min: 0, max: P - 1 }), { maxLength: P }),
          fc.constant([...Array(P).keys()]),
        ),
        { maxLength: 40 },
      ),
    ),
  );

function bitset(P: number, members: readonly number[]): Uint32Array {
  const bits = new Uint32Array((P + 31) >>> 5);
  for (const p of members) bits[p >>> 5]! |= 1 << (p & 31);
  return bits;
}

describe('groupParties', () => {
  it('gives two parties one number exactly when the same sets hold them, and 0 to parties in none', () => {
    fc.assert(
      fc.property(setsArbitrary, ([P, lists]) => {
        const sets = lists.map((l) => bitset(P, l));
        const groups = groupParties(sets, P);
        const signatures = [...Array(P).keys()].map((p) =>
          lists.map((l) => (l.includes(p) ? 1 : 0)).join(''),
        );
        const wrong: string[] = [];
        for (let p = 0; p < P; p++) {
          if ((groups[p] === 0) !== !signatures[p]!.includes('1')) wrong.push(`${p} is ${groups[p]}`);
          if (groups[p]! > P) wrong.push(`${p} numbered ${groups[p]}`);
          for (let q = 0; q < P; q++)
            if ((groups[p] === groups[q]) !== (signatures[p] === signatures[q])) wrong.push(`${p},${q}`);
        }
        expect(wrong).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with the bit masks where those apply', () => {
    fc.assert(
      fc.property(setsArbitrary, ([P, lists]) => {
        const sets = lists.slice(0, 31).map((l) => bitset(P, l));
        const groups = groupParties(sets, P);
        const wrong: string[] = [];
        for (let p = 0; p < P; p++)
          for (let q = 0; q < P; q++)
            if ((groups[p] === groups[q]) !== (maskOf(sets, p) === maskOf(sets, q))) wrong.push(`${p},${q}`);
        expect(wrong).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('splitParties: word-parallel groups are the refinement groups, each with its lowest party', () => {
    fc.assert(
      fc.property(setsArbitrary, ([P, lists]) => {
        const sets = lists.map((l) => bitset(P, l));
        const numbers = groupParties(sets, P);
        const groups = splitParties(sets, P, Number.POSITIVE_INFINITY)!;
        const seen = new Set<number>();
        for (const { bits, first } of groups) {
          const list = bitsToList(bits, bits.length);
          expect(list.length).toBeGreaterThan(0);
          expect(first).toBe(list[0]);
          expect(new Set(list.map((p) => numbers[p])).size).toBe(1);
          for (const p of list) seen.add(p);
        }
        expect(seen.size).toBe(P);
        expect(groups.length).toBe(new Set(numbers).size);
        // Past the cap, nothing: the caller builds rows party by party instead.
        if (groups.length > 1) expect(splitParties(sets, P, groups.length - 1)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it('lists bits in order', () => {
    const bits = bitset(70, [69, 0, 31, 32, 5]);
    expect(bitsToList(bits, bits.length)).toEqual([0, 5, 31, 32, 69]);
  });
});

/** Every directional answer and every emitted pair, as comparable text. */
function answers(reach: Reachability): string[] {
  const out: string[] = [];
  for (let s = 0; s < reach.partyCount; s++) {
    for (let d = 0; d < reach.partyCount; d++) {
      if (reach.isExternal(s) && reach.isExternal(d)) continue;
      out.push(
        `${s}>${d} ${connsKey(reach.connsBetween(s, d))} in ${connsKey(reach.ingressBetween(s, d))} eg ${connsKey(reach.egressBetween(s, d))}`,
      );
    }
  }
  const pairs: string[] = [];
  reach.forEachPair((s, d, conns) => pairs.push(`pair ${s}>${d} ${connsKey(conns)}`));
  return [...out, ...pairs.sort()];
}

/**
 * The pair walk (rows of parties per profile, word-parallel) emits exactly the pairs the
 * per-pair path (`connsBetween`) finds something allowed for, with the same ports.
 */
function expectWalkAsPairs(reach: Reachability): void {
  const walked: string[] = [];
  reach.forEachPair((s, d, conns) => walked.push(`${s}>${d} ${connsKey(conns)}`));
  const direct: string[] = [];
  for (let s = 0; s < reach.partyCount; s++) {
    for (let d = 0; d < reach.partyCount; d++) {
      if (reach.isExternal(s) && reach.isExternal(d)) continue;
      const conns = reach.connsBetween(s, d);
      if (!isEmptyConns(conns)) direct.push(`${s}>${d} ${connsKey(conns)}`);
    }
  }
  expect(walked.sort()).toEqual(direct.sort());
}

function expectSameBothWays(cluster: Cluster, cni: CniProfile): void {
  // Separate compilations: nothing computed for one way is reused by the other.
  const masks = computeReachability(compileCluster(cluster, { cni }));
  const groups = computeReachability(compileCluster(cluster, { cni }), { signatures: 'groups' });
  expect(answers(groups)).toEqual(answers(masks));
  // Walking the pairs before the direct questions (signatures computed in another order).
  const first = computeReachability(compileCluster(cluster, { cni }), { signatures: 'groups' });
  const pairs: [number, number, string][] = [];
  first.forEachPair((s, d, c) => pairs.push([s, d, connsKey(c)]));
  for (const [s, d, c] of pairs)
    expect(connsEqual(masks.connsBetween(s, d), first.connsBetween(s, d)), c).toBe(true);
  expectWalkAsPairs(computeReachability(compileCluster(cluster, { cni })));
  expectWalkAsPairs(computeReachability(compileCluster(cluster, { cni }), { signatures: 'groups' }));
}

describe('reachability: partition-refinement signatures answer as bit masks do', () => {
  it('on random mixes of admin policies and NetworkPolicies', () => {
    fc.assert(
      fc.property(tieredClusterArbitrary(), (gen) => expectSameBothWays(loadTiered(gen), 'upstream')),
      { numRuns: 60 },
    );
  }, 120_000);

  it.each<CniProfile>(['upstream', 'cilium'])('on random NetworkPolicy clusters (cni %s)', (cni) => {
    fc.assert(
      fc.property(clusterArbitrary({ maxPods: 12, maxPolicies: 8 }), (gen) =>
        expectSameBothWays(loadGenerated(gen), cni),
      ),
      { numRuns: 60 },
    );
  });

  it.each([
    'examples/tutorial-cilium/policy-deny-all.yaml',
    'examples/tutorial-cilium/policy-kube-demo.yaml',
    'test/fixtures/cilium-l7/policy-l7.yaml',
  ])('on the Cilium example %s', (file) => {
    const cluster = loadManifests([{ name: file, text: readFileSync(file, 'utf8') }]);
    expect(cluster.ciliumPolicies.length).toBeGreaterThan(0);
    expectSameBothWays(cluster, 'cilium');
  });
});
