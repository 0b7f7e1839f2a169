/**
 * Times the engine's whole matrix against the deliberately naive reference evaluator from the
 * tests (pair by pair, port by port) on clusters small enough for it, and checks they agree on
 * every sampled (pair, port, protocol). Prints one JSON line per size.
 */
import { dump } from 'js-yaml';
import { compileCluster } from '../src/engine/compile.js';
import { buildMatrix } from '../src/engine/matrix.js';
import { connsAllow } from '../src/engine/port-set.js';
import { computeReachability } from '../src/engine/reachability.js';
import { loadManifests } from '../src/load.js';
import type { Protocol } from '../src/model/types.js';
import { naiveAllowed } from '../test/reference/naive.js';
import { generateCluster } from './generate.js';

const SAMPLE_PORTS: readonly [Protocol, number][] = [
  ['UDP', 53],
  ['TCP', 53],
  ['TCP', 443],
  ['TCP', 5432],
  ['TCP', 8080],
  ['TCP', 9102],
  ['TCP', 30050],
  ['SCTP', 80],
];

for (const [name, pods, policies, namespaces] of [
  ['XS', 100, 10, 4],
  ['S-', 300, 30, 8],
] as const) {
  const text = generateCluster({ pods, policies, namespaces })
    .map((o) => dump(o, { noRefs: true }))
    .join('---\n');
  const cluster = loadManifests([{ name: `${name}.yaml`, text }]);
  const t0 = performance.now();
  const matrix = buildMatrix(computeReachability(compileCluster(cluster)), {
    granularity: 'pod',
    external: false,
  });
  const t1 = performance.now();
  const allowed = new Map(matrix.connections.map((c) => [`${c.src}\u0000${c.dst}`, c.conns]));
  let checks = 0;
  let mismatches = 0;
  const t2 = performance.now();
  for (const src of cluster.endpoints) {
    for (const dst of cluster.endpoints) {
      if (src === dst) continue;
      const conns = allowed.get(`${src.id}\u0000${dst.id}`);
      for (const [protocol, port] of SAMPLE_PORTS) {
        checks++;
        const naive = naiveAllowed(cluster, src, dst, port, protocol);
        if (naive !== (conns !== undefined && connsAllow(conns, protocol, port))) mismatches++;
      }
    }
  }
  const t3 = performance.now();
  process.stdout.write(
    `${JSON.stringify({
      size: name,
      pods: cluster.endpoints.length,
      policies: cluster.policies.length,
      engineMs: t1 - t0,
      naiveMs: t3 - t2,
      naiveSampledPorts: SAMPLE_PORTS.length,
      checks,
      mismatches,
    })}\n`,
  );
}
