/**
 * Invariants over random clusters: allow rules only add, a deny-all leaves nothing (but
 * hostNetwork pods, which no policy isolates), writing the defaulted policyTypes changes nothing,
 * and the matrix agrees with `check` at every granularity.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkConnection } from '../../src/engine/check.js';
import { compileCluster } from '../../src/engine/compile.js';
import type { Party } from '../../src/engine/evaluate.js';
import { buildMatrix, type Granularity } from '../../src/engine/matrix.js';
import {
  type ConnSet,
  connsAllow,
  connsEqual,
  EMPTY_CONNS,
  formatConns,
  isEmptyConns,
  subtractConns,
  unionConns,
} from '../../src/engine/port-set.js';
import { computeReachability, type Reachability } from '../../src/engine/reachability.js';
import { loadManifests } from '../../src/load.js';
import { parseIp } from '../../src/model/ip.js';
import { type Cluster, PROTOCOLS } from '../../src/model/types.js';
import {
  clusterArbitrary,
  expectedPolicyTypes,
  type GeneratedCluster,
  toJsonText,
  validRuleArbitrary,
} from '../support/arbitraries.js';
import { loadGenerated, sampleAddresses, samplePorts } from '../support/differential.js';

type Json = Record<string, unknown>;

function loadObjects(objects: readonly Json[]): Cluster {
  return loadManifests([{ name: 'generated.json', text: toJsonText(objects) }]);
}

/** Every party worth comparing: all endpoints and the sample external addresses. */
function parties(cluster: Cluster, ipv6: boolean): Party[] {
  return [
    ...cluster.endpoints.map((endpoint): Party => ({ type: 'endpoint', endpoint })),
    ...sampleAddresses(cluster, ipv6).map(
      (label): Party => ({ type: 'external', address: parseIp(label)!, label }),
    ),
  ];
}

function partyKey(p: Party): string {
  return p.type === 'endpoint' ? p.endpoint.id : p.label;
}

function nodeOf(reach: Reachability, p: Party & { type: 'external' }): number {
  const node = reach.external.nodeOf(p.address);
  if (node < 0) throw new Error(`${p.label}: no external node (address family not in the input)`);
  return node;
}

/** Allowed conns for every ordered pair of `list` (by key), from the class-based fast path. */
function pairTable(reach: Reachability, list: readonly Party[]): Map<string, ConnSet> {
  // parties may come from another load of the input: find endpoints by id in this one
  const byId = new Map(reach.compiled.cluster.endpoints.map((e) => [e.id, e]));
  const index = (p: Party) =>
    p.type === 'endpoint' ? reach.classOf(byId.get(p.endpoint.id)!) : reach.externalParty(nodeOf(reach, p));
  const out = new Map<string, ConnSet>();
  for (const s of list) {
    for (const d of list) {
      if (s === d || (s.type === 'external' && d.type === 'external')) continue;
      out.set(`${partyKey(s)} -> ${partyKey(d)}`, reach.connsBetween(index(s), index(d)));
    }
  }
  return out;
}

const withPolicy = clusterArbitrary().filter((g) => g.validPolicies.length > 0);

