/**
 * The matrix's pair expansion (class pairs to node pairs, row by row) against the definition:
 * a node's connection to another is the union over their distinct pods of what the classes
 * allow, in node order; a node to itself only through two distinct pods, or `includeSelf`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCluster } from '../../src/engine/compile.js';
import { buildMatrix, type Granularity } from '../../src/engine/matrix.js';
import {
  ALL_CONNS,
  type ConnSet,
  connsKey,
  EMPTY_CONNS,
  isEmptyConns,
  unionConns,
} from '../../src/engine/port-set.js';
import { computeReachability, type Reachability } from '../../src/engine/reachability.js';
import { tieredClusterArbitrary } from '../support/arbitraries.js';
import { loadTiered } from '../support/differential.js';

/** The matrix by its definition, pod pair by pod pair: `src>dst ports` in node order. */
function expectedRows(reach: Reachability, granularity: Granularity, includeSelf: boolean): string[] {
  const matrix = buildMatrix(reach, { granularity, includeSelf });
  const out: string[] = [];
  const externalBase = matrix.nodes.findIndex((n) => n.kind === 'External');
  const partiesOf = (i: number): { party: number; pod: unknown }[] =>
    externalBase >= 0 && i >= externalBase
      ? [{ party: reach.externalParty(i - externalBase), pod: `x${i}` }]
      : matrix.nodes[i]!.endpoints.map((e) => ({ party: reach.classOf(e), pod: e }));
  matrix.nodes.forEach((s, i) => {
    matrix.nodes.forEach((d, j) => {
      let conns: ConnSet = EMPTY_CONNS;
      for (const a of partiesOf(i))
        for (const b of partiesOf(j)) {
          if (a.pod === b.pod) continue;
          if (reach.isExternal(a.party) && reach.isExternal(b.party)) continue;
          conns = unionConns(conns, reach.connsBetween(a.party, b.party));
        }
      if (includeSelf && i === j && s.endpoints.length > 0) conns = ALL_CONNS;
      if (!isEmptyConns(conns)) out.push(`${s.id}>${d.id} ${connsKey(conns)}`);
    });
  });
  return out;
}

describe('matrix pair expansion', () => {
  it.each<[Granularity, boolean]>([
    ['pod', false],
    ['workload', false],
    ['namespace', false],
    ['workload', true],
    ['namespace', true],
  ])(
    'gives what the pod pairs define (granularity %s, includeSelf %s)',
    (granularity, includeSelf) => {
      fc.assert(
        fc.property(tieredClusterArbitrary({ maxPods: 10 }), (gen) => {
          const reach = computeReachability(compileCluster(loadTiered(gen)));
          const matrix = buildMatrix(reach, { granularity, includeSelf });
          const got = matrix.connections.map((c) => `${c.src}>${c.dst} ${connsKey(c.conns)}`);
          expect(got).toEqual(expectedRows(reach, granularity, includeSelf));
        }),
        { numRuns: 40 },
      );
    },
    120_000,
  );
});
