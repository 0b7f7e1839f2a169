/**
 * One measured run in a fresh process: parse, model, compile, reachability, matrix and render
 * of one input file, then the phase times (ms), peak RSS (MiB) and sizes as one JSON line.
 * `measure FILE [pod|workload|namespace] [--no-extras] [--heap-snapshot]`; extras are single
 * checks after load and the re-evaluation after one policy edit.
 */
import { readFileSync } from 'node:fs';
import { writeHeapSnapshot } from 'node:v8';
import { checkConnection } from '../src/engine/check.js';
import { compileCluster } from '../src/engine/compile.js';
import { buildMatrix, type Granularity } from '../src/engine/matrix.js';
import { computeReachability } from '../src/engine/reachability.js';
import type { Target } from '../src/engine/targets.js';
import { normalizeObjects } from '../src/model/normalize.js';
import { matrixJsonChunks } from '../src/render/json.js';
import { parseInputs } from '../src/sources/parse.js';

const args = process.argv.slice(2);
const [file, granularityArg] = args.filter((a) => !a.startsWith('--'));
if (file === undefined) throw new Error('usage: measure FILE [pod|workload|namespace] [--no-extras]');
const granularity = (granularityArg ?? 'pod') as Granularity;
const extras = !args.includes('--no-extras');
const text = readFileSync(file, 'utf8');

/** CPU time of this process so far, all threads, in ms: what a busy machine does not inflate. */
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const c0 = cpu();
const t0 = performance.now();
const parsed = parseInputs([{ name: file, text }]);
const t1 = performance.now();
const c1 = cpu();
const cluster = normalizeObjects(parsed.objects, parsed.locator);
const t2 = performance.now();
const compiled = compileCluster(cluster);
const tc = performance.now();
const reach = computeReachability(compiled);
const tr = performance.now();
const matrix = buildMatrix(reach, { granularity });
const t3 = performance.now();
// `--heap-snapshot`: what is alive once the matrix is built, the run's high-water mark.
if (args.includes('--heap-snapshot')) console.error(`heap snapshot: ${writeHeapSnapshot()}`);
let bytes = 0;
for (const chunk of matrixJsonChunks(matrix, cluster.diagnostics)) bytes += Buffer.byteLength(chunk);
const t4 = performance.now();
const c4 = cpu();

let checkUs = Number.NaN;
let reevaluate = Number.NaN;
let allowed = 0;
if (extras) {
  // Single checks after load: random pod pairs on port 8080.
  const endpoints = cluster.endpoints;
  const checks = 2000;
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % endpoints.length;
  };
  const k0 = performance.now();
  for (let i = 0; i < checks; i++) {
    const src: Target = { type: 'endpoint', endpoint: endpoints[next()]! };
    const dst: Target = { type: 'endpoint', endpoint: endpoints[next()]! };
    if (checkConnection(compiled, src, dst, 8080, 'TCP').allowed) allowed++;
  }
  checkUs = ((performance.now() - k0) / checks) * 1000;
  // Re-evaluation after editing one policy (what the studio does on a keystroke).
  const edited = { ...cluster, policies: cluster.policies.slice(1) };
  const r0 = performance.now();
  buildMatrix(computeReachability(compileCluster(edited)), { granularity: 'workload' });
  reevaluate = performance.now() - r0;
}

process.stdout.write(
  `${JSON.stringify({
    parse: t1 - t0,
    model: t2 - t1,
    compile: tc - t2,
    reach: tr - tc,
    matrix: t3 - tr,
    evaluate: t3 - t2,
    render: t4 - t3,
    total: t4 - t0,
    parseCpu: c1 - c0,
    totalCpu: c4 - c0,
    checkUs,
    reevaluate,
    rssMiB: process.resourceUsage().maxRSS / 1024,
    pods: cluster.endpoints.length,
    policies: cluster.policies.length,
    namespaces: cluster.namespaces.size,
    classes: reach.classes.length,
    connections: matrix.connections.length,
    outputMiB: bytes / 1024 / 1024,
    allowedChecks: allowed,
  })}\n`,
);
