import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCluster, impliedCni } from '../../src/engine/compile.js';
import { affectedEndpoints, updateMatrix } from '../../src/engine/incremental.js';
import { buildMatrix, type Granularity, type Matrix } from '../../src/engine/matrix.js';
import { computeReachability } from '../../src/engine/reachability.js';
import { normalizeObjects } from '../../src/model/normalize.js';
import { parseInputs, type RawObject } from '../../src/sources/parse.js';
import {
  clusterArbitrary,
  type GeneratedCluster,
  policyArbitrary,
  tieredClusterArbitrary,
} from '../support/arbitraries.js';
import { ciliumClusterArbitrary, ciliumPolicyArbitrary } from '../support/cilium-arbitraries.js';

type Json = Record<string, unknown>;

const isPolicy = (o: Json) => String(o.kind).endsWith('Policy');

const namespacesOf = (g: GeneratedCluster) =>
  g.objects.filter((o) => o.kind === 'Namespace').map((o) => (o.metadata as { name: string }).name);

/** A random cluster and policies to edit it with, of its own dialect, in its own namespaces. */
const scenarios = fc.oneof(
  clusterArbitrary({ maxPolicies: 5, maxServices: 1 }).chain((g) =>
    fc.record({
      cluster: fc.constant(g),
      others: fc.tuple(
        ...[0, 1, 2].map((i) => policyArbitrary(namespacesOf(g), `alt${i}`).map((p) => p.object)),
      ),
    }),
  ),
  ciliumClusterArbitrary().chain((g) =>
    fc.record({
      cluster: fc.constant(g),
      others: fc.tuple(
        ...[0, 1].map((i) => ciliumPolicyArbitrary(namespacesOf(g), `calt${i}`)),
        policyArbitrary(namespacesOf(g), 'alt').map((p) => p.object),
      ),
    }),
  ),
  tieredClusterArbitrary({ maxPolicies: 3 }).chain((g) =>
    fc.record({
      cluster: fc.constant(g),
      others: fc.tuple(
        ...[0, 1].map((i) => policyArbitrary(namespacesOf(g), `alt${i}`).map((p) => p.object)),
      ),
    }),
  ),
);

/** An edit of the policy list: drop one, put back the original, put another in its place, or add one. */
const edits = fc.array(
  fc.record({
    type: fc.constantFrom('drop', 'restore', 'replace', 'add'),
    at: fc.nat(20),
    other: fc.nat(5),
  }),
  { minLength: 1, maxLength: 6 },
);

const GRANULARITIES: readonly Granularity[] = ['pod', 'workload', 'namespace'];

describe('a matrix patched after an edit of policies', () => {
  it('equals the matrix built in full, over random clusters of every dialect and random edits', {
    timeout: 120_000,
  }, () => {
    let patched = 0;
    fc.assert(
      fc.property(scenarios, edits, ({ cluster, others }, list) => {
        // Each object parsed once: an object kept across versions is the same raw object, as
        // the studio's incremental parser keeps it.
        const objects = [...cluster.objects, ...others] as Json[];
        const parsed = parseInputs(objects.map((o, i) => ({ name: `o${i}.json`, text: JSON.stringify(o) })));
        const raw = new Map<Json, RawObject>(objects.map((o, i) => [o, parsed.objects[i]!]));
        const rest = cluster.objects.filter((o) => !isPolicy(o as Json)) as Json[];
        const original = cluster.objects.filter((o) => isPolicy(o as Json)) as Json[];
        const evaluate = (policies: readonly (Json | undefined)[]) => {
          const inputs = [...rest, ...policies.filter((p) => p !== undefined)].map((o) => raw.get(o)!);
          const model = normalizeObjects(inputs, parsed.locator);
          const compiled = compileCluster(model, { cni: impliedCni(model) });
          return { compiled, reach: computeReachability(compiled) };
        };
        let policies: (Json | undefined)[] = [...original];
        let before = evaluate(policies);
        let matrices = new Map(GRANULARITIES.map((g) => [g, full(before.reach, g)]));
        for (const e of list) {
          const next = [...policies];
          const k = next.length === 0 ? 0 : e.at % next.length;
          const other = others[e.other % others.length] as Json;
          if (e.type === 'drop') next[k] = undefined;
          else if (e.type === 'restore') next[k] = original[k];
          else if (e.type === 'replace' && next.length > 0) next[k] = other;
          else if (!next.includes(other)) next.push(other);
          const after = evaluate(next);
          const affected = affectedEndpoints(before.compiled, after.compiled);
          const nextMatrices = new Map<Granularity, Matrix>();
          for (const g of GRANULARITIES) {
            const built = full(after.reach, g);
            const update =
              affected === undefined ? undefined : updateMatrix(matrices.get(g)!, after.reach, affected);
            if (update !== undefined) {
              patched++;
              expect(update).toEqual(built);
            }
            nextMatrices.set(g, update ?? built);
          }
          policies = next;
          before = after;
          matrices = nextMatrices;
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 150) },
    );
    // the patch is taken, not only the fallback
    expect(patched).toBeGreaterThan(100);
  });

  it('is not taken when more than policies changed', () => {
    const text = (labels: string) =>
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } },
          {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: 'p', namespace: 'a', labels: { app: labels } },
            spec: { containers: [{ name: 'c', image: 'i' }] },
          },
        ],
      });
    const compiledOf = (t: string) => {
      const parsed = parseInputs([{ name: 'x.json', text: t }]);
      return compileCluster(normalizeObjects(parsed.objects, parsed.locator));
    };
    expect(affectedEndpoints(compiledOf(text('web')), compiledOf(text('db')))).toBeUndefined();
    const same = compiledOf(text('web'));
    expect(affectedEndpoints(same, compileCluster(same.cluster))).toEqual({
      ingress: new Set(),
      egress: new Set(),
      policies: 0,
    });
  });
});

function full(reach: ReturnType<typeof computeReachability>, granularity: Granularity): Matrix {
  return buildMatrix(reach, { granularity, entities: true });
}
