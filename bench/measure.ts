/**
 * One measured run in a fresh process: parse, model, evaluate and render one input file, then
 * print the phase times (ms) and the peak RSS (MiB) as one JSON line.
 */
import { readFileSync } from 'node:fs';
import { checkConnection } from '../src/engine/check.js';
import { compileCluster } from '../src/engine/compile.js';
import { buildMatrix, type Granularity } from '../src/engine/matrix.js';
import { computeReachability } from '../src/engine/reachability.js';
import type { Target } from '../src/engine/targets.js';
import { normalizeObjects } from '../src/model/normalize.js';
import { matrixJsonChunks } from '../src/render/json.js';
import { parseInputs } from '../src/sources/parse.js';

const [file, granularityArg] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: measure FILE [pod|workload|namespace]');
const granularity = (granularityArg ?? 'pod') as Granularity;
const text = readFileSync(file, 'utf8');

const t0 = performance.now();
const parsed = parseInputs([{ name: file, text }]);
const t1 = performance.now();
const cluster = normalizeObjects(parsed.objects, parsed.locator);
const t2 = performance.now();
const compiled = compileCluster(cluster);
const reach = computeReachability(compiled);
const matrix = buildMatrix(reach, { granularity });
const t3 = performance.now();
let bytes = 0;
for (const chunk of matrixJsonChunks(matrix, cluster.diagnostics)) bytes += chunk.length;
const t4 = performance.now();

// Single checks after load: random pod pairs on port 8080.
const endpoints = cluster.endpoints;
const checks = 2000;
let seed = 7;
const next = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % endpoints.length;
};
const c0 = performance.now();
let allowed = 0;
for (let i = 0; i < checks; i++) {
  const src: Target = { type: 'endpoint', endpoint: endpoints[next()]! };
  const dst: Target = { type: 'endpoint', endpoint: endpoints[next()]! };
  if (checkConnection(compiled, src, dst, 8080, 'TCP').allowed) allowed++;
}
const c1 = performance.now();

// Re-evaluation after editing one policy (what the studio does on a keystroke).
const edited = { ...cluster, policies: cluster.policies.slice(1) };
const r0 = performance.now();
buildMatrix(computeReachability(compileCluster(edited)), { granularity: 'workload' });
const r1 = performance.now();

process.stdout.write(
  `${JSON.stringify({
    parse: t1 - t0,
    model: t2 - t1,
    evaluate: t3 - t2,
    render: t4 - t3,
    total: t4 - t0,
    checkUs: ((c1 - c0) / checks) * 1000,
    reevaluate: r1 - r0,
    rssMiB: process.resourceUsage().maxRSS / 1024,
    pods: cluster.endpoints.length,
    policies: cluster.policies.length,
    classes: reach.classes.length,
    connections: matrix.connections.length,
    outputMiB: bytes / 1024 / 1024,
    allowedChecks: allowed,
  })}\n`,
);
