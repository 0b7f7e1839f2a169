/**
 * The matrix's `reserved:world` node against the naive Cilium reference: on random Cilium
 * clusters (entities, CIDR rules and sets with except, deny sections, CCNPs, NetworkPolicies),
 * every pod's edges to and from the world node are the verdicts the reference gives at the
 * address the node names, which no pod, node or API server holds and no CIDR of any policy
 * holds unless the CIDRs cover every address.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCluster } from '../../src/engine/compile.js';
import { ipsContain } from '../../src/engine/ip-set.js';
import { buildMatrix } from '../../src/engine/matrix.js';
import { worldAddresses } from '../../src/engine/matrix-cilium.js';
import { connsAllow, EMPTY_CONNS } from '../../src/engine/port-set.js';
import { computeReachability } from '../../src/engine/reachability.js';
import { formatIp } from '../../src/model/ip.js';
import { PROTOCOLS } from '../../src/model/types.js';
import { naiveCiliumAllowed } from '../reference/naive-cilium.js';
import { ciliumClusterArbitrary } from '../support/cilium-arbitraries.js';
import { writtenObjects } from '../support/cluster.js';
import { loadCilium, samplePorts } from '../support/differential.js';

describe('Cilium: the world node agrees with the naive reference', () => {
  it('on random clusters, both ways, at the address the node stands for', () => {
    let checked = 0;
    fc.assert(
      fc.property(ciliumClusterArbitrary({ maxPods: 5 }), (gen) => {
        const cluster = loadCilium(gen);
        const compiled = compileCluster(cluster, { cni: 'cilium' });
        const reach = computeReachability(compiled);
        const matrix = buildMatrix(reach, { granularity: 'pod', entities: true });
        if (!matrix.nodes.some((n) => n.id === 'reserved:world')) return;
        checked++;
        const address = worldAddresses(compiled).address;
        const world = formatIp(address);
        // outside every CIDR a policy names, wherever such addresses exist
        const inCidrs = (a: typeof address) => compiled.ipBlocks.some((b) => ipsContain(b, a));
        if (reach.external.nodes.some((x) => !inCidrs(x.address)))
          expect(inCidrs(address), world).toBe(false);
        const used = [
          ...cluster.endpoints.flatMap((e) => e.ips),
          ...cluster.nodes.flatMap((n) => n.addresses),
          ...cluster.apiServerAddresses,
        ];
        expect(used).not.toContain(world);
        const conns = new Map(matrix.connections.map((c) => [`${c.src}\u0000${c.dst}`, c.conns]));
        const written = writtenObjects(cluster);
        for (const pod of cluster.endpoints) {
          if (pod.hostNetwork) continue; // a node itself: no entity edges
          for (const protocol of PROTOCOLS) {
            for (const port of samplePorts(cluster)) {
              const out = conns.get(`${pod.id}\u0000reserved:world`) ?? EMPTY_CONNS;
              const back = conns.get(`reserved:world\u0000${pod.id}`) ?? EMPTY_CONNS;
              const where = `${pod.id} ${world} ${port}/${protocol}`;
              expect(connsAllow(out, protocol, port), `to the world, ${where}`).toBe(
                naiveCiliumAllowed(cluster, written, pod, world, port, protocol),
              );
              expect(connsAllow(back, protocol, port), `from the world, ${where}`).toBe(
                naiveCiliumAllowed(cluster, written, world, pod, port, protocol),
              );
            }
          }
        }
      }),
      { numRuns: 40 },
    );
    // the generator names world or all often: the property is not vacuous
    expect(checked).toBeGreaterThan(5);
  }, 120_000);
});
