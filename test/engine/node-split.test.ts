/**
 * Under Cilium with hostNetwork pods, classes are split by node only where the node changes a
 * verdict (`nodeSplit: 'auto'`). Property: on random Cilium clusters (nodes, hostNetwork pods,
 * `host` and `remote-node` entities, the API server), every pod pair is answered as when every
 * class is split by node (`nodeSplit: 'all'`, what the engine did before), and the matrices at
 * pod and workload granularity and each rule's parties (as endpoints) are the same.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCluster } from '../../src/engine/compile.js';
import { buildMatrix } from '../../src/engine/matrix.js';
import { connsKey } from '../../src/engine/port-set.js';
import { computeReachability, type Reachability } from '../../src/engine/reachability.js';
import type { Cluster } from '../../src/model/types.js';
import { ciliumClusterArbitrary } from '../support/cilium-arbitraries.js';
import { loadCilium } from '../support/differential.js';

/** Every endpoint pair's answers (both ways and each direction), as comparable text. */
function podAnswers(cluster: Cluster, reach: Reachability): string[] {
  const out: string[] = [];
  for (const a of cluster.endpoints) {
    for (const b of cluster.endpoints) {
      const s = reach.classOf(a);
      const d = reach.classOf(b);
      out.push(
        `${a.id}>${b.id} ${connsKey(reach.connsBetween(s, d))} in ${connsKey(reach.ingressBetween(s, d))} eg ${connsKey(reach.egressBetween(s, d))}`,
      );
    }
  }
  return out;
}

/** Each rule's parties, as the endpoints (and external nodes) they hold. */
function ruleEndpoints(reach: Reachability): string[] {
  return reach.compiled.rules.map((rule) =>
    reach
      .ruleParties(rule)
      .flatMap((p) =>
        reach.isExternal(p) ? [`x${p - reach.classes.length}`] : reach.classes[p]!.members.map((m) => m.id),
      )
      .sort()
      .join(' '),
  );
}

function matrixText(reach: Reachability, granularity: 'pod' | 'workload'): string {
  const m = buildMatrix(reach, { granularity, entities: true });
  return JSON.stringify([m.nodes.map((n) => n.id), m.connections]);
}

describe('Cilium node split', () => {
  it('answers every pod pair and builds every matrix as splitting every class by node does', () => {
    fc.assert(
      fc.property(ciliumClusterArbitrary({ maxPods: 7 }), (gen) => {
        const cluster = loadCilium(gen);
        const auto = computeReachability(compileCluster(cluster, { cni: 'cilium' }));
        const all = computeReachability(compileCluster(cluster, { cni: 'cilium' }), { nodeSplit: 'all' });
        expect(podAnswers(cluster, auto)).toEqual(podAnswers(cluster, all));
        expect(ruleEndpoints(auto)).toEqual(ruleEndpoints(all));
        expect(matrixText(auto, 'pod')).toBe(matrixText(all, 'pod'));
        expect(matrixText(auto, 'workload')).toBe(matrixText(all, 'workload'));
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  it('leaves a class whole where its node changes nothing, and splits it where it does', () => {
    const cluster = (hostIngress: boolean) =>
      loadCilium({
        objects: [
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } },
          ...['n1', 'n2'].map((name, i) => ({
            apiVersion: 'v1',
            kind: 'Node',
            metadata: { name },
            status: { addresses: [{ type: 'InternalIP', address: `192.168.0.${i + 1}` }] },
          })),
          ...['n1', 'n2'].flatMap((node, i) => [
            pod(`agent-${i}`, { app: 'agent' }, node, `192.168.0.${i + 1}`, true),
            pod(`web-${i}`, { app: 'web' }, node, `10.0.0.${i + 1}`, false),
          ]),
          {
            apiVersion: 'cilium.io/v2',
            kind: 'CiliumNetworkPolicy',
            metadata: { name: 'web', namespace: 'a' },
            spec: {
              endpointSelector: { matchLabels: { app: 'web' } },
              ingress: [hostIngress ? { fromEntities: ['host', 'remote-node'] } : { fromEndpoints: [{}] }],
            },
          },
        ],
        validPolicies: [],
        invalidPolicies: [],
      });
    const classes = (c: Cluster) => computeReachability(compileCluster(c, { cni: 'cilium' })).classes.length;
    // Two agents (one per node) and one web class when nodes are admitted either way.
    expect(classes(cluster(true))).toBe(3);
    // Remote nodes are refused, the own node is not (allow-localhost): web is split by node.
    expect(classes(cluster(false))).toBe(4);
  });
});

function pod(name: string, labels: Record<string, string>, node: string, ip: string, hostNetwork: boolean) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'a', labels },
    spec: { nodeName: node, hostNetwork, containers: [{ name: 'c', image: 'x' }] },
    status: { phase: 'Running', podIP: ip, podIPs: [{ ip }] },
  };
}