describe('invariants', () => {
  it('writing the defaulted policyTypes explicitly changes nothing', () => {
    fc.assert(
      fc.property(clusterArbitrary(), (gen) => {
        const before = loadGenerated(gen);
        const objects = gen.objects.map((o) =>
          o.kind === 'NetworkPolicy'
            ? { ...o, spec: { ...(o.spec as Json), policyTypes: expectedPolicyTypes(o) } }
            : o,
        );
        const after = loadObjects(objects);
        const compiledBefore = compileCluster(before);
        const list = parties(before, compiledBefore.ipv6);
        const a = pairTable(computeReachability(compiledBefore), list);
        const b = pairTable(computeReachability(compileCluster(after)), list);
        for (const [k, conns] of a) expect(formatConns(b.get(k)!), k).toBe(formatConns(conns));
      }),
      { numRuns: 40 },
    );
  });

  it('adding an allow rule to a direction a policy already isolates never removes a connection', () => {
    fc.assert(
      fc.property(
        withPolicy,
        fc.nat(),
        fc.constantFrom('ingress', 'egress'),
        validRuleArbitrary('ingress'),
        validRuleArbitrary('egress'),
        fc.constantFrom('upstream', 'cilium'),
        (gen, pick, preferred, ingressRule, egressRule, cni) => {
          const target = gen.validPolicies[pick % gen.validPolicies.length]!;
          const isTarget = (o: Json) => {
            const m = o.metadata as { name: string; namespace: string };
            return o.kind === 'NetworkPolicy' && `${m.namespace}/${m.name}` === target;
          };
          const policy = gen.objects.find(isTarget)!;
          const types = expectedPolicyTypes(policy);
          const direction = types.includes(preferred === 'ingress' ? 'Ingress' : 'Egress')
            ? preferred
            : types[0] === 'Ingress'
              ? 'ingress'
              : 'egress';
          const spec: Json = { ...(policy.spec as Json), policyTypes: types };
          const rule = direction === 'ingress' ? ingressRule : egressRule;
          const widened = {
            ...spec,
            [direction]: [...((spec[direction] as Json[] | undefined) ?? []), rule],
          };
          const before = loadObjects(gen.objects.map((o) => (isTarget(o) ? { ...o, spec } : o)));
          const after = loadObjects(gen.objects.map((o) => (isTarget(o) ? { ...o, spec: widened } : o)));
          const compiledBefore = compileCluster(before, { cni });
          const compiledAfter = compileCluster(after, { cni });
          // sample the CIDRs of the new rule too; IPv6 only when both versions partition it
          const list = parties(after, compiledBefore.ipv6 && compiledAfter.ipv6);
          const a = pairTable(computeReachability(compiledBefore), list);
          const b = pairTable(computeReachability(compiledAfter), list);
          for (const [k, conns] of a) {
            const lost = subtractConns(conns, b.get(k)!);
            expect(formatConns(lost), `${k} lost ports after adding ${JSON.stringify(rule)}`).toBe('none');
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a default-deny-all in every namespace leaves only hostNetwork and external ends', () => {
    fc.assert(
      fc.property(clusterArbitrary(), fc.constantFrom('upstream', 'cilium'), (gen, cni) => {
        const namespaces = [...loadGenerated(gen).namespaces.keys()];
        const denyAll = namespaces.map((ns) => ({
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: { name: 'zz-deny-all', namespace: ns },
          spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
        }));
        // only the deny-alls: any other policy may allow something back (policies are additive)
        const cluster = loadObjects([...gen.objects.filter((o) => o.kind !== 'NetworkPolicy'), ...denyAll]);
        const reach = computeReachability(compileCluster(cluster, { cni }));
        const matrix = buildMatrix(reach, { granularity: 'pod' });
        const open = new Set(
          matrix.nodes
            .filter((n) => n.kind === 'External' || n.endpoints.every((e) => e.hostNetwork))
            .map((n) => n.id),
        );
        for (const c of matrix.connections) {
          expect(open.has(c.src) && open.has(c.dst), `${c.src} -> ${c.dst}: ${formatConns(c.conns)}`).toBe(
            true,
          );
        }
        if (cluster.endpoints.every((e) => !e.hostNetwork)) expect(matrix.connections).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('check agrees with the pod matrix, by number and by name, and a pod always reaches itself', () => {
    fc.assert(
      fc.property(clusterArbitrary({ maxPods: 5 }), fc.constantFrom('upstream', 'cilium'), (gen, cni) => {
        checkAgreesWithMatrix(gen, cni);
      }),
      { numRuns: 40 },
    );
  });

  it.each<Granularity>(['workload', 'namespace'])(
    '%s matrix is the union of its pods’ connections',
    (granularity) => {
      fc.assert(
        fc.property(clusterArbitrary(), (gen) => {
          const reach = computeReachability(compileCluster(loadGenerated(gen)));
          const pods = buildMatrix(reach, { granularity: 'pod', external: false });
          const grouped = buildMatrix(reach, { granularity, external: false });
          const groupOf = new Map<string, string>();
          for (const n of grouped.nodes) for (const e of n.endpoints) groupOf.set(e.id, n.id);
          const expected = new Map<string, ConnSet>();
          for (const c of pods.connections) {
            const k = `${groupOf.get(c.src)} -> ${groupOf.get(c.dst)}`;
            expected.set(k, unionConns(expected.get(k) ?? EMPTY_CONNS, c.conns));
          }
          const actual = new Map(grouped.connections.map((c) => [`${c.src} -> ${c.dst}`, c.conns]));
          expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
          for (const [k, conns] of expected) expect(connsEqual(actual.get(k)!, conns), k).toBe(true);
        }),
        { numRuns: 40 },
      );
    },
  );
});

function checkAgreesWithMatrix(gen: GeneratedCluster, cni: 'upstream' | 'cilium'): void {
  const cluster = loadGenerated(gen);
  const compiled = compileCluster(cluster, { cni });
  const matrix = buildMatrix(computeReachability(compiled), { granularity: 'pod' });
  const conns = new Map(matrix.connections.map((c) => [`${c.src} -> ${c.dst}`, c.conns]));
  const ports = samplePorts(cluster);
  for (const src of cluster.endpoints) {
    for (const dst of cluster.endpoints) {
      const key = `${src.id} -> ${dst.id}`;
      const m = conns.get(key) ?? EMPTY_CONNS;
      if (src === dst) expect(conns.has(key), `${key} in the matrix`).toBe(false);
      const s = { type: 'endpoint', endpoint: src } as const;
      const d = { type: 'endpoint', endpoint: dst } as const;
      for (const protocol of PROTOCOLS) {
        for (const port of ports) {
          const result = checkConnection(compiled, s, d, port, protocol);
          const want = src === dst || connsAllow(m, protocol, port);
          expect(result.verdict, `${key} ${port}/${protocol}`).toBe(want ? 'allowed' : 'denied');
        }
      }
      for (const cp of dst.ports) {
        if (cp.name === undefined) continue;
        const result = checkConnection(compiled, s, d, cp.name, cp.protocol);
        expect(result.probes.map((p) => p.port)).toEqual([cp.port]);
        const want = src === dst || connsAllow(m, cp.protocol, cp.port);
        expect(result.verdict, `${key} ${cp.name}/${cp.protocol}`).toBe(want ? 'allowed' : 'denied');
      }
      const missing = checkConnection(compiled, s, d, 'no-such-name', 'TCP');
      expect(missing.verdict).toBe('no-such-named-port');
      expect(isEmptyConns(EMPTY_CONNS)).toBe(true);
    }
  }
}
